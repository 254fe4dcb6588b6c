import { shortPlaceName } from '../domain/places.js';
/**
 * A tiny server-side HTML builder for the console: `html` escapes every interpolated value
 * unless it is already Html, so user data (names, notes, texts) can never inject markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

type Part = Html | string | number | bigint | boolean | null | undefined | readonly Part[];

function render(v: Part): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

export const raw = (s: string) => new Html(s);

/** Field errors by form field name ("wage.max" → "wageMax" is up to the page), plus errors for the whole form. */
export type FieldErrors = Record<string, string>;

export const BEIJING = 8 * 3600_000;
/** "2026-11-29 09:00" Beijing time. */
export const fmtTime = (d: Date | null | undefined) => (d ? new Date(d.getTime() + BEIJING).toISOString().slice(0, 16).replace('T', ' ') : '—');
export const fmtDate = (d: Date) => new Date(d.getTime() + BEIJING).toISOString().slice(0, 10);
export const pct = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 1000) / 10}%` : '—');

/** 送达率 at or above this reads green, at or above WARN amber, below it red. */
export const DELIVERY_RATE_OK = 0.95;
export const DELIVERY_RATE_WARN = 0.8;

/**
 * 送达率 of messages handed to the provider, coloured by threshold. Until a receipt has come back
 * for any of them (none delivered, none failed) it says 回执未到 rather than a misleading 0%.
 */
export function deliveryRate(c: { sent: number; delivered: number; failed: number }): Html {
  const of = c.sent + c.failed;
  if (of === 0) return html`<strong class="muted" data-rate="none">—</strong>`;
  if (c.sent > 0 && c.delivered === 0 && c.failed === 0) return html`<strong class="muted" data-rate="pending">回执未到</strong>`;
  const r = c.delivered / of;
  const cls = r >= DELIVERY_RATE_OK ? 'ok' : r >= DELIVERY_RATE_WARN ? 'warn' : 'bad';
  return html`<strong class="${cls}" data-rate="${cls}">${pct(c.delivered, of)}</strong>`;
}

export interface FieldOpts {
  type?: string;
  value?: string | number | null;
  error?: string;
  hint?: string;
  attrs?: string;
  required?: boolean;
  /** Told apart from the same field in another form of the page ("user-" → f-user-name), so each label focuses its own input. */
  idPrefix?: string;
}

/** A labelled input with its error right below it. */
export function field(name: string, label: string, o: FieldOpts = {}): Html {
  const id = `f-${o.idPrefix ?? ''}${name}`;
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="${id}">${label}</label>
<input id="${id}" name="${name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? raw(' required') : ''}${o.attrs ? raw(` ${o.attrs}`) : ''}>
${o.hint ? html`<small class="hint">${o.hint}</small>` : ''}${fieldError(name, o.error)}</div>`;
}

export function fieldError(name: string, error?: string): Html {
  return error ? html`<p class="error" data-error-for="${name}">${error}</p>` : html``;
}

export function select(name: string, label: string, options: readonly (readonly [string, string])[], o: { value?: string; error?: string; attrs?: string; idPrefix?: string } = {}): Html {
  const id = `f-${o.idPrefix ?? ''}${name}`;
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="${id}">${label}</label>
<select id="${id}" name="${name}"${o.attrs ? raw(` ${o.attrs}`) : ''}>${options.map(([v, t]) => html`<option value="${v}"${v === o.value ? raw(' selected') : ''}>${t}</option>`)}</select>
${fieldError(name, o.error)}</div>`;
}

export function checkboxes(name: string, label: string, options: readonly (readonly [string, string])[], checked: readonly string[], error?: string): Html {
  return html`<fieldset class="field checks${error ? ' has-error' : ''}"><legend>${label}</legend>
${options.map(([v, t]) => html`<label class="check"><input type="checkbox" name="${name}" value="${v}"${checked.includes(v) ? raw(' checked') : ''}> ${t}</label>`)}
${fieldError(name, error)}</fieldset>`;
}

export const csrfField = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

/** A one-button POST form (pause, cancel, sign out…), CSRF-protected like every form. */
/** A one-button form; `confirm`: the question the browser asks before it is sent (for what cannot be undone). */
export function postButton(action: string, label: string, token: string, cls = 'btn', confirm?: string): Html {
  return html`<form method="post" action="${action}" class="inline"${confirm ? html` data-confirm="${confirm}"` : ''}>${csrfField(token)}<button class="${cls}">${label}</button></form>`;
}

/**
 * A table; `cls` "stack" lays each row out as a card on a phone (cells labelled by their
 * data-label, targets 44 px), the desktop layout unchanged.
 */
export function table(headers: readonly string[], rows: readonly Html[], empty = '暂无', cls?: string): Html {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="table-wrap"><table${cls ? html` class="${cls}"` : ''}><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** "云南省红河哈尼族彝族自治州元阳县新街镇" → "元阳县新街镇": stations know their prefecture; phones have no room for it. */
export const shortPlace = (fullName: string | null | undefined) => (fullName ? shortPlaceName(fullName) : '—');
