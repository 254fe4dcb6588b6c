import type { z } from 'zod';
import { PG_INT_MAX } from '../db/ids.js';
import { AppError, classifyError, ConflictError, ForbiddenError, NotFoundError, UnavailableError, ValidationError } from '../errors.js';
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
  throw new NotFoundError(`no such page (id ${JSON.stringify(String(raw).slice(0, 20))})`);
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
  if (b === undefined) throw new ValidationError('没有收到表单内容，请返回页面重新提交');
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw new ValidationError('表单格式不对，请返回页面重新提交');
  for (const [k, v] of Object.entries(b)) {
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) {
      if (typeof x !== 'string') throw new ValidationError('表单格式不对，请返回页面重新提交');
      if (CONTROL.test(x) || CONTROL.test(k)) throw new ValidationError('填写的内容里有看不见的控制字符，请删掉后再提交');
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

/** Statuses as the console shows them. */
const STATUS: Record<string, string> = {
  draft: '草稿',
  open: '招工中',
  filled: '已招满',
  closed: '已关闭',
  expired: '已过期',
  active: '进行中',
  paused: '已暂停',
  cancelled: '已取消',
  completed: '已完成',
};
const status = (s: string) => STATUS[s] ?? s;

/** What a "<thing> <id> not found" is called. */
const THING: Record<string, string> = {
  opening: '招工',
  worker: '工人',
  workshop: '车间',
  reminder: '提醒',
  segment: '人群',
  campaign: '发送批次',
  user: '用户',
  application: '报名',
  'API key': '账号密钥',
};

// The API's schemas and services speak English to developers; the console's users read
// Chinese. Every message a service can show in the console has a line here
// (tests/unit/console-errors.test.ts reads the services' sources to keep it so).
const KNOWN: [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/^opening \d+ expired at .*; set a later expiresAt/, '这条招工已过期：请先把截止时间改到以后'],
  [/^opening \d+ has expired/, '这条招工已过期'],
  [/^opening \d+ is (\w+); only open openings can be broadcast/, (m) => `只有招工中的岗位才能发通知（现在是“${status(m[1]!)}”）`],
  [/^opening \d+ is (\w+); it cannot become (\w+)/, (m) => `这条招工现在是“${status(m[1]!)}”，不能改成“${status(m[2]!)}”`],
  [/^opening (?:is )?(\w+)$/, (m) => `招工${status(m[1]!)}`],
  [/^reminder \d+ has no run left in the future/, '这个提醒以后不会再运行，请修改时间安排'],
  [/^reminder \d+ is (\w+); create a new one/, (m) => `这个提醒${status(m[1]!)}，请新建一个`],
  [/^reminder \d+ is (\w+)$/, (m) => `这个提醒${status(m[1]!)}`],
  [/^worker \d+ opted out; set consent/, '这位工人退订过：本人再次同意后，请勾选“重新同意”再保存'],
  [/an employer key creates workshops for its own employer only/, '雇主账号只能为自己的单位建车间'],
  [/only an admin creates employers/, '只有管理员能添加雇主'],
  [/^(.+) not found in your divisions/, (m) => `这些工人不在您的辖区内：${m[1]}`],
  [/^application (\d+) not found for opening (\d+)/, (m) => `招工 ${m[2]} 没有报名 ${m[1]}`],
  [/^(opening|worker|workshop|reminder|segment|campaign|user|API key) (\d+) not found/, (m) => `找不到${THING[m[1]!]} ${m[2]}`],
  [/only home piecework \(home_workshop\) is delivered/, '只有家庭作坊（送活上门）才填送活的乡镇'],
  [/only a village plant \(village_plant\) reaches by village or township/, '只有村里的小厂才按村或乡镇招人'],
  [/^"(.+)" is not a township/, '“$1”不是乡镇'],
  [/no county, township or village has code (\S+)/, '没有代码为 $1 的县、乡镇或村'],
  [/no county or township has code (.+)/, '没有这些县或乡镇代码 $1'],
  [/^no employer (\d+)/, '没有编号为 $1 的雇主'],
  [/^no workshop (\d+)$/, '没有车间 $1'],
  [/day labour needs a start time/, '零工要填开工时间'],
  [/^CSV could not be read/, '读不了这个 CSV 文件：请另存为 CSV（UTF-8 或 GBK）再上传'],
  [/^the file is empty/, '文件是空的'],
  [/^the file has more than (\d+) rows/, '文件超过 $1 行：请分成几个文件再导入'],
  [/^line (\d+) has more than (\d+) columns/, '第 $1 行的列太多：请检查是不是选错了文件'],
  [/^missing column\(s\): (.+); found:/, '缺少这些列：$1'],
  [/wage\.max must not be below wage\.min/, '最高工资不能低于最低工资'],
  [/^must be in the future/, '必须是将来的时间'],
  [/consent must be true/, '须经工人本人同意后才能登记（勾选“已同意”）'],
  [/not a mainland mobile number/, '不是有效的大陆手机号'],
  [/unknown skill (.+)/, '不认识的技能 $1'],
  [/no place in the loaded prefectures is called "(.+)"/, '找不到地名“$1”'],
  [/"(.+)" could mean several places/, '“$1”可能指几个地方，请写得更具体（如 元阳县新街镇）'],
  [/outside your divisions/, '不在您负责的辖区内'],
  [/already belongs to another worker/, '这个手机号已属于另一位工人'],
  [/already registered as worker (\d+)/, '该手机号已登记（工人 $1）'],
  [/already registered by another station/, '该手机号已由其他工作站登记'],
  [/was registered a moment ago/, '该手机号刚刚已登记，请在工人列表中查看'],
  [/no workshop (\d+) among yours/, '没有您的车间 $1'],
  [/is in the past/, '这个时间已经过去了'],
  [/give either segmentId or a non-empty workerIds/, '请选择一个人群，或填写工人编号（二选一）'],
  [/a market day such as/, '请选择赶集日（属相街）'],
  [/time as HH:MM/, '时间格式 HH:MM，如 09:30'],
  [/date as YYYY-MM-DD/, '日期格式 YYYY-MM-DD'],
  [/at most (\d+) characters so the SMS stays one segment/, '最多 $1 个字，短信才能一条发完'],
  [/no 【】/, '不要写【】，签名会自动加上'],
  [/no links/, '不能有网址链接'],
  [/a caseworker key needs at least one county or township code/, '就业站账号至少要一个县或乡镇代码'],
  [/only caseworker keys are scoped to divisions/, '只有就业站账号按辖区划分'],
  [/an employer key needs employerId/, '雇主账号需要雇主编号'],
  [/only employer keys name an employer/, '只有雇主账号填写雇主编号'],
  [/a county \(6-digit\) or township \(9-digit\) code/, '县代码 6 位或乡镇代码 9 位'],
  [/use 5 fields/, 'cron 要 5 段：分 时 日 月 周'],
  [/has no run in the future/, '以后不会再运行'],
  [/reopen it before editing/, '已结束的招工需先重新发布才能修改'],
  [/^empty$/, '没填'],
  [/^at most (\d+) characters$/, '最多 $1 个字'],
  [/no control characters/, '不能有看不见的控制字符'],
  [/^at most (\d+) characters \(a code or a place name\)/, '地名最多 $1 个字'],
  [/the 同意 column must say 是/, '“同意”一栏要写“是”：工人本人同意后才能登记'],
  [/already registered to a worker outside your divisions/, '这个手机号已登记在别的辖区，请联系那边的工作站'],
  [/^opted out earlier/, '以前退订过：摸底表不会让他重新订阅；本人再次同意后请在工人页面勾选“重新同意”'],
];

const FIELD_NAMES: Record<string, string> = { phone: '手机', place: '住址', consent: '同意', skills: '技能', name: '姓名' };

/** One problem of an import row ("phone: …") in Chinese, with the column named. */
export function problemText(p: string): string {
  const m = /^(\w+): (.+)$/s.exec(p);
  if (!m) return chinese(p);
  return `${FIELD_NAMES[m[1]!] ?? m[1]}：${chinese(m[2]!)}`;
}

/** What the console says when a message has no translation: never the English itself. */
const FALLBACK = '填写的内容有误，请检查后再试';

/** A service's message in Chinese; one the table does not know becomes `fallback`. */
export function chinese(message: string, fallback = FALLBACK): string {
  for (const [re, zh] of KNOWN) {
    const m = re.exec(message);
    // A function replacement: what the user typed ("$&" and the like) is inserted as it is.
    if (m) return typeof zh === 'function' ? zh(m) : zh.replace('$1', () => m[1] ?? '');
  }
  // Already Chinese (console users, passwords): keep it.
  return /\p{Script=Han}/u.test(message) ? message : fallback;
}

/** A service error for a console user, without its "field: " prefix: its translation, else a plain sentence by kind. */
export function errorText(err: AppError): string {
  const fallback =
    err instanceof NotFoundError ? '找不到这条记录，或者您没有权限查看'
    : err instanceof ForbiddenError ? '您的账号没有权限做这件事'
    : err instanceof ConflictError ? '现在的状态不允许这样操作，请刷新页面再看'
    : err instanceof UnavailableError ? '服务暂时不可用，请稍后再试'
    : FALLBACK;
  return chinese(err.message.replace(/^[\w.]+: (?=.)/s, ''), fallback);
}

function zodIssueText(i: z.core.$ZodIssue): string {
  // Our own schemas' messages are already Chinese (passwords, console users): keep them.
  if (/\p{Script=Han}/u.test(i.message) && !/[a-z]{4}/.test(i.message)) return i.message;
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
      return '请从选项中选择';
    default:
      return chinese(i.message);
  }
}

/** Zod issues as errors by field path ("wage.max"), the first per field, in Chinese. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of error.issues) {
    const key = i.path.map(String).join('.') || '_form';
    out[key] ??= zodIssueText(i);
  }
  return out;
}

/** A service's typed error ("field: problem") as an error next to that field, else for the whole form. */
export function appFieldErrors(err: AppError, fieldOf: (name: string) => string = (n) => n): FieldErrors {
  const m = /^([\w.]+): (.+)$/s.exec(err.message);
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
