import type { z } from 'zod';
import { PG_INT_MAX } from '../db/ids.js';
import { codeOfZodMessage, errorSentence, FORM_FALLBACK, type FieldIssue } from '../domain/error-codes.js';
import { AppError, classifyError, NotFoundError, ValidationError } from '../errors.js';
import type { FieldErrors } from './html.js';

/** An urlencoded form body: repeated names (checkboxes) arrive as arrays. */
export type FormBody = Record<string, string | string[] | undefined>;

/**
 * A row id from a console path: digits only, 1 to 2^31-1. Anything else ("12.5", "-1", "abc",
 * "12\r\n", "2147483648") is a page that does not exist, never a truncated or rounded id.
 */
export function pathId(raw: unknown): number {
  if (typeof raw === 'string' && /^[1-9]\d{0,9}$/.test(raw)) {
    const id = Number(raw);
    if (id <= PG_INT_MAX) return id;
  }
  throw new NotFoundError('page.not_found', `no such page (id ${JSON.stringify(String(raw).slice(0, 20))})`);
}

/**
 * Characters no console field carries: C0 controls other than tab, CR and LF, DEL and the C1
 * controls. PostgreSQL refuses NUL in text, and none of them belongs in a name or an SMS.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/**
 * An urlencoded form (or a query string) as the console reads it: every value a string or a
 * list of strings, none with control characters. Anything else is refused before a handler
 * reads it, so handlers can rely on FormBody.
 */
export function checkForm(b: unknown): FormBody {
  // Every console form carries at least its CSRF field: a POST without a body is no form.
  if (b === undefined) throw new ValidationError('form.missing', 'no form body; go back to the page and submit it again');
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw new ValidationError('form.malformed', 'the form is malformed; go back to the page and submit it again');
  for (const [k, v] of Object.entries(b)) {
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) {
      if (typeof x !== 'string') throw new ValidationError('form.malformed', 'the form is malformed; go back to the page and submit it again');
      if (CONTROL.test(x) || CONTROL.test(k)) throw new ValidationError('form.control_chars', 'a field holds control characters; remove them and submit again');
    }
  }
  return b as FormBody;
}

export const str = (b: FormBody, k: string): string | undefined => {
  const v = b[k];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
};

/** Checkbox groups, or a text field of words separated by commas, 、 or spaces. */
export const list = (b: FormBody, k: string): string[] => {
  const v = b[k];
  const parts = Array.isArray(v) ? v : v ? v.split(/[,，、\s]+/u) : [];
  return parts.map((s) => s.trim()).filter(Boolean);
};

/** A number field: empty is absent (the schema says whether that is allowed); junk stays a string so the schema rejects it by name. */
export const num = (b: FormBody, k: string): number | string | undefined => {
  const s = str(b, k);
  if (s === undefined) return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
};

export const bool = (b: FormBody, k: string) => str(b, k) === 'on' || str(b, k) === 'true';

const FIELD_NAMES: Record<string, string> = { phone: '手机', place: '住址', consent: '同意', skills: '技能', name: '姓名' };

/** One problem of an import row in Chinese, with the column named ("手机：不是有效的大陆手机号"). */
export function problemText(issue: FieldIssue): string {
  const text = errorSentence(issue.code, issue.params);
  return issue.field ? `${FIELD_NAMES[issue.field] ?? issue.field}：${text}` : text;
}

/** A service error for a console user: its code's sentence, without the field it is about. */
export function errorText(err: AppError): string {
  return errorSentence(err.code, err.params);
}

/** A message a schema wrote in Chinese for the console itself (passwords, console users): shown as it is. */
const isOwnChinese = (message: string) => /\p{Script=Han}/u.test(message) && !/[a-z]{4}/.test(message);

/** The sentence a schema declared for an issue's message (src/domain/error-codes.ts zodMessage), if it did. */
function declaredText(i: z.core.$ZodIssue): string | undefined {
  const known = codeOfZodMessage(i.message);
  return known && errorSentence(known.code, known.params);
}

/** A zod issue in Chinese, from its kind; a message a schema declared with a code counts for the kinds zod does not say. */
function zodIssueText(i: z.core.$ZodIssue): string {
  if (isOwnChinese(i.message)) return i.message;
  switch (i.code) {
    case 'invalid_type':
      // zod does not keep the input in issues unless asked; its message says what it received.
      return /received undefined/.test(i.message) ? '必填' : '格式不对';
    case 'too_small':
      return i.origin === 'string' ? (i.minimum === 1 ? '必填' : `至少 ${i.minimum} 个字`) : i.origin === 'array' ? `至少选 ${i.minimum} 项` : `不能小于 ${i.minimum}`;
    case 'too_big':
      return i.origin === 'string' ? `最多 ${i.maximum} 个字` : i.origin === 'array' ? `最多 ${i.maximum} 项` : `不能大于 ${i.maximum}`;
    case 'invalid_value':
    case 'invalid_union':
      // A sentence the schema declared says more (an unticked consent box: 须经工人本人同意…).
      return declaredText(i) ?? '请从选项中选择';
    default:
      return declaredText(i) ?? FORM_FALLBACK;
  }
}

const fieldKey = (i: z.core.$ZodIssue) => i.path.map(String).join('.') || '_form';

/** Zod issues as errors by field path ("wage.max"), the first per field, in Chinese. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of error.issues) out[fieldKey(i)] ??= zodIssueText(i);
  return out;
}

/**
 * A service's typed error as an error next to the field it names ("field: problem" in its
 * message, the API's shape), else for the whole form. A schema a service parsed itself
 * (request.invalid) gives each of its fields an error, a declared sentence first.
 */
export function appFieldErrors(err: AppError, fieldOf: (name: string) => string = (n) => n): FieldErrors {
  if (err.code === 'request.invalid' && Array.isArray(err.details) && err.details.length) {
    const out: FieldErrors = {};
    for (const i of err.details as z.core.$ZodIssue[]) out[fieldOf(fieldKey(i))] ??= (isOwnChinese(i.message) ? i.message : declaredText(i)) ?? zodIssueText(i);
    return out;
  }
  const m = /^([\w.]+): ./s.exec(err.message);
  return m ? { [fieldOf(m[1]!)]: errorText(err) } : { _form: errorText(err) };
}

/** Runs a service call, turning its typed errors into field errors for the form. */
export async function attempt<T>(fn: () => Promise<T>, fieldOf?: (name: string) => string): Promise<{ ok: true; value: T } | { ok: false; errors: FieldErrors }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    const known = classifyError(err);
    if (known) return { ok: false, errors: appFieldErrors(known, fieldOf) };
    throw err;
  }
}

/** A one-button action's form carries its CSRF token and nothing else; anything more is not from our page. */
export const onlyToken = (b: FormBody | undefined): boolean => Object.keys(b ?? {}).every((k) => k === '_csrf');
