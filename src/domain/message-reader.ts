import type { PlaceCandidate, PlaceIndex } from './places.js';
import { findSkillMentions } from './skills.js';
import { normalizeText } from './text-normalize.js';

export type Intent =
  | 'subscribe'
  | 'unsubscribe'
  | 'help'
  | 'list_jobs'
  | 'apply'
  | 'pause'
  | 'resume'
  | 'status'
  | 'update_skills'
  | 'update_place'
  | 'confirm'
  | 'unknown';

/** How long a worker asked not to be sent alerts. */
export type PauseLength = { days: number } | { until: 'after_spring_festival' };

/** What a worker's text says, as far as words alone can tell. */
export interface ReadMessage {
  intent: Intent;
  /** Canonical skill names, in order of mention. */
  skills: string[];
  /** Places mentioned, in order of mention, the best candidate of each first. */
  places: PlaceCandidate[];
  /** The application code (a job's number), digits only. */
  code: string | null;
  /** Only for the pause intent; null there when no length was given (先别发). */
  pause: PauseLength | null;
  normalized: string;
  /**
   * Bare numbers such as "1 3" or "1,3": answers to a numbered menu. The intent is then
   * unknown, because only the conversation knows what the menu was.
   */
  menuChoices: number[];
}

// ---------------------------------------------------------------------------------------------
// Opt-out. Carriers and the MIIT rules on commercial SMS require T, TD, R, N and 0000 (and the
// words 退订, 取消, STOP) to stop messages whatever else is going on, so these checks run first
// and are deliberately generous for short texts.

const OPT_OUT_WORDS = new Set([
  't', 'td', 'r', 'n', '0000', 'stop', 'unsubscribe', 'unsub', 'tuiding', 'quxiao', 'qx', 'qxdy',
  '退订', '退定', '退丁', '推订', '退订阅', '退定阅', '退掉', '退', '退出', '取消', '取消订阅', '取消定阅',
  '不要', '不用', '不需要', '不用了', '不需要了', '停止', '停止发送', '停', '停发', '别发', '莫发', '不要发',
  '拒收', '拒绝', '解除', '注销', '删除', '删掉', '不订', '不订阅', '不订了', '没兴趣', '不感兴趣',
  '退订td', 'td退订', 't退订', '退订t', 'tdtd', '不要再发', '别再发', '不要发短信',
]);

// Words around an opt-out that do not change it: politeness, particles, the object.
const LEAD_FILLERS = [
  '您好', '你好', '老板', '老师', '师傅', '喂', '哎', '嗯', '那个', '麻烦你', '麻烦您', '麻烦', '请你',
  '请您', '请帮我', '请', '帮我', '给我', '我要', '我想', '我需要', '想要', '要', '想', '马上', '立即', '立刻',
  '赶紧', '赶快', '直接', '回复', '回', '全部', '都', '统统', '把', '就', '我',
];
const TRAIL_FILLERS = [
  '谢谢你', '谢谢您', '谢谢啦', '谢谢了', '谢谢', '谢啦', '多谢', '感谢', '拜托', '好吗', '可以吗', '行吗',
  '好不好', '一下', '了', '吧', '啊', '呀', '哦', '噢', '嘛', '呢', '哈', '啦', '下', '掉', '我', '吗',
  '短信', '信息', '消息', '服务', '通知', '推送', '的', '哇', '喔', '啰', '咯',
];

const NEGATED_OPT_OUT_RE = /(不|别|不要|不想|没|莫|不用|不会)(退订|退定)/;
const OPT_OUT_ANYWHERE_RE =
  /退订|退定|退掉|退訂|取消(订阅|定阅|订购|短信|信息|消息|推送|服务|关注|通知|发送|提醒)|拒收|不再接收|unsubscribe/;
// Tokens that opt out wherever they stand; single letters (t, r, n) only count as the whole text,
// so that T恤 or an R in a sentence is not an opt-out.
const OPT_OUT_TOKENS = new Set(['td', 'stop', 'unsubscribe', 'unsub', 'tuiding']);

// "Don't send any more": an opt-out unless the worker says when to start again (then a pause).
const SOFT_STOP_RE =
  /(不要|别|莫要|莫|不用|甭|勿|不准|不许|不必|不消|停止|停|少)(再|继续|老是|总是|一直|每天|天天|乱)?(给我|跟我|向我|帮我|和我|对我)?(发|推送|推|打扰|通知|联系|骚扰|烦|打电话|短信)|(不想|不愿意|不再|不要再?|不需要再?)(收|接收|接到|看到)(短信|信息|消息|通知)?|拉黑|骚扰|烦死|好烦|别烦|滚|不找(工作|活|活路)?了|找到(工作|活|活路|事做)了|不需要(工作|找工作|了)|不打工了|投诉|举报/;
const PAUSE_CUE_RE =
  /先|暂时|暂且|这几天|这段时间|这阵子|这个月|最近|过几天|过段时间|过一段时间|晚点|晚些|以后再|之后再|后再|再说|等[^,.!?]{0,10}(再|后|完)|过完年|过了年|过年|年后|春节|农忙|忙完|几天|[0-9]+(天|周|个?星期|个?礼拜|个?月)|[一二两三四五六七八九十半]+(天|周|个?星期|个?礼拜|个?月)|个把月|下个?月|下个?(周|星期|礼拜)|明年/;
const PAUSE_RE =
  /暂停|暂挺|站停|暂亭|停几天|停一段|停一下|停一阵|歇几天|歇一段|先停|zanting|过\s*([0-9]+|[一两二三四五六七八九十几]+)\s*个?(天|周|星期|礼拜|月)\s*(再|才)|停\s*([0-9]+|[一二两三四五六七八九十半几]+)\s*个?(天|周|星期|礼拜|月)|(过完年|过了年|过年后|过年以后|年后|春节后|春节过后|过完春节|过了春节|元宵节?后|忙完|农忙完|忙过|这几天忙|等[^,.!?]{1,10}|以后|之后|过段时间|过几天|晚点|下个?月|明年)了?(再|才)(说|发|联系|找|看|打工|上班)/;
const RESUME_RE =
  /^继续$|恢复|恢服|取消暂停|不暂停|暂停结束|结束暂停|解除暂停|huifu|继续(发|推送|推|接收|通知|订阅)|重新(发|推送|接收|开始|通知)|可以(再)?发了|又可以|开始发|接着发|打开推送|又想(找|打工|上班)|继续找/;
const APPLY_RE = /报名|报个名|报一个|报明|抱名|保名|报铭|baoming|应聘|申请|我报|帮我报|要报|想报|apply|面试/;
const APPLY_WITH_CODE_RE = /(报|去|要|选|想去|参加|做|干)$/;
const STATUS_RE =
  /(报名|报的|申请)[^,.!?]{0,6}(怎么样|结果|情况|进度|有消息|有回音|成功)|怎么样了|有结果|录取|录用|通过了吗|有回音|有回复吗|我订了什么|我订的|我报的|查询|查一下我|查看我|wode|status/;
const STATUS_WHOLE_RE =
  /^(查询?|查看|查一下|看看|看一下)?我的(信息|资料|订阅|状态|报名|设置|账号|情况|技能|地址|记录)?(是什么|有哪些|呢)?$/;
const UPDATE_PLACE_RE =
  /地址|住址|地点|住的地方|住的是|地方改|改地方|(写|填|搞|弄)错|dizhi|搬到|搬去|搬来|搬家|搬了家|换地方|换个地方|换地址|改地址|现在住在?|现在在[^,.!?]{2,8}(住|了)|改到|换到/;
const UPDATE_SKILLS_RE =
  /技能|记能|jineng|改技能|换技能|加技能|增加技能|添加技能|又学会|新学会|刚学会|学会了|改做|改干|换个工种|工种/;
const CHANGE_RE = /改成|换成|改为|换为|只要|只做|只想|想改|想换/;
const LIST_JOBS_RE =
  /岗位|岗为|港位|gangwei|职位|jobs?\b|工作机会|(有什么|有啥|有没有|有没得|有无|哪里有|哪有|哪点有|哪儿有|还有|有哪些|有不有|啥子)[^,.!?]{0,6}(工作|活|岗位|事做|厂|班上|招工|招人|职位|单位)|招人|招工|招聘|缺人|要人吗|收人|(工作|活|活路|岗位|事做|班上)(吗|么|没|没有|不|呢|嘛)$|的有吗$|的有没有$|看看(工作|岗位|活)|推荐|招不招|还招|要不要人|还要人|缺不缺人|(有没有|有没得|有不有)[^,.!?]{0,12}的(吗|呢)?$/;
const SUBSCRIBE_RE =
  /订阅|定阅|订月|定月|订悦|dingyue|subscribe|关注|注册|登记|找工作|找活|找事做|找个活|找份工|找点活|找个事|找份|想上班|想做|想干|想打工|打工|求职|上班|有活(通知|告诉|叫|喊|联系|发给)?我|(通知|告诉|喊|叫|联系)我|留意|帮我找|介绍(个|份)?(工作|活)/;
const HELP_RE =
  /帮助|帮住|帮主|bangzhu|help|怎么用|怎么弄|怎么搞|怎么办|咋个整|咋整|咋弄|咋个弄|咋个搞|不会用|不懂|看不懂|什么意思|啥意思|哪样意思|是什么|干什么的|干嘛的|做什么的|你们是谁|你是谁|谁啊|干什么用|做什么用|有什么用|打听|为什么|为啥|咋个没|怎么没|怎么还没|整哪样|搞哪样|做哪样|干哪样|菜单|说明|人工|客服|咨询|问一下|请问|怎么回|回什么/;
const GREETING_RE = /^(在吗|在不在|在么|有人吗|有人在吗|你好|您好|喂|hi|hello|哈喽|嗨|你好啊|您好啊|老板|\?+)$/;

const CONFIRM_WORDS = new Set([
  '好', '好的', '好滴', '好哒', '好嘞', '好啊', '好吧', '嗯', '嗯嗯', '恩', '恩恩', '是', '是的', '对', '对的', '对头',
  '可以', '可以的', '行', '行的', '行啊', '中', 'ok', 'okay', 'okk', 'yes', 'y', 'yeah', '确认', '确定', '同意',
  '没问题', '要得', '得行', '要', '要的', '愿意', '收到', '知道', '知道了', '晓得', '晓得了', '明白', '明白了',
  '好的好的', '可以可以', '行行', '要得要得', '对对', '嗯呢', '好了',
]);
const CONFIRM_EMOJI_RE = /^[\s👍👌✅🙆‍♀️🙆‍♂️🆗✔️☑️]+$/u;

// Leading command words, as printed in the help text and as workers abbreviate them: the
// first word decides even when the rest of the text holds other keywords (订阅 岗位).
const LEAD_COMMANDS: readonly (readonly [string, Intent])[] = [
  ['订阅', 'subscribe'], ['定阅', 'subscribe'], ['订月', 'subscribe'], ['定月', 'subscribe'], ['订悦', 'subscribe'],
  ['帮助', 'help'], ['帮住', 'help'], ['帮主', 'help'],
  ['岗位', 'list_jobs'], ['岗为', 'list_jobs'], ['港位', 'list_jobs'], ['职位', 'list_jobs'],
  ['报名', 'apply'], ['报明', 'apply'], ['抱名', 'apply'], ['保名', 'apply'], ['报铭', 'apply'],
  ['暂停', 'pause'], ['暂挺', 'pause'], ['站停', 'pause'], ['暂亭', 'pause'],
  ['恢复', 'resume'], ['恢服', 'resume'],
  ['技能', 'update_skills'], ['记能', 'update_skills'],
  ['地址', 'update_place'], ['住址', 'update_place'],
  ['查询', 'status'],
];
const LEAD_ASCII: ReadonlyMap<string, Intent> = new Map<string, Intent>([
  ['dy', 'subscribe'], ['dingyue', 'subscribe'], ['subscribe', 'subscribe'], ['sub', 'subscribe'],
  ['bz', 'help'], ['bangzhu', 'help'], ['help', 'help'], ['menu', 'help'],
  ['gw', 'list_jobs'], ['gangwei', 'list_jobs'], ['jobs', 'list_jobs'], ['job', 'list_jobs'],
  ['bm', 'apply'], ['baoming', 'apply'], ['apply', 'apply'],
  ['zt', 'pause'], ['zanting', 'pause'], ['pause', 'pause'],
  ['hf', 'resume'], ['huifu', 'resume'], ['resume', 'resume'],
  ['wd', 'status'], ['wode', 'status'], ['status', 'status'],
  ['jn', 'update_skills'], ['jineng', 'update_skills'], ['skills', 'update_skills'],
  ['dz', 'update_place'], ['dizhi', 'update_place'], ['address', 'update_place'],
]);
// ASCII words that are commands, not pinyin of places: kept out of place matching.
const COMMAND_TOKENS = new Set([...LEAD_ASCII.keys(), ...OPT_OUT_TOKENS, 't', 'r', 'n', 'ok', 'yes', 'quxiao']);

// ---------------------------------------------------------------------------------------------

/** Builds the reader; the place index is the only dependency, so reading is pure. */
export function createMessageReader(deps: { places: PlaceIndex }): (text: string) => ReadMessage {
  return (text: string): ReadMessage => {
    const normalized = normalizeText(text);
    const compact = compactOf(normalized);
    const core = stripFillers(compact);
    const mentions = findSkillMentions(normalized);
    const skills = unique(mentions.map((m) => m.name));
    const places = deps.places.findInText(maskForPlaces(normalized, mentions));
    const code = findCode(normalized);
    const menuChoices = code === null ? readMenuChoices(normalized) : [];
    const intent = classify({ normalized, compact, core, skills, mentions, hasPlace: places.length > 0, code });
    return {
      intent,
      skills,
      places,
      code: intent === 'unsubscribe' ? null : code,
      pause: intent === 'pause' ? readPause(compact) : null,
      normalized,
      menuChoices: intent === 'unknown' ? menuChoices : [],
    };
  };
}

/** What the classifier looks at, computed once per message. */
interface Clues {
  normalized: string;
  compact: string;
  core: string;
  skills: string[];
  mentions: { start: number; end: number }[];
  hasPlace: boolean;
  code: string | null;
}

function classify(c: Clues): Intent {
  const { normalized, compact, core } = c;
  if (isOptOut(c)) return 'unsubscribe';
  if (/取消暂停|不暂停|暂停结束|结束暂停|解除暂停/.test(compact)) return 'resume';

  const softStop = SOFT_STOP_RE.exec(compact);
  if (softStop) {
    // 不要发编织的了: the worker narrows what is sent, not whether.
    const after = compact.slice(softStop.index + softStop[0].length);
    if (c.hasPlace && UPDATE_PLACE_RE.test(compact)) return 'update_place';
    if (c.skills.length > 0 && (CHANGE_RE.test(compact) || startsWithSkill(after, c))) return 'update_skills';
    return PAUSE_CUE_RE.test(compact) || PAUSE_RE.test(compact) ? 'pause' : 'unsubscribe';
  }
  if (STATUS_WHOLE_RE.test(core) || STATUS_WHOLE_RE.test(compact)) return 'status';
  if (/(报名|报的|申请)[^,.!?]{0,6}(怎么样|结果|情况|进度)|怎么样了|录取|录用|有结果/.test(compact)) return 'status';

  const lead = leadCommand(normalized);
  if (lead) return lead;

  if (PAUSE_RE.test(compact)) return 'pause';
  if (RESUME_RE.test(compact)) return 'resume';
  if (APPLY_RE.test(compact)) return 'apply';
  if (c.code !== null && isBareCode(core, c.code)) return 'apply';
  // 我去 answering an alert: applying to the job just sent, whose code the conversation knows.
  if (/^(好的?|可以|行)?(我去|去|我要去|要去|想去|我想去|我报|报一个)$/.test(core)) return 'apply';
  if (UPDATE_PLACE_RE.test(compact) && !/地址(在哪|是哪|在什么)/.test(compact)) return 'update_place';
  if (UPDATE_SKILLS_RE.test(compact)) return 'update_skills';
  if (CHANGE_RE.test(compact)) {
    if (c.skills.length > 0) return 'update_skills';
    if (c.hasPlace) return 'update_place';
  }
  if (STATUS_RE.test(compact)) return 'status';
  if (LIST_JOBS_RE.test(normalized) || LIST_JOBS_RE.test(compact)) return 'list_jobs';
  if (SUBSCRIBE_RE.test(compact) || c.skills.length > 0 || c.hasPlace) return 'subscribe';
  if (GREETING_RE.test(core) || GREETING_RE.test(compact) || /^\?+$/.test(normalized.replace(/\s/g, ''))) return 'help';
  if (HELP_RE.test(compact)) return 'help';
  if (CONFIRM_WORDS.has(compact) || CONFIRM_WORDS.has(core) || CONFIRM_WORDS.has(stripTrailing(compact))) return 'confirm';
  // 嗯，好的 / 行，可以: several yes-words in a row.
  const parts = normalized.split(/[\s\p{P}]+/u).filter((p) => p.length > 0 && !/^(谢谢|多谢|感谢|谢啦)/.test(p));
  if (parts.length > 1 && parts.every((p) => CONFIRM_WORDS.has(p) || CONFIRM_WORDS.has(stripTrailing(p)))) return 'confirm';
  if (CONFIRM_EMOJI_RE.test(normalized)) return 'confirm';
  return 'unknown';
}

function isOptOut(c: Clues): boolean {
  const { normalized, compact, core } = c;
  if (OPT_OUT_WORDS.has(compact) || OPT_OUT_WORDS.has(core)) return true;
  // 00000: a mistyped 0000, never a job code.
  if (/^0{3,}$/.test(compact)) return true;
  // TTT, td td: the same opt-out typed again because the first one "did not work".
  if (/^(td|t|r|n)\1+$/.test(compact)) return true;
  if (OPT_OUT_ANYWHERE_RE.test(compact) && !NEGATED_OPT_OUT_RE.test(compact)) return true;
  for (const m of normalized.matchAll(/[a-z]+/g)) if (OPT_OUT_TOKENS.has(m[0])) return true;
  // 取消 opening a short text (取消 缝纫, 取消吧) is an opt-out unless it cancels something else.
  if (/^取消/.test(core) && !/^取消(暂停|报名|申请|\d)/.test(core) && core.length <= 8) return true;
  return false;
}

function leadCommand(normalized: string): Intent | undefined {
  const text = stripLeadFillers(normalized);
  const ascii = /^([a-z]+)(?![a-z])/.exec(text);
  if (ascii?.[1]) {
    const word = ascii[1];
    const direct = LEAD_ASCII.get(word);
    if (direct) return direct;
    // "ding yue", "bao ming": pinyin typed syllable by syllable.
    const next = /^ ([a-z]+)(?![a-z])/.exec(text.slice(word.length))?.[1];
    if (next) return LEAD_ASCII.get(word + next);
    return undefined;
  }
  // 订阅的时候写错了: a command word followed by 的 is a noun in a sentence, not a command.
  for (const [word, intent] of LEAD_COMMANDS) if (text.startsWith(word) && text[word.length] !== '的') return intent;
  return undefined;
}

function stripLeadFillers(normalized: string): string {
  let text = normalized.replace(/^[\s\p{P}\p{S}]+/u, '');
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of LEAD_FILLERS) {
      // 我, 要 and 想 stay: stripping them would turn 我的 (status) into 的 and 要得 into 得.
      if (f === '我' || f === '要' || f === '想') continue;
      if (text.startsWith(f)) {
        text = text.slice(f.length).replace(/^[\s\p{P}\p{S}]+/u, '');
        changed = true;
      }
    }
  }
  return text;
}

function stripTrailing(compact: string): string {
  let text = compact;
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of TRAIL_FILLERS) {
      if (text.endsWith(f) && text.length > f.length) {
        text = text.slice(0, -f.length);
        changed = true;
      }
    }
  }
  return text;
}

function stripFillers(compact: string): string {
  let text = compact;
  for (let changed = true; changed && text.length > 0; ) {
    changed = false;
    for (const f of LEAD_FILLERS) {
      if (text.startsWith(f) && text.length > f.length) {
        text = text.slice(f.length);
        changed = true;
      }
    }
    for (const f of TRAIL_FILLERS) {
      if (text.endsWith(f) && text.length > f.length) {
        text = text.slice(0, -f.length);
        changed = true;
      }
    }
  }
  return text;
}

function startsWithSkill(after: string, c: Clues): boolean {
  const skillWords = c.mentions.map((m) => c.normalized.slice(m.start, m.end));
  const rest = after.replace(/^(那些|这些|什么|那种|这种|啥)/, '');
  return skillWords.some((w) => rest.startsWith(w));
}

function isBareCode(core: string, code: string): boolean {
  const rest = core.replace(code, '').replace(/号|的|这个|那个|工作|岗位|活/g, '');
  return rest === '' || APPLY_WITH_CODE_RE.test(rest) || /^(去|我去|要|我要|选|就)$/.test(rest) || CONFIRM_WORDS.has(rest);
}

// ---------------------------------------------------------------------------------------------
// Entities

/** Letters, digits and CJK only: what is left when spacing, punctuation and emoji go. */
function compactOf(normalized: string): string {
  return normalized.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]/gu, '');
}

// Skill words and command tokens are blanked before place matching, so that the two
// dictionaries never share characters (and "dy" or "bm" never reach the pinyin index).
function maskForPlaces(normalized: string, mentions: readonly { start: number; end: number }[]): string {
  const chars = [...normalized.split('')];
  for (const m of mentions) for (let i = m.start; i < m.end; i++) chars[i] = '|';
  let masked = chars.join('');
  masked = masked.replace(/[a-z]+/g, (w) => (COMMAND_TOKENS.has(w) ? '|'.repeat(w.length) : w));
  return masked;
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 幺: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/**
 * The application code: 3 to 6 digits (or spoken digits, 报名一零二四) that are not a phone
 * number, a wage, a date or a duration.
 */
function findCode(normalized: string): string | null {
  for (const m of normalized.matchAll(/[0-9]+/g)) {
    const digits = m[0];
    if (digits.length < 3 || digits.length > 6) continue;
    const before = normalized.slice(Math.max(0, m.index - 5), m.index);
    const after = normalized.slice(m.index + digits.length, m.index + digits.length + 3);
    if (/工资|月薪|薪|工钱|收入|底薪|价|钱|电话|手机|微信|qq|¥|\$|第/.test(before)) continue;
    if (/^\s*(天|日|个|年|月|周|元|块|岁|点|斤|公里|米|人|次|分|k|w|万|千|多|以上|以下|左右|一个月|一天|每|\/|-|:|\.)/.test(after)) continue;
    return digits;
  }
  // Spoken digits only next to an apply word: elsewhere 一二三 is just counting.
  const spoken = /(?:报名|报|bm|号码|编号|代码)\s*([零〇一幺二两三四五六七八九]{3,6})(?![十百千万天个月年])/.exec(normalized);
  if (spoken?.[1]) return [...spoken[1]].map((ch) => String(CN_DIGITS[ch] ?? '')).join('');
  return null;
}

const MENU_RE = /^(?:选|选择|回复|我选|要|第)?\s*([0-9]{1,2}(?:\s*(?:,|、|和|及|与|\+|\/|\.|还有|\s)\s*[0-9]{1,2})*)\s*(?:号|个|项)?$/;

function readMenuChoices(normalized: string): number[] {
  const m = MENU_RE.exec(normalized);
  if (!m?.[1]) return [];
  return unique([...m[1].matchAll(/[0-9]+/g)].map((d) => Number(d[0])));
}

/** Reads 15, 十五, 两, 半 and 二十 as numbers; null for 几 (a few), which is no length. */
function readNumber(text: string): number | null {
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (text === '半') return 0.5;
  if (/几/.test(text)) return null;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch in CN_DIGITS) {
      current = CN_DIGITS[ch] ?? 0;
    } else {
      return null;
    }
  }
  return total + current || null;
}

const UNIT_DAYS: Record<string, number> = { 天: 1, 日: 1, 周: 7, 星期: 7, 礼拜: 7, 月: 30, 年: 365 };

function readPause(compact: string): PauseLength | null {
  if (/过完年|过了年|过年后|过年以后|过年再|年后|春节后|春节以后|过完春节|等过年|正月过|元宵(节)?(过|后)|明年/.test(compact)) {
    return { until: 'after_spring_festival' };
  }
  if (/个把月|一个多月/.test(compact)) return { days: 30 };
  if (/下个?月/.test(compact)) return { days: 30 };
  if (/下个?(周|星期|礼拜)/.test(compact)) return { days: 7 };
  const m = /([0-9]+|[零〇一二两三四五六七八九十百半几]+)(?:个|多个|来个)?多?(天|日|周|星期|礼拜|月|年)/.exec(compact);
  if (!m?.[1] || !m[2]) return null;
  const n = readNumber(m[1]);
  const unit = UNIT_DAYS[m[2]];
  if (n === null || unit === undefined) return null;
  return { days: Math.max(1, Math.round(n * unit)) };
}

// Chinese New Year (正月初一) dates, Beijing time, from the Purple Mountain Observatory's
// published lunar calendar (as reproduced by the Hong Kong Observatory's Gregorian–lunar
// conversion tables). 元宵 (正月十五) is 14 days later. ICU's chinese calendar (Intl) agrees
// except in 2027 and 2030, where the new moon falls within minutes of Beijing midnight and its
// simpler astronomy puts 正月初一 a day off; the official calendar is the one people keep.
const CHINESE_NEW_YEAR: readonly string[] = [
  '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13', '2030-02-03',
  '2031-01-23', '2032-02-11', '2033-01-31', '2034-02-19', '2035-02-08',
];
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * When a pause ends: after N days, or at 00:00 Beijing time on the day after the Lantern
 * Festival (元宵) that closes the coming (or current) Spring Festival.
 */
export function resolvePauseUntil(pause: PauseLength, now: Date): Date {
  if ('days' in pause) return new Date(now.getTime() + pause.days * DAY_MS);
  for (const date of CHINESE_NEW_YEAR) {
    // Midnight Beijing time on the day after 元宵 = New Year's day + 15 days.
    const end = Date.parse(`${date}T00:00:00+08:00`) + 15 * DAY_MS;
    if (end > now.getTime()) return new Date(end);
  }
  // Past the table: the New Year falls between 21 January and 20 February, so 7 March (20
  // February + 15 days) is always after the festival, if up to a month late.
  const beijingYear = new Date(now.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
  const thisYear = Date.parse(`${beijingYear}-03-07T00:00:00+08:00`);
  return new Date(thisYear > now.getTime() ? thisYear : Date.parse(`${beijingYear + 1}-03-07T00:00:00+08:00`));
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
