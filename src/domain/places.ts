import { pinyin } from 'pinyin-pro';
import type { DivisionRecord } from '../data/divisions.js';
import { normalizeText } from './text-normalize.js';

/** A division a worker's words may refer to. */
export interface PlaceCandidate {
  code: string;
  name: string;
  fullName: string;
  level: 'county' | 'township' | 'village';
}

/** Place names of one or more prefectures, indexed for worker texts. */
export interface PlaceIndex {
  /** Candidates for a place name (with or without suffix or county before it), best first. */
  lookup(name: string): PlaceCandidate[];
  /** Candidates for every place mentioned in a sentence, in order of mention, best first within each. */
  findInText(text: string): PlaceCandidate[];
  /**
   * County and township names and bases (not everyday words): the reader corrects homophones
   * and pinyin of these (蒙子 → 蒙自, mengzi → 蒙自) before it reads a text.
   */
  readonly soundKeys: readonly string[];
  /** Every county and township name, bare and in full, ordinary words too (草坝): 那点 after one is "there". */
  readonly townNames?: readonly string[];
}

// How a key names a place; lower is a closer match.
const Tier = {
  /** The official name: 新街镇. */
  FullName: 0,
  /** The base with another suffix: 南沙乡 for 南沙镇, 新街村 for 新街村委会. */
  OtherSuffix: 1,
  /** The base alone: 新街, 蒙自. */
  Bare: 2,
  /** A longer name that ends with the words: 小新街乡 for 新街. */
  Partial: 3,
} as const;
type Tier = (typeof Tier)[keyof typeof Tier];

interface Place extends PlaceCandidate {
  base: string;
}

interface Entry {
  place: Place;
  tier: Tier;
}

interface Mention {
  start: number;
  end: number;
  entries: Entry[];
  /** Set when a following mention was narrowed by this one (元阳 in 元阳新街). */
  qualifier?: boolean;
}

const LEVEL_ORDER: Record<PlaceCandidate['level'], number> = { county: 0, township: 1, village: 2 };

// Ethnic groups in the names of autonomous counties and ethnic townships (屏边苗族自治县,
// 桥头苗族壮族乡); nobody says them when naming the place.
const ETHNIC_GROUPS = [
  '哈尼族', '彝族', '苗族', '瑶族', '傣族', '拉祜族', '回族', '壮族', '布依族', '白族', '蒙古族',
  '傈僳族', '布朗族', '佤族', '纳西族', '景颇族', '藏族', '独龙族', '怒族', '普米族', '阿昌族',
  '基诺族', '德昂族', '水族', '满族',
];
const ETHNIC_RE = new RegExp(`(?:${ETHNIC_GROUPS.join('|')})+$`);
const COUNTY_SUFFIX_RE = /(?:自治县|自治旗|县|市|区|旗)$/;
const TOWNSHIP_SUFFIX_RE = /(?:街道办事处|街道|镇|乡|苏木)$/;
const VILLAGE_SUFFIX_RE = /(?:社区居民委员会|居民委员会|村民委员会|村委会|居委会|委员会|社区|生活区)$/;

const COUNTY_SUFFIXES = ['县', '市'];
const TOWNSHIP_SUFFIXES = ['镇', '乡', '街道'];
const VILLAGE_SUFFIXES = ['村', '村委会', '社区', '居委会', '村民委员会'];
// Suffixes a worker may type after any name, stripped when the whole query is not a key.
const QUERY_SUFFIX_RE = /(?:社区居民委员会|居民委员会|村民委员会|村委会|居委会|委员会|社区|街道办事处|街道|自治县|县|市|区|镇|乡|村|寨|街)$/;

// Township and county bases that are also everyday words (和平 "peace", 老厂 "the old factory",
// 大桥 "the big bridge"): without their suffix they count only after a cue like 住在.
const ORDINARY_WORDS = new Set([
  '和平', '太平', '利民', '向阳', '新华', '白云', '大兴', '东山', '江边', '水田', '大桥', '桥头', '半坡',
  '坡头', '老厂', '铜厂', '营盘', '旧城', '三村', '白水', '永宁', '金马', '西一', '西二', '西三', '青龙',
  '官厅', '平河', '白河', '大寨', '草坝', '冷泉', '灵泉',
]);

// Village names that are also everyday phrases (新房子 "a new house", 一碗水 "a bowl of water"):
// like two-character names, they count only with a suffix or a strong cue.
const VILLAGE_ORDINARY_WORDS = new Set(['新村', '一村', '三村', '东村', '新房子', '一碗水', '三角地', '大台子', '老街子', '小旷野', '平安寨']);

// Words that lead into a place name: after them a short village name is taken at its word.
// Not 在 or 去: 在桥头等你 is "wait at the bridge".
const CUES = ['住在', '家住', '家在', '住', '来自', '老家', '老家在', '搬到', '搬去', '搬来', '地址', '地址是', '我是', '村子是', '订阅',
  // A place given as the new one: 改成冷泉, 以后在官厅, 位置 雨过铺.
  '改成', '改为', '换成', '改到', '换到', '以后在', '现在在', '位置', '位置是', '位置在', '回到',
  // 地点官厅, 地点是冷泉: the place field, as 地址.
  '地点', '地点是', '地点在',
  // 地址 typed with a character of the same shape (扯, 趾, 止 for 址).
  '地扯', '地趾', '地止'];
// Of those, the ones strong enough for a bare two-character village name, which are mostly
// ordinary words (幸福, 团结, 就能).
// 草坝那边还要人不, 官厅附近: somewhere near the name, said of work there.
const AFTER_CUES = ['租房', '租了', '租的房', '住', '安家', '买了房', '买房', '落户', '定居', '那边', '那点', '那哈', '那块', '附近', '一带'];
const STRONG_CUES = ['住在', '家住', '家在', '来自', '老家', '老家在', '搬到', '搬去', '搬来', '地址', '地址是', '村子是'];

// Places people work or come from outside the prefecture, and the prefecture itself: consumed
// whole so that 红河州 is not read as 红河县 and 广东 not as the village 广东 in 金平.
const SHADOWS = [
  '红河州', '红河哈尼族彝族自治州', '云南', '云南省', '昆明', '广东', '广州', '深圳', '东莞', '佛山', '中山市',
  '珠海', '惠州', '浙江', '宁波', '温州', '义乌', '江苏', '苏州', '上海', '北京', '福建', '厦门',
  '玉溪', '文山', '普洱', '曲靖', '大理', '西双版纳', '外省', '省外', '新农村', '农村', '乡村', '村里', '村子',
];

/** Builds the place index once from division records (counties, townships and villages are used). */
export function createPlaceIndex(divisions: readonly DivisionRecord[]): PlaceIndex {
  const keys = new Map<string, Entry[]>();
  const partials = new Map<string, Place[]>();
  const pinyinKeys = new Map<string, Entry[]>();
  const shadows = new Set(SHADOWS.map((s) => normalizeText(s)));

  const add = (map: Map<string, Entry[]>, key: string, entry: Entry): void => {
    if (key.length < 2) return;
    const list = map.get(key);
    if (!list) map.set(key, [entry]);
    else if (!list.some((e) => e.place.code === entry.place.code && e.tier <= entry.tier)) list.push(entry);
  };

  for (const d of divisions) {
    if (d.level !== 'county' && d.level !== 'township' && d.level !== 'village') continue;
    const name = normalizeText(d.name);
    const base = baseName(name, d.level);
    const place: Place = { code: d.code, name: d.name, fullName: d.fullName, level: d.level, base };
    add(keys, name, { place, tier: Tier.FullName });
    if (base !== name) add(keys, base, { place, tier: Tier.Bare });
    const suffixes = d.level === 'county' ? COUNTY_SUFFIXES : d.level === 'township' ? TOWNSHIP_SUFFIXES : VILLAGE_SUFFIXES;
    for (const s of suffixes) {
      // 胜村村委会 is said 胜村, not 胜村村.
      if (s === '村' && base.endsWith('村')) continue;
      if (base + s !== name) add(keys, base + s, { place, tier: Tier.OtherSuffix });
    }
    if (d.level === 'village') continue;
    // 小新街乡 and 上新城乡 are candidates when a worker writes 新街 or 新城.
    for (let k = 1; base.length - k >= 2; k++) {
      const tail = base.slice(k);
      const list = partials.get(tail) ?? [];
      list.push(place);
      partials.set(tail, list);
    }
    // Pinyin at build time, so that workers whose phones have no Chinese input (mengzi,
    // nansha) cost nothing per message.
    const pyBase = toPinyin(base);
    const pyName = toPinyin(name);
    add(pinyinKeys, pyBase, { place, tier: Tier.Bare });
    if (pyName !== pyBase) add(pinyinKeys, pyName, { place, tier: Tier.FullName });
  }
  for (const list of keys.values()) list.sort(compareEntries);
  for (const list of pinyinKeys.values()) list.sort(compareEntries);

  // The longest key starting with each character: most characters start none, so the scan
  // skips them without building a single substring.
  const maxByFirst = new Map<string, number>();
  for (const k of [...keys.keys(), ...shadows]) maxByFirst.set(k.charAt(0), Math.max(maxByFirst.get(k.charAt(0)) ?? 0, k.length));

  const withPartials = (key: string, entries: readonly Entry[]): Entry[] => {
    const extra = (partials.get(key) ?? []).map((place) => ({ place, tier: Tier.Partial }));
    return [...entries, ...extra];
  };

  /** Mentions found left to right, longest key first; lenient takes every candidate (lookup). */
  const scan = (text: string, lenient: boolean): Mention[] => {
    const mentions: Mention[] = [];
    let i = 0;
    while (i < text.length) {
      const ch = text.charCodeAt(i);
      if (ch >= 0x61 && ch <= 0x7a) {
        const m = scanPinyin(text, i, pinyinKeys, lenient);
        if (m.mention) mentions.push(m.mention);
        i = m.next;
        continue;
      }
      let advanced = false;
      for (let len = Math.min(maxByFirst.get(text.charAt(i)) ?? 0, text.length - i); len >= 2; len--) {
        const key = text.slice(i, i + len);
        // A shadow wins over a place key of the same length: 新农村 is a slogan before it is
        // 新农村委会's short name.
        if (shadows.has(key)) {
          i += len;
          advanced = true;
          break;
        }
        const entries = keys.get(key);
        if (entries) {
          const last = mentions[mentions.length - 1];
          const previous = last !== undefined && /^[ ,的]?$/.test(text.slice(last.end, i)) ? last.entries : null;
          const allowed = lenient ? entries : allowedInText(entries, key, text, i, previous);
          if (allowed.length > 0) {
            mentions.push({ start: i, end: i + len, entries: withPartials(key, allowed) });
            i += len;
            advanced = true;
            break;
          }
        }
      }
      if (!advanced) i++;
    }
    return narrowChains(text, mentions);
  };

  const lookup = (name: string): PlaceCandidate[] => {
    const q = normalizeText(name).replace(/[\s,.;:!?'"()·-]/g, '');
    if (q.length === 0) return [];
    const exact = keys.get(q);
    if (exact) {
      // The exact key first, then whatever the same name without its suffix also names.
      const stripped = q.replace(QUERY_SUFFIX_RE, '');
      const more = stripped !== q && stripped.length >= 2 ? (keys.get(stripped) ?? []) : [];
      return toCandidates([...withPartials(q, exact), ...more, ...withPartials(stripped, [])]);
    }
    if (/^[a-z]+$/.test(q)) return toCandidates(pinyinKeys.get(q) ?? []);
    const all = scan(q, true);
    // The names found must make up the query, give or take suffixes: 北京西路 is not 西路村.
    let rest = q;
    for (const m of [...all].reverse()) rest = rest.slice(0, m.start) + rest.slice(m.end);
    const mentions = all.filter((m) => !m.qualifier);
    if (mentions.length > 0 && /^[的县市区镇乡村寨街道社区委会居民]*$/.test(rest)) {
      return toCandidates(mentions.flatMap((m) => m.entries));
    }
    const stripped = q.replace(QUERY_SUFFIX_RE, '');
    return toCandidates((partials.get(stripped) ?? []).map((place) => ({ place, tier: Tier.Partial })));
  };

  const findInText = (text: string): PlaceCandidate[] => {
    const t = normalizeText(text);
    const mentions = scan(t, false).filter((m) => !m.qualifier);
    // 宝华那边 … 我在宝华镇住: a name said bare and again with its official suffix — the suffix
    // says which of the places it names is meant, wherever in the text it comes.
    const named = new Set(mentions.flatMap((m) => m.entries.filter((e) => e.tier === Tier.FullName).map((e) => e.place.code)));
    const ordered = (entries: Entry[]): Entry[] =>
      entries.length > 1 && entries.some((e) => named.has(e.place.code)) ? [...entries.filter((e) => named.has(e.place.code)), ...entries.filter((e) => !named.has(e.place.code))] : entries;
    return toCandidates(mentions.flatMap((m) => ordered(m.entries)), false);
  };

  const soundKeys = new Set<string>();
  const townNames = new Set<string>();
  for (const d of divisions) {
    if (d.level !== 'county' && d.level !== 'township') continue;
    const name = normalizeText(d.name);
    const base = baseName(name, d.level);
    if (base.length >= 2 && !ORDINARY_WORDS.has(base)) soundKeys.add(base);
    if (name.length <= 6) soundKeys.add(name);
    if (base.length >= 2) townNames.add(base);
    townNames.add(name);
  }

  return { lookup, findInText, soundKeys: [...soundKeys], townNames: [...townNames] };
}

function baseName(name: string, level: PlaceCandidate['level']): string {
  const strip = (re: RegExp, s: string): string => {
    const out = s.replace(re, '');
    return out.length >= 2 ? out : s;
  };
  if (level === 'county') return strip(ETHNIC_RE, strip(COUNTY_SUFFIX_RE, name));
  if (level === 'township') return strip(ETHNIC_RE, strip(TOWNSHIP_SUFFIX_RE, name));
  return strip(VILLAGE_SUFFIX_RE, name);
}

function toPinyin(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'array', v: true }).join('').toLowerCase().replace(/[^a-z]/g, '');
}

function compareEntries(a: Entry, b: Entry): number {
  return a.tier - b.tier || LEVEL_ORDER[a.place.level] - LEVEL_ORDER[b.place.level] || a.place.code.localeCompare(b.place.code);
}

// Within one mention the order is by closeness of the match; across mentions (findInText)
// the order of mention is kept, since workers name where they live first.
function toCandidates(entries: readonly Entry[], sort = true): PlaceCandidate[] {
  const ordered = sort ? [...entries].sort(compareEntries) : entries;
  const seen = new Set<string>();
  const out: PlaceCandidate[] = [];
  for (const { place } of ordered) {
    if (seen.has(place.code)) continue;
    seen.add(place.code);
    out.push({ code: place.code, name: place.name, fullName: place.fullName, level: place.level });
  }
  return out;
}

/**
 * Entries of a key that may stand in running text. Villages are 1,363 mostly two-character
 * names, many of them everyday words (幸福, 团结, 和平, even 就能), so a bare village name counts
 * only with three or more characters, a suffix, a strong cue before it, or when the same
 * word also names a township or county.
 */
const CONTEXT_WINDOW = 24;
const SEPARATOR_CHARS = ' \t\n|,.:;!?';

function allowedInText(
  entries: readonly Entry[],
  key: string,
  text: string,
  at: number,
  previous: readonly Entry[] | null,
): Entry[] {
  // Only a short window before the name matters (cues are a few characters): slicing the
  // whole prefix at every candidate made long texts quadratic (docs/reader.md).
  const nearBefore = text.slice(Math.max(0, at - CONTEXT_WINDOW), at);
  const before = nearBefore.replace(/[\s|,:]+$/, '');
  // A name standing alone between separators (订阅 摘果 和平) or right after a county
  // (泸西向阳) is a place, not a word of a sentence.
  const prev = at > 0 ? text.charAt(at - 1) : '';
  const next = text.charAt(at + key.length);
  const standsAlone = (prev === '' || SEPARATOR_CHARS.includes(prev)) && (next === '' || SEPARATOR_CHARS.includes(next));
  // 我在草坝租房子了: what follows the name can say it is where the worker lives.
  const after = text.slice(at + key.length, at + key.length + 4);
  // 他会开叉车 在草坝, 我儿子在大兴: 在 starting a clause or after a person says where someone is
  // (not 在桥头等你: a verb right after the name is an errand there).
  const personAt = /(^|[\s,.!?|]|我|他|她|们|人|妈|爸|爹|娘|子|女|孙|婆|公|哥|姐|弟|妹)(现在|一直|还|都|就)?在$/.test(before) && !/^(等|见|碰|接|吃|玩|下车|上车|集合)/.test(after);
  // 草坝那个服装厂拖欠工资: an employer said to be there (a skill word in it is masked as |).
  const employerThere = /^(那个|这个|那家|这家|那边的?|那点的?|的)[\p{Script=Han}|]{0,3}(厂|公司|工地|基地|车间|老板|\|)/u.test(text.slice(at + key.length, at + key.length + 10));
  // 只要草坝的活, 发官厅的工作: the work wanted there.
  const workWanted = /(只要|就要|要|只发|发|只推|推|只找|找)$/.test(before) && /^(的|那边的)(活|工作|岗位|厂)/.test(text.slice(at + key.length, at + key.length + 5));
  // A word standing alone in a keyword text (订阅 打包 挑拣 乍甸) and 在 ending a clause before it
  // (我在乍甸 附近…) lead into a village as 住 does.
  // (Run together too: 订阅打包挑拣乍甸, the skill words masked as |.)
  const keywordText = /^\s*(订阅|dy|岗位|gw|地址|dz)[\s|,]/.test(text);
  const clauseEnds = next === '' || SEPARATOR_CHARS.includes(next) || /^(附近|那边|那点|那哈|一带|住)/.test(after);
  // 订阅小工杂工都得冷泉, 会叉车找工作草坝: with no spaces (voice input) a name closing a keyword text, or
  // closing a clause right after the request (找工作, 找活), is where the work is wanted (Round 16c).
  const runTogetherEnd = clauseEnds && (/^\s*(订阅|定阅|dy|岗位|gw)/.test(text) || /(找工作|找活路|找活|找事做|找个活)$/.test(before));
  // 草坝有些什么厂, 官厅哪点有活, 冷泉还要人不: a name opening the text or a clause, and work there asked
  // about right after it (Round 22b).
  const workAskedThere = (prev === '' || SEPARATOR_CHARS.includes(prev)) && /^(还)?(有没有|有没得|有不有|有些|有什么|有啥|有哪|哪点有|哪里有|哪儿有|要人|招人|缺人|有活|有厂|有工作)/.test(text.slice(at + key.length, at + key.length + 5));
  const cue = previous !== null || standsAlone || runTogetherEnd || personAt || employerThere || workWanted || workAskedThere || CUES.some((c) => before.endsWith(c)) || AFTER_CUES.some((c) => after.startsWith(c));
  // 住乍甸: 住 alone leads into a village too (not 包住, 管住, 记住).
  const strongCue = STRONG_CUES.some((c) => before.endsWith(c)) || (before.endsWith('住') && !/[包管抓记站挡守顶停]住$/.test(before)) || (keywordText && standsAlone) || (personAt && clauseEnds);
  // 新街镇新街: a village right after the township (or county) that contains it.
  const insidePrevious = (e: Entry): boolean =>
    previous?.some((p) => e.place.code.startsWith(p.place.code) && e.place.code !== p.place.code) ?? false;
  // 胜村 carries its own 村, which is as good as a suffix.
  const bareShort = (key.length < 3 && !key.endsWith('村')) || VILLAGE_ORDINARY_WORDS.has(key);
  const higher = entries.filter(
    (e) => e.place.level !== 'village' && (e.tier !== Tier.Bare || !ORDINARY_WORDS.has(key) || cue),
  );
  return entries.filter((e) => {
    if (e.place.level !== 'village') return higher.includes(e);
    if (e.tier !== Tier.Bare || !bareShort) return true;
    return higher.length > 0 || strongCue || insidePrevious(e);
  });
}

const WORD_AT = /[a-z]+/y;
const NEXT_WORD_AT = / ?([a-z]+)(?![0-9])/y;

/** An ASCII word (or two typed apart: "nan sha") that is the pinyin of a county or township. */
function scanPinyin(
  text: string,
  at: number,
  pinyinKeys: ReadonlyMap<string, Entry[]>,
  lenient: boolean,
): { mention?: Mention; next: number } {
  // Sticky regexes read from a position: slicing the rest of the text at every word made
  // long pinyin texts quadratic.
  WORD_AT.lastIndex = at;
  const word = WORD_AT.exec(text)?.[0] ?? '';
  const end = at + word.length;
  // Digits glued to letters (bm3021) make the word something other than a place name.
  if (/[0-9]/.test(text.charAt(end))) return { next: end };
  NEXT_WORD_AT.lastIndex = end;
  const nextWord = NEXT_WORD_AT.exec(text);
  if (nextWord?.[1]) {
    const joined = pinyinKeys.get(word + nextWord[1]);
    if (joined) return { mention: { start: at, end: end + nextWord[0].length, entries: joined }, next: end + nextWord[0].length };
  }
  // Short words are initials or English (dy, td, ok, mile), not pinyin of a place.
  const entries = word.length >= 4 || lenient ? pinyinKeys.get(word) : undefined;
  return entries ? { mention: { start: at, end, entries }, next: end } : { next: end };
}

/**
 * 元阳新街, 元阳县的新街镇, 新街镇胜村: a place right after another that contains it narrows
 * the later one to the candidates inside the earlier, and the earlier becomes a qualifier.
 */
function narrowChains(text: string, mentions: Mention[]): Mention[] {
  for (let k = 1; k < mentions.length; k++) {
    const prev = mentions[k - 1];
    const cur = mentions[k];
    if (!prev || !cur) continue;
    if (!/^[ ,的]?$/.test(text.slice(prev.end, cur.start))) continue;
    const inside = cur.entries.filter((e) =>
      prev.entries.some((p) => e.place.code.startsWith(p.place.code) && e.place.code !== p.place.code),
    );
    if (inside.length === 0) continue;
    cur.entries = inside;
    prev.qualifier = true;
  }
  return mentions;
}

/** A full name without its province and prefecture (云南省红河哈尼族彝族自治州元阳县新街镇 → 元阳县新街镇): how people here name a place. */
export const shortPlaceName = (fullName: string): string => fullName.replace(/^[^省]+省[^州市]+?(自治州|州|市)/u, '') || fullName;
