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
  job_alert: {
    text: '${workshop}在${place}招${title}，${wage}。回BM${code}报名，拒收请回复R',
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
  /** Reverse match: up to 3 open openings for a worker who just subscribed or changed skills or place. */
  opening_digest: {
    text: '适合您的岗位：${list}。回BM加编号报名，拒收请回复R',
    smsType: 'promotion',
    defaultCode: 'SMS_GUIYAN_OPENING_DIGEST',
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
