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

const ENTITIES: Record<string, string> = {
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
};
/** "opening.broadcast" → "招工·发送"; a part no map names reads 其他. */
export function auditActionText(action: string): string {
  const [entity, verb] = action.split('.', 2);
  return `${ENTITIES[entity ?? ''] ?? '其他'}·${VERBS[verb ?? ''] ?? '其他'}`;
}
export const auditEntityText = (entity: string) => ENTITIES[entity] ?? '其他';
