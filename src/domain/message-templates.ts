import { smsLength } from './sms-segments.js';

/**
 * Every message a person receives is one of these kinds. Aliyun sends only approved
 * templates, so each kind is a template (fixed text with ${variables}, each variable at most
 * 35 characters) registered under a template code; the console and WeChat channels render
 * the same text, so what a worker reads does not depend on the channel.
 */
export interface TemplateDef {
  /** Template text as registered with Aliyun; `${name}` marks a variable. */
  text: string;
  /** Aliyun template type: it decides the opt-out wording and frequency limits. */
  smsType: 'notification' | 'promotion' | 'verification';
  /** Code used when SMS_TEMPLATE_CODES does not name one (the console driver needs none). */
  defaultCode: string;
}

// Aliyun: a promotional template must end with 拒收请回复R; a notification must not carry it.
// Job alerts are promotional (they advertise an employer's opening), replies are notifications.
export const TEMPLATES = {
  // `terms`: the wage, then as many of the terms as fit one segment (opening-terms.ts alertTerms;
  // a day-labour alert always says when it starts), docs/honest-posts.md.
  job_alert: {
    text: '${workshop}在${place}招${title}，${terms}。回BM${code}报名，拒收请回复R',
    smsType: 'promotion',
    defaultCode: 'SMS_GUIYAN_JOB_ALERT',
  },
  subscribed: {
    text: '订阅成功：${skills}，${place}。有合适的岗位会短信告诉您。回TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_SUBSCRIBED',
  },
  subscribe_incomplete: {
    text: '请同时告诉我们您会的活和住的地方，如：DY缝纫新街。还缺：${missing}',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_SUBSCRIBE_INCOMPLETE',
  },
  unsubscribed: {
    text: '已退订，不会再给您发岗位短信。以后想收，回复DY即可重新订阅。',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_UNSUBSCRIBED',
  },
  // Erasure (docs/outcomes.md): 注销 opts out and offers erasure; 1 confirms it.
  erase_offer: {
    text: '已退订，不再发岗位短信。回1确认注销全部资料（姓名、电话、住址、技能和短信内容都删除）',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_ERASE_OFFER',
  },
  erased: {
    text: '您的资料已全部删除，只留退订记录。以后想收岗位，回复DY重新订阅。',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_ERASED',
  },
  help: {
    text: '回复DY加技能和地址订阅(如DY缝纫新街)，GW查岗位，BM加编号报名，ZT暂停，TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_HELP',
  },
  employer_new_applicant: {
    text: '您的岗位${title}(编号${code})有人报名，电话${phone}，请尽快联系。',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_EMPLOYER_APPLICANT',
  },
  // A hired worker answered 没去成 (docs/after-hire.md): the employer may hire again.
  employer_no_show: {
    text: '您录用的${phone}说没去${title}(编号${code})上工，还缺人可在归雁重新招。',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_EMPLOYER_NO_SHOW',
  },
  // A station's own short text to workers who subscribed: a notification, so it ends with the
  // service's own opt-out (TD works in every conversation state), not Aliyun's promotional one.
  reminder: {
    text: '${sender}提醒：${message}。回TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_REMINDER',
  },
  // The chat-bot's replies (src/domain/conversation.ts).
  skill_menu: {
    text: '回复会的活的编号，可多选如1 3：${menu}。也可直接写活名，回0返回',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_SKILL_MENU',
  },
  ask_place: {
    text: '记下了：${skills}。请回复您住的乡镇或村，如新街镇。回0返回上一步',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_ASK_PLACE',
  },
  ask_new_place: {
    text: '请回复您现在住的乡镇或村，如新街镇。回0返回',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_ASK_NEW_PLACE',
  },
  place_menu: {
    text: '有几处同名，请回编号：${options}。都不是请加县名重发，回0返回',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PLACE_MENU',
  },
  place_not_found: {
    text: '没找到这个地方，请回复您住的乡镇或村名，如新街镇。回0返回上一步',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PLACE_NOT_FOUND',
  },
  confirm_subscribe: {
    text: '请确认订阅：${skills}，${place}。回1确认，回0返回修改',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_CONFIRM_SUBSCRIBE',
  },
  dialog_cancelled: {
    text: '已取消，没有做任何修改。需要时回DY订阅，回BZ看帮助',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_DIALOG_CANCELLED',
  },
  not_subscribed: {
    text: '您还没有订阅。回复DY加会的活和住的地方订阅，如DY缝纫新街',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_NOT_SUBSCRIBED',
  },
  // A worker who opted out asks to receive again in words of their own (之前说了不要发 现在又想要了):
  // the answer to their own text says how, and nothing is resumed until they subscribe anew.
  resubscribe_how: {
    text: '您之前退订了，现在收不到岗位短信。想重新接收，回复DY加会的活和住的地方，如DY缝纫新街',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_RESUBSCRIBE_HOW',
  },
  // A worker who opted out asks whether they are still subscribed (我还订着吗, 我是不是退订了): the answer to
  // their own text says they are not and how to come back (Round 25); nothing else is sent to them.
  unsubscribed_status: {
    text: '您已经退订了，现在收不到岗位短信。想重新接收，回复DY加会的活和住的地方',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_UNSUBSCRIBED_STATUS',
  },
  status: {
    text: '您订阅了${skills}，${place}，目前${state}。回ZT暂停，HF恢复，TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_STATUS',
  },
  jobs_none: {
    text: '附近暂时没有适合您的岗位，有了会马上告诉您。回BZ看帮助',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_JOBS_NONE',
  },
  job_listing: {
    text: '${workshop}招${title}，${wage}，在${place}，编号${code}，回BM加编号报名',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_JOB_LISTING',
  },
  apply_ok: {
    text: '报名成功：${workshop}(编号${code})。老板会打电话联系您，请留意来电',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_APPLY_OK',
  },
  apply_already: {
    text: '您已报名编号${code}的岗位，老板会联系您，请留意来电',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_APPLY_ALREADY',
  },
  apply_closed: {
    text: '编号${code}的岗位已停止招人。回GW看看附近别的岗位',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_APPLY_CLOSED',
  },
  apply_unknown: {
    text: '没有编号${code}的岗位，请核对编号。回GW查看附近岗位',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_APPLY_UNKNOWN',
  },
  apply_need_code: {
    text: '请回复BM加岗位编号报名，如BM1024。回GW查看附近岗位',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_APPLY_NEED_CODE',
  },
  apply_need_phone: {
    text: '报名需要手机号，方便老板联系您。请回复绑定加手机号，如绑定13812345678',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_APPLY_NEED_PHONE',
  },
  // Past the per-phone application limits (APPLY_LIMIT_PER_HOUR / _PER_DAY): said once per window.
  apply_limited: {
    text: '报名太频繁，这次没有报上，请${wait}再报。已报的岗位老板会联系您',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_APPLY_LIMITED',
  },
  // Past TEXT_CHANGES_PER_DAY: said once; an opt-out still works.
  changes_limited: {
    text: '今天修改次数太多，这次没有改，请明天再试。回TD仍可退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_CHANGES_LIMITED',
  },
  // A text that may have been a request to stop (conversation.ts, optout_confirm): alerts are
  // already paused while the worker answers.
  optout_ask: {
    text: '您是要退订吗？已先停发岗位。回TD退订，回1继续接收',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_OPTOUT_ASK',
  },
  // The reader could not tell what a text wants (conversation.ts, clarify): ask, do not guess.
  clarify: {
    text: '没看明白您的意思，请回数字：回1找工作 2查岗位 3暂停 4退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_CLARIFY',
  },
  paused: {
    text: '已暂停，不再发岗位，想收时回HF恢复。回TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PAUSED',
  },
  paused_until: {
    text: '已暂停，${until}前不发岗位。想早点收，回HF恢复',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PAUSED_UNTIL',
  },
  resumed: {
    text: '已恢复，有合适的岗位会告诉您。回ZT暂停，回TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_RESUMED',
  },
  skills_updated: {
    text: '已改为：${skills}。有这些活会告诉您。回WD查看订阅',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_SKILLS_UPDATED',
  },
  place_updated: {
    text: '地址已改为${place}，以后按这里找附近的活。回WD查看订阅',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PLACE_UPDATED',
  },
  location_place: {
    text: '已收到位置，离您最近的是${place}，已按这里找活。不对请回复乡镇名',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_LOCATION_PLACE',
  },
  location_no_place: {
    text: '已收到位置。我们还没有乡镇位置资料，认不出是哪个乡镇，请回复乡镇名',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_LOCATION_NO_PLACE',
  },
  location_far: {
    text: '已收到位置，但附近30公里内没有我们服务的乡镇，请回复您住的乡镇名',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_LOCATION_FAR',
  },
  wechat_text_only: {
    text: '暂时只能看懂文字和位置，请打字告诉我们，如DY缝纫新街。回BZ看帮助',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_WECHAT_TEXT_ONLY',
  },
  wechat_welcome: {
    text: '欢迎关注归雁就业！回复DY订阅岗位，如DY缝纫新街；回BZ看帮助',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_WECHAT_WELCOME',
  },
  bind_code: {
    text: '验证码${code}，10分钟内有效，用于绑定归雁就业微信。如非本人操作请忽略',
    smsType: 'verification',
    defaultCode: 'SMS_GUIYAN_BIND_CODE',
  },
  bind_code_sent: {
    text: '验证码已发到${phone}，请在10分钟内回复6位验证码',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_BIND_CODE_SENT',
  },
  bind_rate_limited: {
    text: '验证码发得太频繁，请${wait}后再试',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_BIND_RATE_LIMITED',
  },
  bind_done: {
    text: '绑定成功，手机${phone}和微信已是同一个账号。回微信接收或短信接收选收消息方式',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_BIND_DONE',
  },
  bind_done_opted_out: {
    text: '绑定成功。这个号码以前退订过，想收岗位请回DY重新订阅',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_BIND_DONE_OPTED_OUT',
  },
  bind_bad_code: {
    text: '验证码不对，请核对后再发，或回复绑定加手机号重新获取',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_BIND_BAD_CODE',
  },
  bind_expired: {
    text: '验证码已过期或错太多次，请回复绑定加手机号重新获取',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_BIND_EXPIRED',
  },
  bind_bad_phone: {
    text: '请回复绑定加11位手机号，如绑定13812345678',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_BIND_BAD_PHONE',
  },
  bind_in_wechat: {
    text: '绑定请在归雁就业微信公众号里发送：绑定加手机号',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_BIND_IN_WECHAT',
  },
  channel_set: {
    text: '好的，以后用${channel}给您发岗位。回WD查看订阅',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_CHANNEL_SET',
  },
  channel_need_phone: {
    text: '还没有绑定手机号，请先回复绑定加手机号，如绑定13812345678',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_CHANNEL_NEED_PHONE',
  },
  channel_need_wechat: {
    text: '请先关注归雁就业微信公众号，在公众号里发送绑定加本手机号',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_CHANNEL_NEED_WECHAT',
  },
  // A report (举报, 欠薪) opened a case (docs/cases.md): its number, the station's deadline, the
  // 12333 hotline and the national unpaid-wage platform, in one segment.
  case_opened: {
    text: '已登记，案件号${no}，${due}前站里联系您。也可打12333或微信搜国务院客户端小程序“根治欠薪线索反映”',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_CASE_OPENED',
  },
  // A repeated report of the same opening within a day: it joins the case, nothing new opens.
  case_joined: {
    text: '已记入案件号${no}，不用重复发，${due}前站里联系您。急事可打12333',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_CASE_JOINED',
  },
  // A report naming a code no opening has: the case still opens, to be checked by the station.
  case_no_opening: {
    text: '没有编号${code}的岗位，仍已登记案件号${no}，${due}前站里联系您核实。也可打12333',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_CASE_NO_OPENING',
  },
  // After a hire (src/domain/after-hire.ts, docs/after-hire.md): the station's texts to the
  // worker, each with the service's own opt-out, and the answers to the worker's replies.
  after_hire_start: {
    text: '上工提醒：${start}到${place}开工（${title}），记得带身份证。回TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_AFTER_HIRE_START',
  },
  // The start or the place changed after the reminder went (docs/after-hire.md).
  after_hire_start_changed: {
    text: '上工有变：${start}到${place}开工（${title}），以这条为准。回TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_AFTER_HIRE_START_CHANGED',
  },
  after_hire_arrival: {
    text: '您到${job}上工了吗？回1已到岗 2没去成。回TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_AFTER_HIRE_ARRIVAL',
  },
  after_hire_pay: {
    text: '${job}的第一笔工资到账了吗？回1工资已到账 2没拿到。回TD退订',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_AFTER_HIRE_PAY',
  },
  after_hire_arrived: {
    text: '好的，已记下您到岗。干活注意安全，工资没按时发可回复欠薪。',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_AFTER_HIRE_ARRIVED',
  },
  after_hire_no_show: {
    text: '已记下您没去成。想找别的活，回GW查岗位。',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_AFTER_HIRE_NO_SHOW',
  },
  after_hire_paid: {
    text: '好的，已记下工资到账，祝干活顺利。',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_AFTER_HIRE_PAID',
  },
  // The full terms of one opening, for a worker who texts its code (1003, 详情1003): at most two
  // segments (docs/honest-posts.md), the only reply allowed more than one.
  opening_details: {
    text: '${workshop}招${title}：${pay}；${start}；${extras}。回BM${code}报名',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_OPENING_DETAILS',
  },
  // The wage benchmark (缝纫 工价): the median pay of past openings of a skill in a county.
  wage_benchmark: {
    text: '${place}的${skill}活近一年工价：${pay}（${count}个岗位的中位数）。回GW查岗位',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_WAGE_BENCHMARK',
  },
  // Fewer than three past openings: a median of one or two would mislead.
  wage_benchmark_few: {
    text: '${place}的${skill}活近一年只有${count}个岗位，太少，还算不出可靠的工价。回GW查岗位',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_WAGE_BENCHMARK_FEW',
  },
  wage_benchmark_need: {
    text: '请回活名加工价，如：缝纫 工价。没订阅的请加县名，如：元阳 缝纫 工价',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_WAGE_BENCHMARK_NEED',
  },
  /** Reverse match: up to 3 open openings for a worker who just subscribed or changed skills or place. */
  opening_digest: {
    text: '适合您的岗位：${list}。回BM加编号报名，拒收请回复R',
    smsType: 'promotion',
    defaultCode: 'SMS_GUIYAN_OPENING_DIGEST',
  },
  // Shared phones (docs/shared-phones.md, src/domain/household.ts). An alert to a phone several
  // people share names whom it is for and how each applies (who: 1号张三、2号李四; reply:
  // BM1003 1或BM1003 2): one message for everyone on the phone the opening fits.
  shared_job_alert: {
    text: '${who}：${workshop}在${place}招${title}，${terms}。回${reply}报名，拒收请回复R',
    smsType: 'promotion',
    defaultCode: 'SMS_GUIYAN_SHARED_JOB_ALERT',
  },
  person_pick: {
    text: '这个号码有几个人，编号${code}给谁报名？请回：${options}。回0取消',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PERSON_PICK',
  },
  person_ask_name: {
    text: '给这个号码加一个人：请回复他的名字或称呼，如李秀英、奶奶。回0取消',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PERSON_ASK_NAME',
  },
  person_added: {
    text: '已加上${who}：${skills}，${place}。给他报名回BM编号加空格${slot}，回TD${n}只退订他',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PERSON_ADDED',
  },
  person_unsubscribed: {
    text: '已退订${who}，这个号码的其他人照常接收。全部退订回TD',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PERSON_UNSUBSCRIBED',
  },
  person_full: {
    text: '这个号码已登记${max}个人，不能再加了。回BZ看帮助',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_PERSON_FULL',
  },
  // The employer's notice for an applicant on a shared phone: the same number may call for several.
  employer_new_applicant_named: {
    text: '您的岗位${title}(编号${code})有人报名：${name}，电话${phone}，请尽快联系。',
    smsType: 'notification',
    defaultCode: 'SMS_GUIYAN_EMPLOYER_APPLICANT_NAMED',
  },
} as const satisfies Record<string, TemplateDef>;

export type MessageKindName = keyof typeof TEMPLATES;

type VarsOf<S extends string> = S extends `${string}\${${infer V}}${infer Rest}` ? V | VarsOf<Rest> : never;
export type TemplateParams<K extends MessageKindName> = Record<VarsOf<(typeof TEMPLATES)[K]['text']>, string>;

export const MAX_VARIABLE_CHARS = 35;

export interface RenderedMessage {
  kind: MessageKindName;
  templateCode: string;
  /** Variables as sent to Aliyun (all strings, each clipped to 35 characters). */
  params: Record<string, string>;
  /** The text without the signature: what the console and WeChat show. */
  text: string;
}

/** Variable names of a template, in order of appearance. */
export function templateVariables(text: string): string[] {
  return [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1] as string);
}

/** Shortens a variable to Aliyun's limit, marking the cut so a reader knows text is missing. */
export function clipVariable(value: string, max = MAX_VARIABLE_CHARS): string {
  const chars = [...value.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

export function renderTemplate(text: string, params: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** Renders a message kind: its template code, clipped variables and the text a person reads. */
export function renderMessage<K extends MessageKindName>(
  kind: K,
  params: TemplateParams<K>,
  codes: Partial<Record<MessageKindName, string>> = {},
): RenderedMessage {
  const def: TemplateDef = TEMPLATES[kind];
  const clipped: Record<string, string> = {};
  for (const name of templateVariables(def.text)) {
    const value = (params as Record<string, string | undefined>)[name];
    if (value === undefined) throw new Error(`message ${kind} needs variable ${name}`);
    clipped[name] = clipVariable(value);
  }
  return { kind, templateCode: codes[kind] ?? def.defaultCode, params: clipped, text: renderTemplate(def.text, clipped) };
}

/** The registry as Aliyun (and the fake server) sees it: template code → text and variables. */
export function aliyunTemplateRegistry(
  codes: Partial<Record<MessageKindName, string>> = {},
): Record<string, { text: string; vars: string[]; kind: TemplateDef['smsType'] }> {
  const out: Record<string, { text: string; vars: string[]; kind: TemplateDef['smsType'] }> = {};
  for (const [kind, def] of Object.entries(TEMPLATES) as [MessageKindName, TemplateDef][]) {
    out[codes[kind] ?? def.defaultCode] = { text: def.text, vars: templateVariables(def.text), kind: def.smsType };
  }
  return out;
}

/** Length of a template with its variables empty: the fixed part every message pays for. */
export function fixedLength(kind: MessageKindName): number {
  return smsLength(renderTemplate(TEMPLATES[kind].text, {}));
}
