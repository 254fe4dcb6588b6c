import type { PlaceCandidate, PlaceIndex } from './places.js';
import { givenUp26 } from './reader-kinds-26.js';
import { COMMAND_TOKENS } from './reader-rules.js';
import { removedAfterSkill } from './reader-false-stops.js';

/**
 * What the message reader (message-reader.ts) takes out of a text besides the intent: the
 * application code, menu numbers, the skills kept and the place a change of address names.
 */

/** Letters, digits and CJK only: what is left when spacing, punctuation and emoji go. */
export function compactOf(normalized: string): string {
  return normalized.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]/gu, '');
}

// Skill words and command tokens are blanked before place matching, so that the two
// dictionaries never share characters (and "dy" or "bm" never reach the pinyin index).
export function maskForPlaces(normalized: string, mentions: readonly { start: number; end: number }[]): string {
  const chars = [...normalized.split('')];
  for (const m of mentions) for (let i = m.start; i < m.end; i++) chars[i] = '|';
  let masked = chars.join('');
  masked = masked.replace(/[a-z]+/g, (w) => (COMMAND_TOKENS.has(w) ? '|'.repeat(w.length) : w));
  return masked;
}

/**
 * The application code: 3 to 6 digits that are not a phone number, a wage, a date or a
 * duration. Spoken digits (报名一零二四) are digits already: toReading wrote them so.
 */
export function findCode(normalized: string): string | null {
  let cancelled: string | null = null;
  for (const m of normalized.matchAll(/[0-9]+/g)) {
    const digits = m[0];
    if (digits.length < 3 || digits.length > 6) continue;
    // 666 (well done), 886 (bye), 520: chat slang, not a code (codes in alerts have four digits).
    if (digits.length === 3 && (/^(\d)\1\1$/.test(digits) || SLANG_NUMBERS.has(digits))) continue;
    const before = normalized.slice(Math.max(0, m.index - 5), m.index);
    const after = normalized.slice(m.index + digits.length, m.index + digits.length + 3);
    // (一分钱没拿到 2017那个: a clause of its own that points at an opening is its code; run
    // together too, 一分钱没拿到2017那个, when words that are no amount's (没拿到) stand between the
    // money and the number — 工资只有3000那个 is a wage.)
    const ownClause = /[\s,.!?]$/.test(before) || (!/(工资|月薪|薪|工钱|收入|底薪|价|钱|电话|手机|微信|qq)[^0-9]{0,2}$/.test(before) && !/[是有才只就约给发开要为]$/.test(before));
    // (Round 36: 不是说好有人打电话的吗 1003报了三天了 — a number in a clause of its own that 报 follows is the code applied to;
    // 去了吃饭要自己出钱 3021 — four digits that are no round amount, ending the text after money paid out, likewise.)
    const ownCode36 = /[\s,.!?]$/.test(before) && (/^报(了|过|名)/.test(after) || (/(出|交|掏|花|付)钱[\s,.!?]+$/.test(before) && /^[0-9]{3}[1-9]$/.test(digits) && m.index + digits.length === normalized.trimEnd().length));
    if (/工资|月薪|薪|工钱|收入|底薪|价|钱|电话|手机|微信|qq|¥|\$/.test(before) && !ownCode36 && !(ownClause && !/(工资|月薪|薪|工钱|收入|底薪|价|钱|电话|手机|微信|qq)[\s,.!?]*$/.test(before) && /^\s?(号|那个|这个|那家|这家)/.test(after + normalized.slice(m.index + digits.length + 3, m.index + digits.length + 5)))) continue;
    // 第1003号 is a code; 第3天 is not.
    if (/第$/.test(before) && !/^号/.test(after)) continue;
    // 5k, 1w (thousand, ten thousand) but not 1024 wo qu (我去 in pinyin); 人 counts people, 人家 (they: 3021 人家要我没有,
    // Round 29) does not.
    if (/^\s*(天|日|个|年|月|周|元|块|岁|点|斤|公里|米|人(?!家)|次|分|k(?![a-z])|w(?![a-z])|万|千|多|以上|以下|左右|一个月|一天|每|\/|-|:|\.[0-9])/.test(after)) continue;
    // 取消1003 报1004, 1003不去了 换1004: a code taken back yields to another named after it.
    // (1035那个不报了 改报1036, 取消报名1023 要报1032: the code given up, with 那个 or 报名 beside it;
    // 取消BM2046 … 要报2064, Round 16f: or with its BM.)
    if (/(取消|不报|不去|退掉|不要|撤回|不是)(报名|报|申请)?\s*(bm|BM)?\s*$/.test(before) || /^\s*(那个|这个|的)?(不去|不报|不要|取消|算了|不干)/.test(normalized.slice(m.index + digits.length, m.index + digits.length + 6))) {
      cancelled ??= digits;
      continue;
    }
    return digits;
  }
  if (cancelled !== null) return cancelled;
  // Digits typed apart after an apply word (报名 1 0 0 3, bm 2 0 4 8): elsewhere "1 3 5" is a
  // menu answer.
  const spaced = /(?:报名|报|bm|编号|号码)\s*((?:[0-9]{1,3} ){1,5}[0-9]{1,3})(?![0-9])/.exec(normalized);
  if (spaced?.[1]) {
    // BM 10 03, 报名 1 0 0 3: groups typed apart that make one code of 3 to 6 digits.
    const joined = spaced[1].replace(/ /g, '');
    if (joined.length >= 3 && joined.length <= 6) return joined;
  }
  // 4 4 0 2 alone: a four-digit code typed apart (codes in alerts have four digits); 1 2 3 4
  // of menu numbers only (each 1 to 4, none twice) stays a menu answer.
  const alone = /^\s*([0-9]) ([0-9]) ([0-9]) ([0-9])\s*$/.exec(normalized);
  if (alone) {
    const digits = alone.slice(1, 5).join('');
    if (!(/^[1-4]+$/.test(digits) && new Set(digits).size === 4)) return digits;
  }
  // 4 0 3 7 报名: digits typed apart before the apply word.
  const before = /(?<![0-9])((?:[0-9]{1,3} ){1,5}[0-9]{1,3})\s*(?:号\s*)?(?:报名|报|bm|baoming)/.exec(normalized);
  if (before?.[1]) {
    const joined = before[1].replace(/ /g, '');
    if (joined.length >= 3 && joined.length <= 6) return joined;
  }
  return null;
}

const SLANG_NUMBERS = new Set(['886', '520', '521', '555', '233', '748', '995', '530', '250']);

const MENU_RE = /^(?:选|选择|回复|回|我选|要|第)?\s*([0-9]{1,2}(?:\s*(?:,|、|和|及|与|\+|\/|\.|还有|\s)\s*[0-9]{1,2})*)\s*(?:号|个|项)?$/;

export function readMenuChoices(normalized: string): number[] {
  // A menu answer is a few characters; longer texts are not tried (the pattern backtracks).
  if (normalized.length > 30) return [];
  const m = MENU_RE.exec(normalized);
  if (!m?.[1]) return [];
  return unique([...m[1].matchAll(/[0-9]+/g)].map((d) => Number(d[0])));
}

// Words for how work is paid or timed (零工, 日结, 短工) read as 普工 alone, but beside a named
// skill they only qualify it: 今天有零工吗 搬运的 asks for 搬运.
const JOB_TYPE_WORDS = new Set(['零工', '打零工', '做零工', '短工', '日结', '日结工', '临时工', '小时工', '散工', '钟点工', '长工']);

// Words that say where work is done rather than what it is (在东莞厂里面做过, 还是在家做): a
// skill only when no other skill is named.
const WHERE_WORDS = new Set([
  '厂里', '工厂里', '进厂', '在家做', '拿回家做', '带回家做',
  // The kind of factory worked in, beside the task done there (在服装厂烫过 会烫衣服: 整烫; 在电子厂做过
  // 会打包: 包装): the task is the skill.
  '工地', '在工地', '工地上', '服装厂', '制衣厂', '衣服厂', '电子厂', '鞋厂', '纺织厂', '食品厂', '装配厂', '米线厂', '面条厂', '茶厂', '咖啡厂',
  '物流园', '物流公司', '花厂', '鲜花厂',
]);
// Pruning is field work (种植) except beside flowers, where cutting the stems is the flower work itself.
const PRUNING_WORDS = new Set(['剪枝', '修枝', '修剪']);
const HOME_WORK_WORDS = new Set(['在家做', '拿回家做', '带回家做', '计件', '计件活', '在家里做']);
// Slang for any hard work (打工人搬砖): 搬运 only when no general work is named beside it.
const SLANG_WORK_WORDS = new Set(['搬砖']);

export function withoutQualifiers(skills: string[], mentions: readonly { name: string; start: number; end: number }[], reading: string): string[] {
  // 搬家了, 刚搬了家: moving house, not the movers' trade (搬家公司).
  const movedHouse = (m: { name: string; start: number; end: number }): boolean => m.name === '搬运' && reading.slice(m.start, m.end) === '搬家' && /^(了|啦|咯|到|去|过来|过去)/.test(reading.slice(m.end, m.end + 2));
  if (mentions.some((m) => m.name === '搬运') && mentions.filter((m) => m.name === '搬运').every(movedHouse)) skills = skills.filter((s) => s !== '搬运');
  // 有没得拿回家做的活, 在家做的计件活: work done at home, of no kind named — no skill (手工
  // needs a handwork word: 串珠子, 手工活).
  if (skills.length === 1 && skills[0] === '手工' && mentions.filter((m) => m.name === '手工').every((m) => HOME_WORK_WORDS.has(reading.slice(m.start, m.end)))) return [];
  if (skills.includes('花卉') && skills.includes('种植') && mentions.filter((m) => m.name === '种植').every((m) => PRUNING_WORDS.has(reading.slice(m.start, m.end)))) skills = skills.filter((s) => s !== '种植');
  if (skills.length >= 2) {
    const onlyWhere = (name: string): boolean => mentions.filter((m) => m.name === name).every((m) => WHERE_WORDS.has(reading.slice(m.start, m.end)));
    const kept = skills.filter((s) => !onlyWhere(s));
    if (kept.length > 0 && kept.length < skills.length) skills = kept;
  }
  if (skills.length < 2 || !skills.includes('普工')) return skills;
  // 家门口搬砖也行 DY 普工: 普工 said outright, and 搬砖 is only a way of saying work.
  if (skills.includes('搬运') && mentions.filter((m) => m.name === '搬运').every((m) => SLANG_WORK_WORDS.has(reading.slice(m.start, m.end)))) {
    skills = skills.filter((s) => s !== '搬运');
    if (skills.length < 2) return skills;
  }
  const general = mentions.filter((m) => m.name === '普工');
  // 也会打零工 states it as work the worker does; 有零工吗 搬运的 asks for a kind of 搬运.
  const qualifies = (m: { start: number; end: number }): boolean =>
    JOB_TYPE_WORDS.has(reading.slice(m.start, m.end)) && !/[会做干能]$/.test(reading.slice(Math.max(0, m.start - 2), m.start));
  if (general.every(qualifies)) return skills.filter((s) => s !== '普工');
  return skills;
}

// 不想干缝纫了 技能改成保洁, 不要发编织的了 改成包装: a skill said after a negation is the one the
// worker leaves; it is dropped when another skill is named.
const NEGATION_BEFORE_RE = /((以前|原来|之前|上次)(只|就)?(填|写|登记|订|报)(的|了)(是)?|做不了|干不了|做不动|干不动|不能做|不能干|去掉|删掉|删了|删除|拿掉|减掉|不要了|不想|不再|不会|不要|不能|不干|不做|别|莫|不是|不想干|不想做|不干了|不做了|没有|没)(再)?(干|做|会|发|推|要|搞|当|给我发|给我推)?(那个|这个|那种|这种)?$/;

const PAST_REGISTERED_RE = /(以前|原来|之前|上次)(只|就)?(填|写|登记|订|报)(的|了)(是)?$/;
const SKILL_ADDED_RE = /帮我加|给我加|加一(个|样|项)|加个|加上|加一下|加进去|添上|也加|再加|还会|也会|(还|又|也)学会|(也|还)(给我|帮我)?(写上|记上|添上)/;

// 别给我发搬运的活, 不要推保洁的, 莫给我记缝纫了: a kind of work refused outright is never one to set, even alone
// (帮我去掉编织: taken off, issue #14).
const REFUSED_BEFORE_RE = /((别|不要|莫|甭|不用|不消|不想)(再)?(给我|给他|给她)?(发送|发|推送|推|介绍|派|记|写|登记|填)|停止(发送|发|推送|推)?|停发|停掉|退订|退掉|取消|屏蔽|不收|不接收|拒收|去掉|删掉|删了|删除|拿掉|划掉)(那个|这个|那种|这种|些|掉)?$/;

// 采摘的不要发了, 养猪的活莫推了: the refusal after the kind of work.
const REFUSED_AFTER_RE =
  /^(那种|这种|之类|方面|一类|类|那个|这个|那样|这样)?(的)?(活|活路|活计|工作|岗位|信息|短信|消息|招工|招聘|通知|厂)?(的)?(就|都|也|你们|以后|先|暂时|统统|全部)*((不要|别|莫要|莫|甭|不用|不消|不需要|不想要|不想)(再)?(给我|跟我)?(发|推|推送|通知|介绍|要|做|干)|(不做|不干|不搞|不想做|不想干|不要|不想要)(了|啦)|退订|退掉|取消|屏蔽|不收|不接收|拒收|去掉|删掉|删了|拿掉|不要了|(做|干|搞|弄|绣|编|织|搬|扛|踩|车|摘|砌)?(不了|不动|不来)(了|啦)(?!吗|没|么))/;

export function withoutNegated(skills: string[], mentions: readonly { name: string; start: number; end: number }[], reading: string): string[] {
  const before = (m: { start: number }): string => reading.slice(Math.max(0, m.start - 8), m.start).replace(/\s/g, '');
  // 养鸡养猪的不要发了, 搬运、保安的别推: the refusal after a run of skills refuses each of them.
  const after = (m: { end: number }): string => {
    let end = m.end;
    for (const next of mentions) {
      if (next.start < end) continue;
      if (!/^(的|的活|和|跟|或者?|还有|及|与|、|,|\s)*$/.test(reading.slice(end, next.start))) break;
      end = next.end;
    }
    return reading.slice(end, end + 16).replace(/[\s\p{P}\p{S}]/gu, '');
  };
  // (缝纫我不会 帮我去掉, 采摘帮我删了: taken off right after the word, issue #14 — reader-false-stops.ts;
  // 我只会包装 编织不会 帮我去掉 takes off 编织 alone.)
  const removed = (m: { end: number }): boolean => removedAfterSkill(reading.slice(m.end, m.end + 24).replace(/[\s\p{P}\p{S}]/gu, ''));
  const refused = (name: string): boolean => mentions.filter((m) => m.name === name).every((m) => REFUSED_BEFORE_RE.test(before(m)) || REFUSED_AFTER_RE.test(after(m)) || removed(m));
  skills = skills.filter((s) => !refused(s));
  if (skills.length < 2) return skills;
  // 之前登记的是缝纫 现在还学会了烫衣服 帮我加一下: a skill added keeps the one registered before.
  const adds = SKILL_ADDED_RE.test(reading.replace(/\s/g, ''));
  // (做不成绣花了 改成看门的, 我妈不绣花了 改成打扫卫生的: given up beside the new one — Round 26, reader-kinds-26.ts.)
  const negated = (name: string): boolean => mentions.filter((m) => m.name === name).every((m) => (NEGATION_BEFORE_RE.test(before(m)) || givenUp26(reading, m.start, m.end)) && !(adds && PAST_REGISTERED_RE.test(before(m))));
  const kept = skills.filter((s) => !negated(s));
  return kept.length > 0 ? kept : skills;
}

// drive a forklift, 开叉车: the generic driving word is part of the vehicle named, so only the
// specific skill stays (开货车 also names 驾驶 itself and stays beside 叉车).
const GENERIC_DRIVING_WORDS = new Set(['drive', 'driver', 'driving', '开车', '会开车', '驾驶', '驾驶员', '司机', 'kaiche', 'jiashi', 'siji']);

export function withoutGenericDriving(skills: string[], mentions: readonly { name: string; start: number; end: number }[], reading: string): string[] {
  if (!skills.includes('驾驶') || !skills.includes('叉车')) return skills;
  // 叉车工/司机, 叉车和司机都会: a driving word listed apart (after /, 、, 和, 也) is a second skill.
  // 技能改成 叉车 司机 (Round 30): a driving word standing as a word of its own in a list typed with spaces, likewise.
  const listedApart = (m: { start: number; end: number }): boolean =>
    /[/、,，&+]|和|或|及|跟|也|还|以及|或者/.test(reading.slice(Math.max(0, m.start - 4), m.start)) || (reading[m.start - 1] === ' ' && (m.end === reading.length || reading[m.end] === ' ') && /^\p{Script=Han}+$/u.test(reading.slice(m.start, m.end)));
  const generic = mentions.filter((m) => m.name === '驾驶').every((m) => GENERIC_DRIVING_WORDS.has(reading.slice(m.start, m.end)) && !listedApart(m));
  return generic ? skills.filter((s) => s !== '驾驶') : skills;
}

// 我原来住南沙 现在搬到县城了 蒙自: the place to keep is the one after the last word of change.
// (A place refused ends at 了: 不要发了发个旧的, run together, refuses nothing and names 个旧 after.)
// (Round 16f: 不去建水了 以后在石屏找 — going there given up, and where from now on.)
// (别按个旧推了 我住建水, Round 27: the place the alerts went by, refused, is the old one — the whole refusal is passed.)
const PLACE_CHANGE_RE = /(不要|别|莫|不用|甭)(再)?(给我)?(按|照|按照)[^,.!?\s]{2,10}?(的|那边|那里)?(来|给我)?(发|推)(了|啦|咯)?|(不要|别|莫|不用|甭)(再)?(给我)?(发|推)[^,.!?\s了]{1,8}?(那边|那里|附近|一带)?的(活|活路|工作|信息|短信|岗位)?(了)?|搬回|嫁到|嫁去|嫁来|嫁过去|(?<=从[^,.!?\s回]{2,8}?)(到|来|去)(?!来|去|的)(?=[^,.!?]{2,8}了)|(不要|别|莫|不用|甭)(再)?(给我)?(发|推)(了)?|现在|搬到|搬去|搬克|搬来|改成|换成|改为|改到|换到|应该是|其实是|是在|在(?=[^,.!?]{0,8}住)|只要|只在|就在|只想在|只做|不(在|住)[^,.!?]{1,8}?了|不(去|到|跑)[^,.!?]{1,8}?了|(以后|今后|往后)(就|只)?在|改发|改推|换发|回到|(?<=[我人])(去|到)(?=[^,.!?]{2,6}了)|回(老家|家乡|村里|寨子)|(?<=[我人])在(?=[^,.!?]{2,10}(上班|打工|做活|干活|住))|(按|照)(?=[^,.!?]{2,8}(发|推))/g;

export function newPlace(places: PlaceIndex, reading: string, mentions: readonly { start: number; end: number }[]): PlaceCandidate[] | null {
  let last = -1;
  // From the end of the last word of change: 不在新街了 克攀枝花了 names the old place in the word.
  for (const m of reading.matchAll(PLACE_CHANGE_RE)) last = m.index + m[0].length;
  if (last <= 0) return null;
  const masked = maskForPlaces(reading, mentions);
  const after = places.findInText(masked.slice(last));
  return after.length > 0 ? after : null;
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
