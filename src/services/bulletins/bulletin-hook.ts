import type { Config } from '../../config.js';

/**
 * The one generic adapter to a county broadcasting platform (docs/bulletins.md): an HTTP
 * request per bulletin and slot, its body the fixed shape below or the configured template,
 * an idempotency key in a header and in the body so the platform can drop a repeat.
 */
export interface HookBulletin {
  divisionCode: string;
  divisionName: string;
  day: string;
  slot: string;
  slotAt: Date;
  text: string;
  jobCount: number;
}

/** One key per bulletin and slot: the same on every try, never shared by two bulletins. */
export function idempotencyKey(b: Pick<HookBulletin, 'divisionCode' | 'day' | 'slot'>): string {
  return `guiyan-bulletin-${b.divisionCode}-${b.day}-${b.slot.replace(':', '')}`;
}

function values(b: HookBulletin): Record<string, string | number> {
  return {
    idempotencyKey: idempotencyKey(b),
    divisionCode: b.divisionCode,
    divisionName: b.divisionName,
    day: b.day,
    slot: b.slot,
    slotAt: b.slotAt.toISOString(),
    text: b.text,
    jobCount: b.jobCount,
  };
}

/** Fills a template: a string that is exactly one placeholder takes the value's own type (a number stays a number). */
export function fillTemplate(template: unknown, v: Record<string, string | number>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{\s*([A-Za-z]+)\s*\}\}$/.exec(template);
    if (whole && whole[1]! in v) return v[whole[1]!];
    return template.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (m, k: string) => (k in v ? String(v[k]) : m));
  }
  if (Array.isArray(template)) return template.map((x) => fillTemplate(x, v));
  if (template && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, x]) => [k, fillTemplate(x, v)]));
  return template;
}

/** The JSON body sent for a bulletin. */
export function hookBody(config: Pick<Config, 'BULLETIN_HOOK_BODY_TEMPLATE'>, b: HookBulletin): unknown {
  const v = values(b);
  if (config.BULLETIN_HOOK_BODY_TEMPLATE !== undefined) return fillTemplate(config.BULLETIN_HOOK_BODY_TEMPLATE, v);
  return { idempotencyKey: v.idempotencyKey, division: { code: b.divisionCode, name: b.divisionName }, day: b.day, slot: b.slot, slotAt: v.slotAt, text: b.text, jobCount: b.jobCount };
}

export type HookOutcome = { ok: true; status: number } | { ok: false; retry: boolean; error: string };

type HookConfig = Pick<Config, 'BULLETIN_HOOK_URL' | 'BULLETIN_HOOK_METHOD' | 'BULLETIN_HOOK_TOKEN_HEADER' | 'BULLETIN_HOOK_TOKEN' | 'BULLETIN_HOOK_BODY_TEMPLATE' | 'BULLETIN_HOOK_TIMEOUT_MS'>;

/**
 * Sends one bulletin. 2xx is success, and so is 409 (the platform already has this key).
 * Timeouts, network errors, 408, 429 and 5xx are worth another try; any other 4xx is not
 * (the request itself is wrong: a token or a template to fix).
 */
export async function postBulletin(config: HookConfig, b: HookBulletin, fetchImpl: typeof fetch = fetch): Promise<HookOutcome> {
  if (!config.BULLETIN_HOOK_URL) return { ok: false, retry: false, error: '未配置广播平台地址' };
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': idempotencyKey(b) };
  if (config.BULLETIN_HOOK_TOKEN) headers[config.BULLETIN_HOOK_TOKEN_HEADER.toLowerCase()] = config.BULLETIN_HOOK_TOKEN;
  let res: Response;
  try {
    res = await fetchImpl(config.BULLETIN_HOOK_URL, {
      method: config.BULLETIN_HOOK_METHOD,
      headers,
      body: JSON.stringify(hookBody(config, b)),
      signal: AbortSignal.timeout(config.BULLETIN_HOOK_TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (err) {
    const e = err as Error;
    const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { ok: false, retry: true, error: timeout ? `超时（${config.BULLETIN_HOOK_TIMEOUT_MS} 毫秒没有回应）` : `连不上广播平台：${String((e as { cause?: { code?: string } }).cause?.code ?? e.message).slice(0, 120)}` };
  }
  const body = (await res.text().catch(() => '')).slice(0, 200);
  if ((res.status >= 200 && res.status < 300) || res.status === 409) return { ok: true, status: res.status };
  const retry = res.status >= 500 || res.status === 408 || res.status === 429;
  return { ok: false, retry, error: `广播平台回应 ${res.status}${body ? `：${body}` : ''}` };
}
