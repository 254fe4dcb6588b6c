/**
 * Every error code guiyan answers with, and what the console says for it. The API answers with
 * the code and an English message (written at the throw site, for developers); the console
 * shows the Chinese sentence here, with the error's params filled in. An error class accepts
 * only a code of this table (see src/errors.ts), so no code reaches a person untranslated.
 */

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

type Id = { id: number | string };

/** What a form says when it has nothing more specific: never the English itself. */
export const FORM_FALLBACK = '填写的内容有误，请检查后再试';
const NOT_FOUND = '找不到这条记录，或者您没有权限查看';
const FORBIDDEN = '您的账号没有权限做这件事';
const UNAVAILABLE = '服务暂时不可用，请稍后再试';

export const ERROR_TEXT = {
  // Requests as a whole (the API's edges; the console sees a few of them)
  'request.invalid': FORM_FALLBACK,
  'request.unstorable_text': FORM_FALLBACK,
  'request.unstorable_value': FORM_FALLBACK,
  'request.json_too_deep': 'JSON 嵌套层数太多',
  'request.repeated_param': '同一个参数给了不止一次',
  'request.rejected': FORM_FALLBACK,
  'request.too_large': '提交的内容太大',
  'request.unsupported_media_type': '不支持这种内容格式',
  'request.too_many': '请求太频繁，请稍后再试',
  'route.not_found': '找不到这个页面',
  'request.unroutable': '请求有误，请返回页面重试',
  'url.malformed': '网址有误，请返回页面重试',
  'url.too_long': '网址太长，请返回页面重试',
  internal: '服务暂时出错，请稍后再试',
  'redis.unavailable': UNAVAILABLE,
  'page.not_found': NOT_FOUND,
  'form.missing': '没有收到表单内容，请返回页面重新提交',
  'form.malformed': '表单格式不对，请返回页面重新提交',
  'form.control_chars': '填写的内容里有看不见的控制字符，请删掉后再提交',
  'console.page_forbidden': '您的账号没有权限打开这个页面',

  // Access: API keys, roles, idempotency, webhooks, metrics
  'auth.missing_key': '缺少账号密钥',
  'auth.bad_key': '账号密钥无效或已作废，请向管理员要新的',
  'auth.role_forbidden': FORBIDDEN,
  'idempotency.bad_key': 'Idempotency-Key 格式不对',
  'idempotency.in_progress': '同一个请求还在处理，请过几秒再试',
  'idempotency.key_reused': '这个 Idempotency-Key 已用于另一个请求',
  'metrics.unauthorized': '缺少监控令牌',
  'webhook.bad_token': '回调令牌不对',
  'webhook.address_forbidden': '这个地址不能调用回调',
  'webhook.unreadable_push': '回调内容读不了',
  'wechat.bad_signature': '微信签名不对',
  'wechat.signature_reused': '微信签名已被用过',
  'wechat.no_aes_key': UNAVAILABLE,
  'wechat.not_encrypted': '不是加密的微信消息',
  'wechat.bad_msg_signature': '微信消息签名不对',
  'wechat.bad_encrypt': '微信加密内容解不开',
  'wechat.not_xml': '不是微信 XML 消息',
  'queue.not_found': (p: { name: string }) => `没有队列 ${p.name}`,

  // Things that are not there (or not yours)
  'opening.not_found': (p: Id) => `找不到招工 ${p.id}`,
  'worker.not_found': (p: Id) => `找不到工人 ${p.id}`,
  'workshop.not_found': (p: Id) => `找不到车间 ${p.id}`,
  'reminder.not_found': (p: Id) => `找不到提醒 ${p.id}`,
  'segment.not_found': (p: Id) => `找不到人群 ${p.id}`,
  'campaign.not_found': (p: Id) => `找不到发送批次 ${p.id}`,
  'case.not_found': (p: Id) => `找不到案件 ${p.id}`,
  'bulletin.not_found': (p: Id) => `找不到广播稿 ${p.id}`,
  'bulletin.text_empty': '广播稿不能是空的',
  'bulletin.text_too_long': (p: { max: number }) => `广播稿最多 ${p.max} 个字`,
  'bulletin.bad_day': '日期要写成 2026-12-03 这样',
  'bulletin.day_out_of_range': '只能生成昨天到七天以后的广播稿',
  'case.closed': '这个案件已结案',
  'case.outcome_unknown': '请选择结案结果',
  'case.note_empty': '请写备注内容',
  'campaign.not_held': '这次发送没有在等审核',
  'user.not_found': (p: Id) => `找不到用户 ${p.id}`,
  'api_key.not_found': (p: Id) => `找不到账号密钥 ${p.id}`,
  'application.not_found': (p: { applicationId: number; openingId: number }) => `招工 ${p.openingId} 没有报名 ${p.applicationId}`,
  'opening.headcount_below_hired': (p: { headcount: number; hired: number }) => `已经录用了 ${p.hired} 人，招工人数不能改成 ${p.headcount}（至少 ${p.hired}）`,
  'application.over_headcount': (p: { headcount: number; hired: number; adding: number }) =>
    `这个招工只招 ${p.headcount} 人，已录用 ${p.hired} 人，不能再录用 ${p.adding} 人（最多还能录用 ${Math.max(0, p.headcount - p.hired)} 人）；没有改动任何人`,
  'employer.unknown': (p: Id) => `没有编号为 ${p.id} 的雇主`,
  'workshop.unknown': (p: Id) => `没有车间 ${p.id}`,
  'workshop.not_yours': (p: Id) => `没有您的车间 ${p.id}`,

  // Openings and workshops
  'opening.not_open': (p: { status: string }) => `只有招工中的岗位才能发通知（现在是“${status(p.status)}”）`,
  'opening.expired': '这条招工已过期',
  'opening.nobody_to_alert': '现在没有可以通知的人（符合条件的工人都已通知过、已报名、已退订或不符合要求），没有发送',
  'opening.expired_set_later': '这条招工已过期：请先把截止时间改到以后',
  'opening.bad_transition': (p: { from: string; to: string }) => `这条招工现在是“${status(p.from)}”，不能改成“${status(p.to)}”`,
  'opening.ended_reopen_first': '已结束的招工需先重新发布才能修改',
  'opening.day_labour_needs_start': '零工要填开工时间',
  'opening.pay_day_required': '请写什么时候发工资，如 每月15日、日结、完工结',
  'workshop.verify_forbidden': '只有就业站或管理员可以核验车间、设置发送审核',
  'workshop.verify_needs_licence': '要看过营业执照或老板身份证才能算核验',
  'campaign.review_reason_required': '不通过要写原因，雇主会看到',
  'opening.delivery_needs_home_workshop': '只有家庭作坊（送活上门）才填送活的乡镇',
  'opening.reach_needs_village_plant': '只有村里的小厂才按村或乡镇招人',
  'wage.max_below_min': '最高工资不能低于最低工资',
  'workshop.employer_own_only': '雇主账号只能为自己的单位建车间',
  'employer.admin_only': '只有管理员能添加雇主',

  // Places and skills
  'division.too_long': (p: { max: number }) => `地名最多 ${p.max} 个字`,
  'division.no_code': (p: { code: string }) => `没有代码为 ${p.code} 的县、乡镇或村`,
  'division.unknown_codes': (p: { codes: string }) => `没有这些县或乡镇代码 ${p.codes}`,
  'division.unknown_place': (p: { name: string }) => `找不到地名“${p.name}”`,
  'division.ambiguous': (p: { name: string; options?: string }) =>
    p.options ? `“${p.name}”可能指：${p.options}。请写其中一个的全名` : `“${p.name}”可能指几个地方，请写得更具体（如 元阳县新街镇）`,
  'division.not_township': (p: { name: string }) => `“${p.name}”不是乡镇`,
  'division.out_of_scope': '不在您负责的辖区内',
  'division.code_format': '县代码 6 位、乡镇代码 9 位或村代码 12 位',
  'skill.unknown': (p: { skills: string }) => `不认识的技能 ${p.skills}`,

  // Workers
  'phone.invalid': '不是有效的大陆手机号',
  'worker.phone_registered': (p: { workerId: number }) => `该手机号已登记（工人 ${p.workerId}）`,
  'worker.phone_registered_elsewhere': '该手机号已由其他工作站登记',
  'worker.phone_taken': '该手机号刚刚已登记，请在工人列表中查看',
  'worker.phone_belongs_to_other': '这个手机号已属于另一位工人',
  'worker.opted_out_needs_consent': '这位工人退订过：本人再次同意后，请勾选“重新同意”再保存',
  'worker.consent_required': '须经工人本人同意后才能登记（勾选“已同意”）',
  'workers.outside_divisions': (p: { ids: string }) => `这些工人不在您的辖区内：${p.ids}`,
  'workers.phones_unknown': (p: { phones: string }) => `找不到这些手机号的工人（或不在您的辖区内）：${p.phones}`,

  // Surveys (CSV imports) and their rows
  'survey.not_csv': '请上传 CSV 文件',
  'survey.unreadable': '读不了这个 CSV 文件：请另存为 CSV（UTF-8 或 GBK）再上传',
  'survey.empty': '文件是空的',
  'survey.too_many_rows': (p: { max: number }) => `文件超过 ${p.max} 行：请分成几个文件再导入`,
  'survey.too_many_columns': (p: { line: number }) => `第 ${p.line} 行的列太多：请检查是不是选错了文件`,
  'survey.missing_columns': (p: { columns: string }) => `缺少这些列：${p.columns}`,
  'survey.consent_column': '“同意”一栏要写“是”：工人本人同意后才能登记',
  'survey.opted_out': '以前退订过：摸底表不会让他重新订阅；本人再次同意后请在工人页面勾选“重新同意”',
  'survey.phone_elsewhere': '这个手机号已登记在别的辖区，请联系那边的工作站',
  'survey.person_invalid': '“第几人”一栏要写 1 到 9：同一个手机号上的第几个人',
  'worker.phone_full': (p: { max: number }) => `这个手机号已登记 ${p.max} 个人，不能再加`,
  'field.empty': '没填',
  'field.too_long': (p: { max: number }) => `最多 ${p.max} 个字`,
  'text.control_chars': '不能有看不见的控制字符',
  'time.must_be_future': '必须是将来的时间',
  'time.too_far': '最多只能是一年以内的时间',
  'date.invalid': '请填写日期，如 2026-12-05',
  'application.terms_need_hire': '上工时间、地点和发薪日只在录用时填写',

  // Reminders and their schedules
  'reminder.ended_create_new': (p: { status: string }) => `这个提醒${status(p.status)}，请新建一个`,
  'reminder.ended': (p: { status: string }) => `这个提醒${status(p.status)}`,
  'reminder.no_future_run': '这个提醒以后不会再运行，请修改时间安排',
  'reminder.text_too_long': (p: { max: number }) => `最多 ${p.max} 个字，短信才能一条发完`,
  'reminder.no_brackets': '不要写【】，签名会自动加上',
  'reminder.no_links': '不能有网址链接',
  'reminder.audience_either': '请选择一个人群，或填写工人编号（二选一）',
  'schedule.no_future_run': '以后不会再运行',
  'schedule.in_past': '这个时间已经过去了',
  'schedule.cron_fields': 'cron 要 5 段：分 时 日 月 周',
  'schedule.bad_cron': FORM_FALLBACK,
  'schedule.bad_time': FORM_FALLBACK,
  'schedule.bad_date': FORM_FALLBACK,
  'schedule.market_day': '请选择赶集日（属相街）',
  'schedule.time_format': '时间格式 HH:MM，如 09:30',
  'schedule.date_format': '日期格式 YYYY-MM-DD',

  // Accounts: console users, API keys
  'user.name_taken': (p: { name: string }) => `用户名 ${p.name} 已被使用`,
  'user.name_taken_now': '这个用户名刚刚已被使用，请换一个',
  'user.wrong_password': '当前密码不对',
  'user.cannot_disable_self': '不能停用自己的账号',
  'user.cannot_reset_self': '自己的密码请在“改密码”里修改',
  'user.cannot_change_own_scope': '不能修改自己的角色和辖区，请让另一位管理员来改',
  'workshop.assign_forbidden': '只有就业站或管理员可以把车间交给雇主账号',
  'workshop.assign_admin_only': '这个车间已经属于一个雇主，改给别的雇主或取消要请管理员来做',
  'api_key.caseworker_needs_divisions': '就业站账号至少要一个县或乡镇代码',
  'api_key.divisions_only_caseworker': '只有就业站账号按辖区划分',
  'api_key.employer_needs_employer': '雇主账号需要雇主编号',
  'api_key.employer_only_employer': '只有雇主账号填写雇主编号',
} satisfies Record<string, string | ((p: never) => string)>;

export type ErrorCode = keyof typeof ERROR_TEXT;

/** The values a code's sentence needs, or undefined when it needs none. */
export type ErrorParams<C extends ErrorCode> = (typeof ERROR_TEXT)[C] extends (p: infer P) => string ? P : undefined;

/**
 * The params field that goes with code C: required when its sentence has values, absent when
 * not, and loose when C is any code at all (a problem passed on from elsewhere).
 */
export type ParamsField<C extends ErrorCode> = ErrorCode extends C ? { params?: unknown } : ErrorParams<C> extends undefined ? { params?: undefined } : { params: ErrorParams<C> };

/** A problem found without throwing (a survey row, a schedule): the code, the English message, its params. */
export type Coded<C extends ErrorCode = ErrorCode> = { code: C; message: string } & ParamsField<C>;

export function coded<C extends ErrorCode>(code: C, message: string, ...params: ErrorParams<C> extends undefined ? [] : [ErrorParams<C>]): Coded<C> {
  return (params.length ? { code, message, params: params[0] } : { code, message }) as Coded<C>;
}

/** A coded problem about one field (a survey row's column), or about the whole thing (field null). */
export interface FieldIssue {
  field: string | null;
  code: ErrorCode;
  params?: unknown;
}

/** The Chinese sentence for a code, with its params filled in. */
export function errorSentence(code: ErrorCode, params?: unknown): string {
  const t: string | ((p: never) => string) = ERROR_TEXT[code];
  return typeof t === 'function' ? (t as (p: unknown) => string)(params ?? {}) : t;
}

/**
 * English messages that zod schemas give (a refine, a regex, a custom max), by the code they
 * stand for: zod keeps only a message on most issues, so a schema names its message through
 * zodMessage and the console finds the code again by the exact text.
 */
const ZOD_MESSAGES = new Map<string, { code: ErrorCode; params?: unknown }>();

/** A zod schema's English message, remembered as `code` (with params) for the console. */
export function zodMessage<C extends ErrorCode>(code: C, message: string, ...params: ErrorParams<C> extends undefined ? [] : [ErrorParams<C>]): string {
  ZOD_MESSAGES.set(message, { code, params: params[0] });
  return message;
}

/** The code a zod schema's message was declared with, if it was declared through zodMessage. */
export function codeOfZodMessage(message: string): { code: ErrorCode; params?: unknown } | undefined {
  return ZOD_MESSAGES.get(message);
}
