import type { Intent, ReadMessage } from './message-reader.js';
import { resolvePauseUntil } from './message-reader.js';
import type { MessageKindName, TemplateParams } from './message-templates.js';
import { normalizePhone, maskPhone } from './phone.js';
import { equallyGood, placeLabel, placeOptions, type PlaceRef } from './dialog-places.js';
import { SKILLS } from './skills.js';
import { readAnswer, type OpenQuestionKind } from './after-hire.js';
import { isLoneCode } from './reader-details.js';

export { equallyGood, placeBase, placeLabel, placeOptions, type PlaceRef } from './dialog-places.js';

/**
 * The chat-bot's decisions, pure: (dialog state, what the text says, who sent it) → (new dialog
 * state, what to change, what to answer). The conversation service loads the state from Redis
 * and the worker from the database, applies the actions and queues the replies.
 *
 * Rules that hold in every state: an opt-out wins and is confirmed once; help and status are
 * answered without being taken as an answer to the question asked; after an opt-out nothing is
 * answered but a new subscription.
 */

/** Where a worker is in a dialog; `idle` when no question is open. */
export type DialogState =
  | { step: 'idle'; offered?: string[] }
  | { step: 'sub_skills'; place?: PlaceRef }
  | { step: 'sub_place'; skills: string[] }
  | { step: 'sub_place_choice'; skills: string[]; candidates: PlaceRef[] }
  | { step: 'sub_confirm'; skills: string[]; place: PlaceRef }
  | { step: 'edit_skills' }
  | { step: 'edit_place' }
  | { step: 'edit_place_choice'; candidates: PlaceRef[] }
  | { step: 'bind_code'; phone: string }
  /** A text that may have been a request to stop: alerts are paused until the worker answers. */
  | { step: 'optout_confirm' }
  /** Neither rules nor model understood a text: the numbered question of CLARIFY_CHOICES was asked. */
  | { step: 'clarify' }
  /** 注销 was read (an opt-out) and 回1确认注销全部资料 asked (docs/outcomes.md). */
  | { step: 'erase_confirm' };

export const IDLE: DialogState = { step: 'idle' };

/** What we know of the sender when a message arrives. */
export interface WorkerView {
  /** 'unknown': no worker row for this sender yet. */
  status: 'active' | 'paused' | 'opted_out' | 'unknown';
  skills: string[];
  place: { code: string; label: string } | null;
  pausedUntil: Date | null;
  phone: string | null;
  wechatOpenId: string | null;
  /** The channel this message came in on. */
  channel: 'sms' | 'wechat';
  /**
   * A question after a hire the worker was asked and has not answered (docs/after-hire.md),
   * read from the database, not the chat memory: the answer may come a day later.
   */
  openQuestion?: OpenQuestion | null;
}

export interface OpenQuestion {
  kind: OpenQuestionKind;
  applicationId: number;
  /** The hire's opening, for the case a 没拿到 opens. */
  openingCode: string;
}

export type Reply = { [K in MessageKindName]: { kind: K; params: TemplateParams<K> } }[MessageKindName];

export type ConversationAction =
  | { type: 'subscribe'; skills: string[]; divisionCode: string }
  /** `person`: one person of a shared phone (TD 2); without it, everyone on the phone (docs/shared-phones.md). */
  | { type: 'opt_out'; person?: number }
  | { type: 'set_skills'; skills: string[] }
  | { type: 'set_place'; divisionCode: string }
  | { type: 'pause'; until: Date | null }
  | { type: 'resume' }
  /** The service finds openings and answers with jobsReply(). */
  | { type: 'list_jobs' }
  /** The service looks the code up and answers with applyReply(). */
  | { type: 'apply'; code: string; person?: number }
  /** 加一个人 answered to the end: a new person on the sender's phone (src/domain/household.ts). */
  | { type: 'add_person'; slot: number; name: string; skills: string[]; divisionCode: string }
  /** The service checks the send limits, sends the code by SMS and answers. */
  | { type: 'bind_start'; phone: string }
  /** The service checks the code and merges the accounts. */
  | { type: 'bind_verify'; phone: string; code: string }
  | { type: 'set_channel'; channel: 'sms' | 'wechat' }
  /** Alerts by phone call (打电话通知) or not (不要打电话): docs/aliyun-voice.md. */
  | { type: 'set_calls'; on: boolean }
  /**
   * A report (举报, 欠薪): the service opens or joins a case and answers with its number (docs/cases.md).
   * `words`: what the case records when the text alone says little (a bare 2 to the pay question).
   */
  | { type: 'report'; code: string | null; words?: string }
  /** The worker confirmed 注销: their data is erased, the consent record kept (docs/outcomes.md). */
  | { type: 'erase' }
  /** An answer to a question after a hire: the service records it (docs/after-hire.md). */
  | { type: 'after_hire_answer'; applicationId: number; question: OpenQuestionKind; answer: 'yes' | 'no' }
  /** 1003, 详情1003: the service answers with the opening's full terms (docs/honest-posts.md). */
  | { type: 'details'; code: string }
  /**
   * 包吃住吗, 那个缝纫的管饭不: a terms question without a code (Round 35). The service answers with the full terms of the
   * opening last alerted to the worker (one of `skills` when the text names any), or as list_jobs when there is none.
   */
  | { type: 'details_alerted'; skills: string[] }
  /** 缝纫 工价: the service answers with the median pay of past openings of the skill in the county. */
  | { type: 'wage_query'; skill: string; divisionCode: string };

export interface Step {
  state: DialogState;
  actions: ConversationAction[];
  /** The reply, or null when nothing may be sent or the service composes it from an action. */
  reply: Reply | null;
  /**
   * Set for answers to text we did not understand: the service answers the same text from the
   * same sender at most once an hour.
   */
  throttleKey?: string;
}

/** Skills offered in the numbered menu: the work Honghe's workshops and farms ask for most. */
export const SKILL_MENU: readonly string[] = ['缝纫', '刺绣', '编织', '手工', '包装', '采摘', '种植', '普工', '搬运'];

export function skillMenuText(): string {
  return SKILL_MENU.map((s, i) => `${i + 1}${s}`).join('');
}

const EXPLICIT_SUBSCRIBE_RE = /^(dy|dingyue|sub|subscribe)|订阅|定阅|订月|定月|订悦|重新订|注册|登记|找工作|找活|打工|上班|通知我|告诉我/;
const NO_RE = /^(不|不对|不是|错了|搞错了|写错了|不是的|不行|no|n)$/;
const BACK_RE = /^(0|返回|返回上一步|上一步|退回|回上一步|back|fh)$/;
const CHANNEL_RE = /^(改|改成|改为|换成|用|要|我要)?(微信|短信)(接收|收|通知|提醒|发)$/;
const BIND_RE = /^(绑定|绑|bd|bangding)\s*(?:手机号?|号码|电话)?\s*[:：]?\s*([+0-9][0-9 -]{0,19})$/;
const BIND_WORD_RE = /^(绑定|bd|bangding)(手机号?|号码|电话)?$/;
/**
 * Asking to have one's data erased, alone (docs/outcomes.md): an opt-out as ever, and the reply
 * also offers erasure. Longer texts with 注销 (注销订阅, 别发了注销) are opt-outs only.
 */
export const ERASE_RE = /^(注销|注销(我的)?(全部)?(资料|信息|账号|帐号)|删除(我的)?(全部)?(资料|信息))$/;
/** The answer that confirms erasure: 1, 确认, 确认注销. */
const ERASE_YES_RE = /^(1|确认|确认注销|确认注销全部资料|确定)$/;

/** "12月9日" in Beijing time. */
export function formatDay(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3_600_000);
  return `${b.getUTCMonth() + 1}月${b.getUTCDate()}日`;
}

function skillsText(skills: readonly string[]): string {
  return skills.length ? skills.join('、') : '普工';
}

/** A pause whose end has passed is over, whether or not the sweep has caught up. */
export function effectiveStatus(w: Pick<WorkerView, 'status' | 'pausedUntil'>, now: Date): WorkerView['status'] {
  if (w.status === 'paused' && w.pausedUntil && w.pausedUntil.getTime() <= now.getTime()) return 'active';
  return w.status;
}

function statusReply(w: WorkerView, now: Date): Reply {
  const status = effectiveStatus(w, now);
  if (status === 'unknown' || !w.place) return { kind: 'not_subscribed', params: {} };
  const state = status === 'paused' ? (w.pausedUntil ? `暂停到${formatDay(w.pausedUntil)}` : '暂停中') : '正常接收岗位';
  return { kind: 'status', params: { skills: skillsText(w.skills), place: w.place.label, state } };
}

const CN_ORDINAL: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * The numbers a worker picked from a menu: "1 3", "1、3", "第二个", and "13" for 1 and 3 when
 * the menu has no item 13 (phones without a space key).
 */
export function menuNumbers(read: ReadMessage, compact: string, size: number): number[] {
  const spoken = /^(?:选|我选|要)?第?([一二两三四五六七八九])(?:个|号|项)?$/.exec(compact);
  if (spoken?.[1]) return [CN_ORDINAL[spoken[1]] as number];
  const picked = read.menuChoices;
  if (picked.length === 1 && (picked[0] as number) > size && /^[1-9]{2,9}$/.test(String(picked[0]))) {
    const digits = [...String(picked[0])].map(Number);
    if (digits.every((d) => d <= size) && new Set(digits).size === digits.length) return digits;
  }
  return picked;
}

function menuSkills(read: ReadMessage, compact: string): string[] | null {
  const picked = menuNumbers(read, compact, SKILL_MENU.length);
  if (picked.length === 0) return null;
  if (picked.some((n) => n < 1 || n > SKILL_MENU.length)) return null;
  return picked.map((n) => SKILL_MENU[n - 1] as string);
}

/** Account commands the reader does not know: binding a phone, the code, the preferred channel. */
type AccountCommand =
  | { type: 'bind'; phone: string | null }
  | { type: 'bind_word' }
  | { type: 'channel'; channel: 'sms' | 'wechat' }
  | null;

function readAccountCommand(normalized: string): AccountCommand {
  const t = normalized.trim();
  const bind = BIND_RE.exec(t);
  if (bind) return { type: 'bind', phone: normalizePhone(bind[2] ?? '') };
  if (BIND_WORD_RE.test(t.replace(/\s/g, ''))) return { type: 'bind_word' };
  const ch = CHANNEL_RE.exec(t.replace(/\s/g, ''));
  if (ch) return { type: 'channel', channel: ch[2] === '微信' ? 'wechat' : 'sms' };
  return null;
}

const stay = (state: DialogState, reply: Reply | null, actions: ConversationAction[] = []): Step => ({ state, actions, reply });

/**
 * One message in a conversation. `now` decides pause ends and what counts as an expired pause.
 */
export function converse(state: DialogState, read: ReadMessage, worker: WorkerView, now: Date): Step {
  const compact = read.normalized.replace(/[\s\p{P}\p{S}]/gu, '');
  const optedOut = worker.status === 'opted_out';

  // 1. The binding code: exactly six digits while a code is pending, even 000000, which the
  // reader would take for the carriers' 0000 opt-out.
  if (state.step === 'bind_code' && /^[0-9]{6}$/.test(compact)) {
    return stay(IDLE, null, [{ type: 'bind_verify', phone: state.phone, code: compact }]);
  }

  // 1b. Erasure, two steps (docs/outcomes.md): 注销 opts out at once and asks 回1确认注销全部资料;
  // 1 (while asked) erases. Any other answer leaves the question and is read as usual. Answered
  // after an opt-out too: it is the answer to the worker's own request.
  if (state.step === 'erase_confirm' && ERASE_YES_RE.test(compact)) return stay(IDLE, { kind: 'erased', params: {} }, [{ type: 'erase' }]);
  if (state.step === 'erase_confirm') return converse(IDLE, read, worker, now);
  if (ERASE_RE.test(compact)) {
    if (worker.status === 'unknown') return stay(IDLE, null, [{ type: 'opt_out' }]);
    return { state: { step: 'erase_confirm' }, actions: optedOut ? [] : [{ type: 'opt_out' }], reply: { kind: 'erase_offer', params: {} }, throttleKey: compact };
  }

  // A number alone (1024): the reader cannot tell a job code from a year or a count and says
  // unknown; here, where alerts and the job list show codes, it asks for that opening's full
  // terms (docs/honest-posts.md; 报名 takes BM1024), and the service answers when no opening has
  // it. Inside an open question three different digits 1-9 (135) are menu answers, as before.
  if (read.intent === 'unknown' && isLoneCode(compact, read.code)) {
    const menuLike = state.step !== 'idle' && /^[1-9]{2,3}$/.test(compact) && new Set(compact).size === compact.length;
    // A code the job list just offered (回BM加编号报名 after 岗位) is still taken as 报名, as before.
    const offered = state.step === 'idle' && state.offered?.includes(compact);
    return converse(state, menuLike ? { ...read, code: null, menuChoices: [Number(compact)] } : { ...read, intent: offered ? 'apply' : 'details' }, worker, now);
  }

  // 1b. Calls (docs/aliyun-voice.md): 打电话通知 / 语音 asks for alerts by phone call; 不要打电话
  // stops calls only (before the opt-out: it must never stop the SMS alerts).
  if (read.voiceCalls) {
    if (worker.status === 'unknown' || !worker.phone) return stay(IDLE, { kind: 'not_subscribed', params: {} });
    const on = read.voiceCalls === 'on';
    return stay(IDLE, { kind: 'channel_set', params: { channel: on ? '电话' : '短信' } }, [{ type: 'set_calls', on }]);
  }

  // 2. Opt-out, in every state, before anything else. A text that only may be one (天天发烦死了,
  // 我没订过) stops alerts at once and asks; TD then confirms, 1 resumes.
  if (read.intent === 'unsubscribe') {
    // An opt-out that also reports an employer (老板不给工资 TD): the case is opened as well.
    const report: ConversationAction[] = read.alsoReport ? [{ type: 'report', code: read.alsoReport.code }] : [];
    if (optedOut) return stay(IDLE, null, report);
    if (read.optOut === 'unclear') {
      const status = effectiveStatus(worker, now);
      const stop: ConversationAction[] = status === 'active' ? [{ type: 'pause', until: null }] : [];
      return { state: { step: 'optout_confirm' }, actions: [...stop, ...report], reply: { kind: 'optout_ask', params: {} }, throttleKey: compact };
    }
    return stay(IDLE, { kind: 'unsubscribed', params: {} }, [{ type: 'opt_out' }, ...report]);
  }

  // 2a. The answer to a question after a hire (docs/after-hire.md): 1 / 2 or the words of a
  // choice (到了, 没去, 发了, 没拿到). A bare digit is taken only outside a dialog of the
  // worker's own (its menus take numbers); 没发工资 to the pay question is a report and an answer.
  const open = optedOut ? null : worker.openQuestion;
  if (open) {
    const answered = afterHireStep(open, state, read);
    if (answered) return answered;
  }

  // 2b. A report against an employer opens a case in every state, after an opt-out too: the
  // protection does not depend on a subscription, and the answer is to the worker's own text.
  // An open question stays open.
  if (read.intent === 'report') return stay(state, null, [{ type: 'report', code: read.code }]);

  const account = readAccountCommand(read.normalized);
  // 3. After an opt-out only a new subscription is answered (binding is how a WeChat user
  // proves the phone is theirs, not a message to an opted-out phone, so it is allowed too).
  // A bare skill word is read as subscribe, but after an opt-out only an explicit one counts.
  const resubscribing =
    (read.intent === 'subscribe' && (!optedOut || EXPLICIT_SUBSCRIBE_RE.test(compact))) ||
    (state.step !== 'idle' && state.step !== 'bind_code');
  // Asking to receive again in words of one's own (现在又想要了, 重新给我发) is answered with how: a
  // resume or an unspoken sign-up is not the explicit consent a new subscription needs.
  if (optedOut && !resubscribing && account?.type !== 'bind') {
    // At most once an hour for the same text (throttleKey), like the other answers nobody asked for.
    if (read.intent === 'resume' || read.intent === 'subscribe') return { ...stay(IDLE, { kind: 'resubscribe_how', params: {} }), throttleKey: compact };
    // Whether one is still subscribed (我还订着吗, 我是不是退订了, 我的), asked after the opt-out: told so and how
    // to come back, throttled the same way (Round 25); before, nothing was said and the worker was left guessing.
    if (read.intent === 'status') return { ...stay(IDLE, { kind: 'unsubscribed_status', params: {} }), throttleKey: compact };
    return stay(IDLE, null);
  }

  // 4. Help and status: answered in any state, never taken as an answer.
  if (read.intent === 'help' && !account) return stay(state, { kind: 'help', params: {} });
  if (read.intent === 'status') return stay(state, statusReply(worker, now));

  if (account) return accountStep(account, worker);

  // 4b. Questions about openings, answered in any state; an open question stays open.
  if (read.intent === 'details' && read.code) return stay(state, null, [{ type: 'details', code: read.code }]);
  // 包吃住吗, 那个缝纫的管饭不 (Round 35, docs/honest-posts.md): a question about an opening's terms without its code is about
  // the one the job list just offered, when it offered one; else the service answers with the opening last alerted to the
  // worker (within ALERTED_DETAILS_DAYS), or the list when there is none.
  if (read.intent === 'details') {
    const offered = state.step === 'idle' && state.offered?.length === 1 ? state.offered[0] : undefined;
    if (offered) return stay(state, null, [{ type: 'details', code: offered }]);
    return stay(state, null, [{ type: 'details_alerted', skills: read.skills }]);
  }
  if (read.intent === 'wage_query') {
    const skill = read.skills[0];
    const place = read.places[0]?.code ?? worker.place?.code;
    if (!skill || !place) return stay(state, { kind: 'wage_benchmark_need', params: {} });
    return stay(state, null, [{ type: 'wage_query', skill, divisionCode: place }]);
  }

  // 5. An open question takes the answer, or steps back.
  if (state.step === 'optout_confirm' || state.step === 'clarify') {
    const answered = choiceStep(state, read, compact, worker, now);
    if (answered) return answered;
  } else if (state.step !== 'idle') {
    const inDialog = dialogStep(state, read, compact, worker);
    if (inDialog) return inDialog;
  }
  return command(state, read, worker, now);
}

/** The worker's answer to an open question after a hire, or null when the text is not one. */
function afterHireStep(open: OpenQuestion, state: DialogState, read: ReadMessage): Step | null {
  const answer = read.intent === 'report' && open.kind === 'pay' ? 'no' : readAnswer(open.kind, read.normalized, state.step === 'idle');
  if (!answer) return null;
  const record: ConversationAction = { type: 'after_hire_answer', applicationId: open.applicationId, question: open.kind, answer };
  if (open.kind === 'arrival') return stay(state, { kind: answer === 'yes' ? 'after_hire_arrived' : 'after_hire_no_show', params: {} }, [record]);
  if (answer === 'yes') return stay(state, { kind: 'after_hire_paid', params: {} }, [record]);
  // 没拿到: a 欠薪 case about the hire's opening, answered with its number as any report is.
  const words = read.intent === 'report' ? undefined : `${read.normalized}（答“工资到账了吗”：没拿到）`;
  return stay(state, null, [record, { type: 'report', code: open.openingCode, ...(words ? { words } : {}) }]);
}

/** The numbered question asked when the reader could not tell what a text wants. */
export const CLARIFY_CHOICES: readonly Intent[] = ['subscribe', 'list_jobs', 'pause', 'unsubscribe'];

/** Answers to 回TD退订，回1继续接收 and to 回1找工作 2查岗位 3暂停 4退订; null when the text is something else. */
function choiceStep(state: Extract<DialogState, { step: 'optout_confirm' | 'clarify' }>, read: ReadMessage, compact: string, worker: WorkerView, now: Date): Step | null {
  const unread = read.intent === 'unknown' || read.intent === 'confirm';
  const picked = unread ? menuNumbers(read, compact, state.step === 'clarify' ? CLARIFY_CHOICES.length : 1) : [];
  const n = picked.length === 1 ? (picked[0] as number) : null;
  if (state.step === 'optout_confirm') {
    // 1 (or 继续, 恢复): the worker keeps the alerts; the pause taken while asking ends.
    if (n === 1 || read.intent === 'resume') {
      const status = effectiveStatus(worker, now);
      if (status === 'paused') return stay(IDLE, { kind: 'resumed', params: {} }, [{ type: 'resume' }]);
      if (status === 'active') return stay(IDLE, { kind: 'resumed', params: {} });
      return stay(IDLE, { kind: 'not_subscribed', params: {} });
    }
    // 好, 嗯, 可以, another number or a text we cannot read: yes to stopping or to going on? When
    // unclear the alerts stay stopped and the question is asked again (once an hour per text).
    if (unread) return { state, actions: [], reply: { kind: 'optout_ask', params: {} }, throttleKey: compact };
    return null;
  }
  const intent = n !== null ? CLARIFY_CHOICES[n - 1] : undefined;
  if (!intent) return null;
  if (intent === 'unsubscribe') return stay(IDLE, { kind: 'unsubscribed', params: {} }, [{ type: 'opt_out' }]);
  return command(IDLE, { ...read, intent, menuChoices: [], code: null, pause: null }, worker, now);
}

function accountStep(cmd: NonNullable<AccountCommand>, worker: WorkerView): Step {
  if (cmd.type === 'channel') {
    if (cmd.channel === 'sms' && !worker.phone) return stay(IDLE, { kind: 'channel_need_phone', params: {} });
    if (cmd.channel === 'wechat' && !worker.wechatOpenId) return stay(IDLE, { kind: 'channel_need_wechat', params: {} });
    return stay(IDLE, { kind: 'channel_set', params: { channel: cmd.channel === 'sms' ? '短信' : '微信' } }, [
      { type: 'set_channel', channel: cmd.channel },
    ]);
  }
  if (worker.channel !== 'wechat') return stay(IDLE, { kind: 'bind_in_wechat', params: {} });
  if (cmd.type === 'bind_word' || !cmd.phone) return stay(IDLE, { kind: 'bind_bad_phone', params: {} });
  if (worker.phone === cmd.phone) return stay(IDLE, { kind: 'bind_done', params: { phone: maskPhone(cmd.phone) } });
  return stay({ step: 'bind_code', phone: cmd.phone }, null, [{ type: 'bind_start', phone: cmd.phone }]);
}

/** The answer to an open question, or null when the text is a new command instead. */
function dialogStep(state: Exclude<DialogState, { step: 'idle' }>, read: ReadMessage, compact: string, worker: WorkerView): Step | null {
  const back = BACK_RE.test(compact);
  // Commands that are not answers leave the dialog.
  const answerIntents = new Set(['subscribe', 'update_skills', 'update_place', 'unknown', 'confirm']);
  if (!back && !answerIntents.has(read.intent) && !(read.intent === 'apply' && read.menuChoices.length > 0)) return null;
  const unknownAgain = (reply: Reply): Step => ({ state, actions: [], reply, throttleKey: compact });

  switch (state.step) {
    case 'sub_skills':
    case 'edit_skills': {
      if (back) return stay(IDLE, { kind: 'dialog_cancelled', params: {} });
      const skills = menuSkills(read, compact) ?? (read.skills.length ? read.skills : null);
      if (!skills) return unknownAgain({ kind: 'skill_menu', params: { menu: skillMenuText() } });
      if (state.step === 'edit_skills') {
        return stay(IDLE, { kind: 'skills_updated', params: { skills: skillsText(skills) } }, [{ type: 'set_skills', skills }]);
      }
      const found = equallyGood(read.places);
      const place = state.place ?? (found.length === 1 ? found[0] : undefined);
      if (place) return askConfirm(skills, place);
      if (found.length > 1) return askPlaceChoice({ step: 'sub_place_choice', skills, candidates: [] }, found);
      return stay({ step: 'sub_place', skills }, { kind: 'ask_place', params: { skills: skillsText(skills) } });
    }
    case 'sub_place':
    case 'edit_place': {
      if (back) {
        return state.step === 'sub_place'
          ? stay({ step: 'sub_skills' }, { kind: 'skill_menu', params: { menu: skillMenuText() } })
          : stay(IDLE, { kind: 'dialog_cancelled', params: {} });
      }
      const found = equallyGood(read.places);
      if (found.length === 0) return unknownAgain({ kind: 'place_not_found', params: {} });
      if (state.step === 'sub_place') {
        if (found.length === 1) return askConfirm(state.skills, found[0] as PlaceRef);
        return askPlaceChoice({ step: 'sub_place_choice', skills: state.skills, candidates: [] }, found);
      }
      if (found.length === 1) return placeUpdated(found[0] as PlaceRef);
      return askPlaceChoice({ step: 'edit_place_choice', candidates: [] }, found);
    }
    case 'sub_place_choice':
    case 'edit_place_choice': {
      if (back) {
        return state.step === 'sub_place_choice'
          ? stay({ step: 'sub_place', skills: state.skills }, { kind: 'ask_place', params: { skills: skillsText(state.skills) } })
          : stay({ step: 'edit_place' }, { kind: 'ask_new_place', params: {} });
      }
      const picked = menuNumbers(read, compact, state.candidates.length);
      const n = picked.length === 1 ? (picked[0] as number) : null;
      const chosen = n !== null ? state.candidates[n - 1] : undefined;
      if (chosen) return state.step === 'sub_place_choice' ? askConfirm(state.skills, chosen) : placeUpdated(chosen);
      // A new name instead of a number: start the place question over with it.
      if (read.places.length) {
        const next: DialogState = state.step === 'sub_place_choice' ? { step: 'sub_place', skills: state.skills } : { step: 'edit_place' };
        return dialogStep(next as Exclude<DialogState, { step: 'idle' }>, read, compact, worker);
      }
      return unknownAgain({ kind: 'place_menu', params: { options: placeOptions(state.candidates).text } });
    }
    case 'sub_confirm': {
      if (back || NO_RE.test(compact)) return stay({ step: 'sub_place', skills: state.skills }, { kind: 'ask_place', params: { skills: skillsText(state.skills) } });
      const yes = read.intent === 'confirm' || read.affirmative || (read.menuChoices.length === 1 && read.menuChoices[0] === 1);
      if (yes) return subscribed(state.skills, state.place);
      if (read.places.length || read.skills.length) {
        // A correction: the new skills or place replace the old ones, then confirm again.
        const skills = read.skills.length ? read.skills : state.skills;
        const found = equallyGood(read.places);
        if (found.length > 1) return askPlaceChoice({ step: 'sub_place_choice', skills, candidates: [] }, found);
        return askConfirm(skills, found[0] ?? state.place);
      }
      return unknownAgain(confirmReply(state.skills, state.place));
    }
    case 'bind_code':
    case 'optout_confirm':
    case 'clarify':
    case 'erase_confirm':
      // Anything but the code (handled before) leaves the binding to wait; the command runs.
      return null;
  }
}

function confirmReply(skills: string[], place: PlaceRef): Reply {
  return { kind: 'confirm_subscribe', params: { skills: skillsText(skills), place: placeLabel(place) } };
}

function askConfirm(skills: string[], place: PlaceRef): Step {
  return stay({ step: 'sub_confirm', skills, place }, confirmReply(skills, place));
}

function askPlaceChoice(state: Extract<DialogState, { step: 'sub_place_choice' | 'edit_place_choice' }>, found: PlaceRef[]): Step {
  const { shown, text } = placeOptions(found);
  return stay({ ...state, candidates: shown }, { kind: 'place_menu', params: { options: text } });
}

function subscribed(skills: string[], place: PlaceRef): Step {
  return stay(IDLE, { kind: 'subscribed', params: { skills: skillsText(skills), place: placeLabel(place) } }, [
    { type: 'subscribe', skills, divisionCode: place.code },
  ]);
}

function placeUpdated(place: PlaceRef): Step {
  return stay(IDLE, { kind: 'place_updated', params: { place: placeLabel(place) } }, [{ type: 'set_place', divisionCode: place.code }]);
}

function command(state: DialogState, read: ReadMessage, worker: WorkerView, now: Date): Step {
  const status = effectiveStatus(worker, now);
  const subscribedNow = status === 'active' || status === 'paused';
  const offered = state.step === 'idle' ? state.offered : undefined;

  switch (read.intent) {
    case 'subscribe': {
      const found = equallyGood(read.places);
      const skills = read.skills;
      // "找工作" from someone already subscribed, naming no skill or place: they want work
      // now, not the sign-up questions again. Changes still work with 改技能 / 改地址.
      if (status === 'active' && worker.place && worker.skills.length > 0 && skills.length === 0 && read.places.length === 0) {
        return stay(IDLE, null, [{ type: 'list_jobs' }]);
      }
      if (skills.length === 0) {
        return stay({ step: 'sub_skills', ...(found.length === 1 ? { place: found[0] } : {}) }, { kind: 'skill_menu', params: { menu: skillMenuText() } });
      }
      if (found.length === 0) return stay({ step: 'sub_place', skills }, { kind: 'ask_place', params: { skills: skillsText(skills) } });
      if (found.length > 1) return askPlaceChoice({ step: 'sub_place_choice', skills, candidates: [] }, found);
      // Everything in one text (订阅缝纫新街): nothing to ask.
      return subscribed(skills, found[0] as PlaceRef);
    }
    case 'update_skills': {
      if (!subscribedNow) return command(state, { ...read, intent: 'subscribe' }, worker, now);
      if (read.skills.length === 0) return stay({ step: 'edit_skills' }, { kind: 'skill_menu', params: { menu: skillMenuText() } });
      return stay(IDLE, { kind: 'skills_updated', params: { skills: skillsText(read.skills) } }, [{ type: 'set_skills', skills: read.skills }]);
    }
    case 'update_place': {
      if (!subscribedNow) return command(state, { ...read, intent: 'subscribe' }, worker, now);
      const found = equallyGood(read.places);
      if (found.length === 0) return stay({ step: 'edit_place' }, { kind: 'ask_new_place', params: {} });
      if (found.length > 1) return askPlaceChoice({ step: 'edit_place_choice', candidates: [] }, found);
      return placeUpdated(found[0] as PlaceRef);
    }
    case 'list_jobs':
      if (!subscribedNow || !worker.place) return stay(IDLE, { kind: 'not_subscribed', params: {} });
      return stay(IDLE, null, [{ type: 'list_jobs' }]);
    case 'apply': {
      const code = read.code ?? (offered?.length === 1 ? offered[0] : null) ?? null;
      if (!code) return stay(state.step === 'idle' ? state : IDLE, { kind: 'apply_need_code', params: {} });
      if (!worker.phone) return stay(IDLE, { kind: 'apply_need_phone', params: {} });
      return stay(IDLE, null, [{ type: 'apply', code }]);
    }
    case 'pause': {
      if (!subscribedNow) return stay(IDLE, { kind: 'not_subscribed', params: {} });
      const until = read.pause ? resolvePauseUntil(read.pause, now) : null;
      const reply: Reply = until ? { kind: 'paused_until', params: { until: formatDay(until) } } : { kind: 'paused', params: {} };
      return stay(IDLE, reply, [{ type: 'pause', until }]);
    }
    case 'resume':
      if (!subscribedNow) return stay(IDLE, { kind: 'not_subscribed', params: {} });
      return stay(IDLE, { kind: 'resumed', params: {} }, [{ type: 'resume' }]);
    default:
      // Not understood, but not nothing either: a numbered question beats a wrong guess.
      if (read.clarify) {
        return { state: { step: 'clarify' }, actions: [], reply: { kind: 'clarify', params: {} }, throttleKey: read.normalized.replace(/[\s\p{P}\p{S}]/gu, '') };
      }
      // unknown, or a yes with no question open: a short help, at most once an hour per text.
      return { state: IDLE, actions: [], reply: { kind: 'help', params: {} }, throttleKey: read.normalized.replace(/[\s\p{P}\p{S}]/gu, '') };
  }
}

/**
 * A WeChat location that names a township answers an open place question: the subscribe
 * dialog goes on to the confirmation, a place change is made. Null when no question is open.
 */
export function locatedStep(state: DialogState, place: PlaceRef): Step | null {
  if (state.step === 'sub_place') return askConfirm(state.skills, place);
  if (state.step === 'edit_place') return placeUpdated(place);
  return null;
}

/** One opening as list_jobs shows it. */
export interface JobListing {
  code: string;
  workshop: string;
  title: string;
  wage: string;
  place: string;
}

/** The answer to list_jobs: one message per opening (up to 3), or a "none yet". */
export function jobsReply(listings: readonly JobListing[]): Reply[] {
  if (listings.length === 0) return [{ kind: 'jobs_none', params: {} }];
  return listings.slice(0, 3).map((l) => ({ kind: 'job_listing', params: { ...l } }));
}

export type ApplyOutcome =
  | { type: 'applied'; code: string; workshop: string }
  | { type: 'already'; code: string }
  | { type: 'closed'; code: string }
  | { type: 'unknown'; code: string };

export function applyReply(o: ApplyOutcome): Reply {
  switch (o.type) {
    case 'applied':
      return { kind: 'apply_ok', params: { workshop: o.workshop, code: o.code } };
    case 'already':
      return { kind: 'apply_already', params: { code: o.code } };
    case 'closed':
      return { kind: 'apply_closed', params: { code: o.code } };
    case 'unknown':
      return { kind: 'apply_unknown', params: { code: o.code } };
  }
}

/** Skill names to a list the worker reads, for replies built outside converse(). */
export const describeSkills = skillsText;

// Every menu item must be a canonical skill, or the worker's choice would store a word matching cannot use.
for (const s of SKILL_MENU) if (!SKILLS.some((k) => k.name === s)) throw new Error(`skill menu item ${s} is not a canonical skill`);
