import { classifyBusinessCode } from '../channels/sms/aliyun-errors.js';
import { callOutcome } from '../domain/voice-rules.js';
/** Chinese names for the states and codes the console shows, so no page reads `sent` or `opening.broadcast`. */

export const APPLICATION_STATUS: Record<string, string> = { applied: '已报名', contacted: '已联系', hired: '已录用', declined: '未录用' };
export const CAMPAIGN_STATUS: Record<string, string> = { pending: '排队中', matching: '匹配中', sending: '发送中', completed: '已发完', cancelled: '已取消', failed: '失败', held: '待就业站审核' };
export const NOTIFICATION_STATUS: Record<string, string> = { queued: '排队中', sending: '发送中', sent: '已发出', delivered: '已送达', failed: '失败', cancelled: '已取消' };

/** What the reader made of a worker's text (domain/reader-types.ts Intent). */
export const INTENT_NAMES: Record<string, string> = {
  subscribe: '登记',
  unsubscribe: '退订',
  report: '举报/欠薪',
  help: '求助',
  list_jobs: '问岗位',
  apply: '报名',
  pause: '暂停',
  resume: '恢复',
  status: '查状态',
  update_skills: '改技能',
  update_place: '改住址',
  confirm: '确认',
  unknown: '没看懂',
};
/** A stored value no map names: shown as 其他, never as an English code. */
export const labelOf = (names: Record<string, string>, v: string | null | undefined, none = '') => (v ? (names[v] ?? '其他') : none);

export const AUDIT_ENTITIES: Record<string, string> = {
  api_key: 'API 密钥',
  console_user: '后台用户',
  employer: '雇主',
  opening: '招工',
  queue: '队列',
  reminder: '提醒',
  segment: '人群',
  worker: '工人',
  workshop: '车间',
  application: '报名',
  campaign: '发送批次',
  bulletin: '村广播稿',
  ladder: '换办法联系',
  division: '地方',
};
const VERBS: Record<string, string> = {
  create: '新建',
  update: '修改',
  revoke: '作废',
  password: '改密码',
  sign_in: '登录',
  broadcast: '发送',
  open: '发布',
  filled: '招满',
  closed: '关闭',
  expired: '过期',
  pause: '暂停',
  resume: '恢复',
  cancel: '取消',
  register: '登记',
  call: '电话回访',
  import_create: '摸底表新登记',
  import_update: '摸底表更新',
  applied: '报名',
  contacted: '已联系',
  hired: '录用',
  declined: '不录用',
  password_reset: '管理员重设密码',
  scope: '改角色和辖区',
  assign_employer: '交给雇主账号',
  disable: '停用',
  enable: '启用',
  sign_in_failed: '登录失败',
  sign_in_limited: '登录被限制',
  edited: '修改',
  regenerated: '重新生成',
  hook_retry: '重新发送',
  settings: '设置',
};
/** "opening.broadcast" → "招工·发送"; a part no map names reads 其他. */
export function auditActionText(action: string): string {
  const [entity, verb] = action.split('.', 2);
  return `${AUDIT_ENTITIES[entity ?? ''] ?? '其他'}·${VERBS[verb ?? ''] ?? '其他'}`;
}
export const auditEntityText = (entity: string) => AUDIT_ENTITIES[entity] ?? '其他';

/** What the console's local words mean, said where they first appear (the first-run guide, the reminder form). */
export const EXPLAIN = {
  属相街:
    '红河的集市按十二属相轮流赶：鼠街、牛街……狗街、猪街，每个集市 12 天赶一次。提醒选“赶集日（属相街）”并选好哪个街，就在每次赶这个集的那天按时发出。',
  人群: '人群是按住址、技能、短信状态保存的一组工人（在“提醒”页下方新建）。发提醒时选一个人群，就发给发送那一刻符合条件的所有人，新登记的人也算在内。',
} as const;

/** Why a message failed, in words a station reads; the raw code stays in a tooltip and its own Excel column. */
const FAILURE_BY_CODE: Record<string, string> = {
  REPLY_BUDGET: '这个号码的回复次数用完了',
  DAILY_BUDGET: '今天发给这个号码的已经够多',
  NEW_NUMBER_CEILING: '陌生号码的回复到了上限',
  SPEND_LIMIT: '今天的短信费用到了上限',
  PHONE_INVALID: '号码无效',
  MOBILE_NOT_ON_SERVICE: '号码停机或不在服务区',
  MOBILE_ACCOUNT_ABNORMAL: '号码欠费或停用',
  MOBILE_IN_BLACK: '号码拒收短信',
  MOBILE_TERMINAL_ERROR: '手机关机或出错',
  MOBILE_SEND_LIMIT: '这个号码今天收得太多',
  // Codes guiyan writes itself (src/services/delivery): why a message was held, cancelled or moved.
  SPEND_HELD: '今天的短信费用到了上限，明天再发',
  NO_PHONE: '没有手机号',
  OPTED_OUT: '工人已退订',
  PAUSED: '工人暂停接收',
  NOT_HIRED: '录用已撤销',
  START_CHANGED: '上工时间改了，已发新的',
  UNDELIVERED: '运营商没送到',
  RECONCILE_NO_TRACE: '平台查不到这条，已重发',
  WECHAT_UNCONFIRMED: '微信没确认收到',
  WECHAT_NO_RECIPIENT: '没有绑定微信',
  VOICE_UNCONFIRMED: '电话结果没回来',
  CALLS_STOPPED: '工人不要电话，改发短信',
  OPENING_FILLED: '招工已招满',
  OPENING_CLOSED: '招工已关闭',
  OPENING_EXPIRED: '招工已过期',
  OPENING_STARTED: '已经开工',
};
const FAILURE_BY_CLASS: Record<string, string> = {
  invalid_number: '号码无效',
  phone_limited: '这个号码今天收得太多',
  account: '短信账户有问题',
  config: '短信模板或签名有问题',
  request: '发送请求有误',
  transient: '短信平台临时出错',
  throttled: '发得太快被限流',
};
export function failureText(code: string | null | undefined, classify: (code: string) => string = classifyBusinessCode): string {
  if (!code) return '';
  const own = FAILURE_BY_CODE[code] ?? FAILURE_BY_CODE[code.replace(/^isv\./, '')];
  if (own) return own;
  if (/^is[vp]\./.test(code)) return FAILURE_BY_CLASS[classify(code)] ?? '发送出错';
  // A voice call's final status (docs/aliyun-voice.md) is stored as VOICE_<status code>.
  const voice = /^VOICE_(\d{6})$/.exec(code);
  if (voice) return `电话没接通：${callOutcome(voice[1]!).reason ?? '呼叫失败'}`;
  if (/^OPENING_/.test(code)) return '招工已不再招人';
  return '运营商没送到';
}
