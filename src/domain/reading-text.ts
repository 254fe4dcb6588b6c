import { pinyin } from 'pinyin-pro';
import { PINYIN_SYLLABLES } from './pinyin-syllables.js';

/**
 * The second normalisation step, for reading only (the stored text and `normalized` keep what
 * the worker wrote): emoji out, characters typed apart joined, pinyin and homophones brought to
 * the lexicon's characters, numbers in words to digits. Every step is one left-to-right pass
 * with a bounded look-ahead, so a text of n characters costs O(n) (docs/reader.md).
 */

// Emoji, their skin tones, joiners and keycaps: they carry no command, and between two
// characters they would split a word (退👋订).
const EMOJI_RE = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\u200d\u20e3\ufe0f]+/gu;

export function stripEmoji(text: string): string {
  return text.replace(EMOJI_RE, ' ').replace(/ {2,}/g, ' ').trim();
}

const CJK = /\p{Script=Han}/u;
const isCjk = (ch: string): boolean => ch.length > 0 && CJK.test(ch);

/**
 * 退 订 / 我 要 报 名: single characters typed apart (older people, voice input, a way round
 * keyword filters) are joined; words of two or more characters keep their spaces (订阅 缝纫 南沙镇),
 * which the place reader uses as separators.
 */
export function joinSpacedCharacters(text: string): string {
  const tokens = commasAsSpaces(text).split(' ');
  if (tokens.length < 2) return text;
  const out: string[] = [];
  let run: string[] = [];
  // Single CJK characters (退 订) or single letters (T D, B M); never digits, which are menu
  // answers (1 3) until an apply word says otherwise.
  const kind = (t: string): 'han' | 'latin' | null => ([...t].length !== 1 ? null : isCjk(t) ? 'han' : /^[a-z]$/.test(t) ? 'latin' : null);
  let runKind: 'han' | 'latin' | null = null;
  const single = (t: string): boolean => {
    const k = kind(t);
    if (k === null) return false;
    if (run.length > 0 && k !== runKind) flush();
    runKind = k;
    return true;
  };
  const flush = (): void => {
    if (run.length >= 2) out.push(run.join(''));
    else out.push(...run);
    run = [];
  };
  // 我 要 报 那 个 3 3 0 5, 1 0 0 3 我 去: in a text typed apart character by character, a run of
  // three to six single digits is a code typed apart too (Round 16c); alone or beside words (1 3,
  // 我选 1 3 5) digits stay apart as menu answers, and so do picks that look like one (1 2 3: rising,
  // no 0).
  const typedApart = tokens.filter((t) => kind(t) === 'han').length >= 2;
  // (After an apply word, 我 报 的 1 3 5 7, even a rising run is a code.)
  const applied = /报|bm|b m|号/.test(text);
  // (Each run of digits is scanned once: scannedTo marks the end of the last, so a long run of
  // digits typed apart costs linear time.)
  let scannedTo = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as string;
    if (typedApart && k >= scannedTo && /^[0-9]$/.test(t)) {
      let e = k;
      while (e < tokens.length && /^[0-9]$/.test(tokens[e] as string)) e++;
      scannedTo = e;
      const digits = tokens.slice(k, e).join('');
      // (Eight digits are two codes of four, the codes alerts carry: 1 0 0 3 1 0 0 5 都 报.)
      if ((digits.length >= 3 && digits.length <= 6 && (applied || !isMenuPick(digits))) || digits.length === 8) {
        flush();
        out.push(...(digits.length === 8 ? [digits.slice(0, 4), digits.slice(4)] : [digits]));
        k = e - 1;
        continue;
      }
    }
    // S T 0 P: a 0 among letters typed apart is the O of the same shape (Round 25).
    if (t === '0' && runKind === 'latin' && run.length > 0 && kind(tokens[k + 1] ?? '') === 'latin') {
      run.push('o');
      continue;
    }
    if (single(t)) run.push(t);
    else {
      flush();
      out.push(t);
    }
  }
  flush();
  return out.join(' ');
}

// 地，址，沙，甸, 报名，1，0，0，3: characters typed apart with a comma after each (three or more) are
// typed apart as with spaces (Round 16c); a comma or two between words stays a clause boundary.
const SINGLE_COMMA_RE = /(?<=(?:^|[ ,])[\p{Script=Han}0-9a-z]),(?=[\p{Script=Han}0-9a-z](?:$|[ ,]))/gu;
function commasAsSpaces(text: string): string {
  if (!text.includes(',')) return text;
  const commas = text.match(SINGLE_COMMA_RE)?.length ?? 0;
  if (commas >= 3) return text.replace(SINGLE_COMMA_RE, ' ').replace(/,/g, ' ');
  return isShortPieces(text) ? text.replace(/,/g, ' ') : text;
}

// 我,衣服,做,会, 我,会,焊, 缝,纫 (Round 25): a text made only of short pieces — one or two characters
// between commas or spaces, at least one a single character (a word typed apart) — is typed apart
// too, whatever the count of commas; the single characters are then joined as above and the
// two-character words keep their place. Digits alone (1,3 and 1 3: menu answers) are not, and a digit
// beside one character (1,好) is not either: two single characters must stand beside digits.
const SHORT_PIECE_RE = /^(?:[\p{Script=Han}a-z]{1,2}|[0-9]{1,6})$/u;
const SINGLE_PIECE_RE = /^[\p{Script=Han}a-z]$/u;
function isShortPieces(text: string): boolean {
  const pieces = text.split(/[ ,]+/).filter((p) => p.length > 0);
  if (pieces.length < 2 || pieces.length > 16 || !pieces.every((p) => SHORT_PIECE_RE.test(p))) return false;
  const singles = pieces.filter((p) => SINGLE_PIECE_RE.test(p)).length;
  return singles >= (pieces.some((p) => /^[0-9]/.test(p)) ? 2 : 1);
}

/** 1 2 3, 2 4 5: distinct digits rising with no 0, as menu numbers are picked. */
const isMenuPick = (digits: string): boolean => !digits.includes('0') && [...digits].every((d, i) => i === 0 || d > (digits[i - 1] as string));

/** tuìdìng → tuiding, lǜ → lv, tui4ding4 → tuiding. */
export function stripPinyinTones(text: string): string {
  if (!/[^\x00-\x7f]/.test(text) && !/[a-z][1-5]/.test(text)) return text;
  let out = text.replace(/[a-zà-ɏ\u0300-\u036f]+/g, (w) =>
    w
      .normalize('NFD')
      .replace(/u\u0308/g, 'v')
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC'),
  );
  out = out.replace(/\b(?:[a-z]*[aeiouvngr][1-5])+(?=[^0-9]|$)/g, (w) =>
    /^(?:[a-z]+[1-5]){2,}$/.test(w) || /^[a-z]{3,}[1-5]$/.test(w) ? w.replace(/[1-5]/g, '') : w,
  );
  return out;
}

/** The value of each digit character, 〇 and 幺 (one, read out in numbers) included. */
export const CN_DIGIT: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 幺: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

function readPositional(run: string): number | null {
  let total = 0;
  let current: number | null = null;
  let lastUnit = Infinity;
  for (const ch of run) {
    const unit = ch === '千' ? 1000 : ch === '百' ? 100 : ch === '十' ? 10 : 0;
    if (unit) {
      if (unit >= lastUnit) return null;
      total += (current ?? 1) * unit;
      current = null;
      lastUnit = unit;
    } else if (ch in CN_DIGIT) {
      if (current !== null && current !== 0) return null;
      current = CN_DIGIT[ch] ?? 0;
    } else return null;
  }
  // 两千五 is 2500 and 一百二 is 120: a last digit right after a unit counts in the next unit down.
  if (current !== null && current !== 0 && lastUnit !== Infinity && lastUnit >= 100 && !/零/.test(run) && /[百千]$/.test(run.slice(0, -1))) {
    return total + current * (lastUnit / 10);
  }
  return total + (current ?? 0);
}

/**
 * Numbers in words to digits, when they are numbers a worker reads out (a code, a wage):
 * 一零八八 and 幺三零五 digit by digit (three or more), 一千零八十八 positionally (a hundred or
 * more). 三个月, 十五天 and 第一 stay as they are: the pause reader knows them.
 */
// The capital forms of the numerals (壹贰叁…, as on receipts and bank slips; 貳, 參, 陸 are simplified
// to 贰, 参, 陆 before this), read as the everyday ones in a run of three or more numerals with at least
// one capital in it: 伍 and 陆 alone are names (陆地, 伍先生).
const CAPITAL_NUMERAL: Readonly<Record<string, string>> = { 壹: '一', 贰: '二', 叁: '三', 参: '三', 肆: '四', 伍: '五', 陆: '六', 柒: '七', 捌: '八', 玖: '九', 拾: '十', 佰: '百', 仟: '千' };
const CAPITAL_RUN_RE = /[壹贰叁参肆伍陆柒捌玖拾佰仟零〇一二三四五六七八九十百千]{3,}/g;

// 么 typed for 幺 (one, read out in numbers: 报名么零二四), and what traditional input gives for 幺:
// inside a run of three or more numerals with at least one other digit, never after the words 么
// ends (什么, 怎么, 那么, 这么, 要么, 多么).
const YAO_RUN_RE = /(?<![什怎那这要多为甚])[么幺零〇一二三四五六七八九]{3,}/g;

// Digits read out as on the radio (Round 31): 幺 one, 两 two, 拐 seven, 洞 zero — 幺洞洞三 is 1003. Only in a run of three
// to six such characters with 洞 or 拐 and another digit in it: 山洞, 拐弯, 洞洞 and 一拐一拐 (limping) keep their words.
const RADIO_RUN_RE = /(?<![零〇一幺二两三四五六七八九洞拐])[零〇一幺二两三四五六七八九洞拐]{3,6}(?![零〇一幺二两三四五六七八九洞拐])/g;

export function numbersToDigits(text: string): string {
  const radio = text.replace(RADIO_RUN_RE, (run) => (/[洞拐]/.test(run) && /[零〇一幺二两三四五六七八九]/.test(run) && !/^(..)\1$/.test(run) ? run.replace(/洞/g, '零').replace(/拐/g, '七') : run));
  const withYao = radio.replace(YAO_RUN_RE, (run) => (run.includes('么') && /[零〇一二三四五六七八九]/.test(run) ? run.replace(/么/g, '幺') : run));
  const plain = withYao.replace(CAPITAL_RUN_RE, (run) => (/[壹贰叁参肆伍陆柒捌玖拾佰仟]/.test(run) && /[壹贰叁肆伍陆柒捌玖]/.test(run) ? [...run].map((ch) => CAPITAL_NUMERAL[ch] ?? ch).join('') : run));
  return plain.replace(/[零〇一幺二两三四五六七八九十百千]{2,}/g, (run) => {
    if (/[十百千]/.test(run)) {
      if (!/[百千]/.test(run)) return run;
      const n = readPositional(run);
      return n !== null && n >= 100 ? String(n) : run;
    }
    if (run.length < 3) return run;
    return [...run].map((ch) => String(CN_DIGIT[ch] ?? '')).join('');
  });
}

// ---------------------------------------------------------------------------------------------
// Pinyin: one syllable per character, cached (pinyin-pro takes ~10 µs a call).

const syllableCache = new Map<string, string>();

export function syllableOf(ch: string): string {
  let s = syllableCache.get(ch);
  if (s === undefined) {
    s = isCjk(ch) ? pinyin(ch, { toneType: 'none', v: true }).toLowerCase().replace(/[^a-z]/g, '') : '';
    syllableCache.set(ch, s);
  }
  return s;
}

// Particles and function words, some with a second reading (了 liao, 着 zhao, 得 dei): a
// window is never corrected by changing one of them; nor are 在 (在花厂 is not 栽花厂) and 想 (活做想,
// the Hani order of 想做活, is not 做香), words too common to be a slip for a lexicon word.
const PARTICLES = new Set([...'了的着得地过吗呢吧啊么嘛呀哦哈咯啦们个在想']);

/** The sound Yunnan Mandarin hears: zh = z, ch = c, sh = s, l = n, -ng = -n. */
function nearSoundOf(syllable: string): string {
  return syllable.replace(/^([zcs])h/, '$1').replace(/^l/, 'n').replace(/(?<=[aei])ng$/, 'n');
}

/**
 * Letters typed as pinyin: the fewest syllables that spell the run, or null when it is not
 * pinyin (ok, bm, td). Runs longer than 30 letters are not split.
 */
export function splitSyllables(run: string): string[] | null {
  if (run.length < 2 || run.length > 30) return null;
  const best: (string[] | null)[] = new Array<string[] | null>(run.length + 1).fill(null);
  best[0] = [];
  for (let i = 0; i < run.length; i++) {
    const before = best[i];
    if (!before) continue;
    for (let l = 1; l <= 6 && i + l <= run.length; l++) {
      const s = run.slice(i, i + l);
      if (!PINYIN_SYLLABLES.has(s)) continue;
      const current = best[i + l];
      if (!current || current.length > before.length + 1) best[i + l] = [...before, s];
    }
  }
  return best[run.length] ?? null;
}

interface Unit {
  text: string;
  sound: string;
  han: boolean;
}

/**
 * The text as units for the corrector: each character with its syllable, and each syllable of
 * pinyin typed right next to characters (tui订 → tui, 订), which can then stand for its
 * character. Any other run of letters is one unit with no sound.
 */
function unitsOf(text: string): Unit[] {
  const chars = [...text];
  const units: Unit[] = [];
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i] as string;
    if (ch >= 'a' && ch <= 'z') {
      let j = i;
      while (j < chars.length && (chars[j] as string) >= 'a' && (chars[j] as string) <= 'z') j++;
      const run = chars.slice(i, j).join('');
      const split = isCjk(chars[i - 1] ?? '') || isCjk(chars[j] ?? '') ? splitSyllables(run) : null;
      if (split) for (const s of split) units.push({ text: s, sound: s, han: false });
      else units.push({ text: run, sound: '', han: false });
      i = j;
      continue;
    }
    units.push({ text: ch, sound: syllableOf(ch), han: isCjk(ch) });
    i++;
  }
  return units;
}

// Function words typed as one pinyin syllable beside pinyin the corrector turned into words.
const PINYIN_FUNCTION_WORDS: Readonly<Record<string, string>> = {
  le: '了', ba: '吧', ma: '吗', ne: '呢', la: '啦', zai: '再', bu: '不', bie: '别', mo: '莫', yao: '要', gei: '给', wo: '我', fa: '发', de: '的', hai: '还', dou: '都', guo: '过', xian: '先', mei: '没', meiyou: '没有', wan: '完', hou: '后', yihou: '以后', shuo: '说',
};

export interface LexiconCorrector {
  /** Replaces homophones of lexicon words (逢纫 → 缝纫) and pinyin of lexicon words (tuiding → 退订). */
  correct(text: string): string;
}

/**
 * A corrector over words the reader knows. A window of characters whose pinyin equals a
 * lexicon word's, differing from it in one character, is taken for that word: phones suggest
 * the right sound and the wrong character (逢纫, 退丁, 踩摘). `protect` lists everyday words that
 * sound like lexicon words and must stay (收工 is not 手工).
 */
const WHOLE_WORD_LEAD = new Set(['会', '做', '学', '干', '搞']);
const WHOLE_WORD_TAIL = new Set(['的', '工']);
const WHOLE_WORD_KEYWORDS = ['订阅', '技能'];

export function createLexiconCorrector(
  words: Iterable<string>,
  protect: Iterable<string> = [],
  anySpelling: Iterable<string> = [],
  nearSound: Iterable<string> = [],
  wholeSound: Iterable<string> = [],
  placeWords: Iterable<string> = [],
): LexiconCorrector {
  // 想克1532那点做, 在草坝那里住 (Round 25): 那 right after a code or a place is "there", as written — never
  // the question word 哪 of a homophone (哪点, 在哪里). Elsewhere (街天那点有没得) the sound may still decide.
  const places = new Set(placeWords);
  let maxPlace = 0;
  for (const p of places) maxPlace = Math.max(maxPlace, p.length);
  const loose = new Set(anySpelling);
  // Words taken in any spelling of their sound when the spelling stands as a word of its own (订阅 逢人
  // 蒙自, 我会逢人: Round 25): a skill name typed wholly by sound, every character a homophone, which
  // the one-character-off rule cannot see. Bounded, so 逢人就说 keeps its words.
  const whole = new Set(wholeSound);
  // Command words also taken in a near sound (帮组 for 帮助, 技嫩 for 技能): Yunnan Mandarin does
  // not tell zh from z, ch from c, sh from s, n from l, -ng from -n, and phones offer both.
  const byNearSound = new Map<string, string[]>();
  const nearByFirst = new Map<string, number>();
  for (const w of nearSound) {
    if (w.length < 2 || !/^\p{Script=Han}+$/u.test(w)) continue;
    const syllables = [...w].map((ch) => nearSoundOf(syllableOf(ch)));
    const key = syllables.join(' ');
    byNearSound.set(key, [...(byNearSound.get(key) ?? []), w]);
    nearByFirst.set(syllables[0] as string, Math.max(nearByFirst.get(syllables[0] as string) ?? 0, w.length));
  }
  const bySound = new Map<string, string[]>();
  const byPinyin = new Map<string, string>();
  const exact = new Set<string>();
  let maxLen = 0;
  let maxPinyin = 0;
  for (const w of protect) {
    exact.add(w);
    maxLen = Math.max(maxLen, w.length);
  }
  for (const w of [...words, ...loose]) {
    if (w.length < 2 || !/^\p{Script=Han}+$/u.test(w)) continue;
    exact.add(w);
    const syllables = [...w].map(syllableOf);
    if (syllables.some((s) => s === '')) continue;
    const key = syllables.join(' ');
    const list = bySound.get(key) ?? [];
    if (!list.includes(w)) list.push(w);
    bySound.set(key, list);
    const joined = syllables.join('');
    // Pinyin typed for a word: at least two syllables and four letters (dy, td, bm stay commands).
    if (joined.length >= 4 && !byPinyin.has(joined)) byPinyin.set(joined, w);
    // ü is typed u on phones (luchun for 绿春 lvchun, nuer for 女儿).
    const asU = joined.replace(/(?<=[ln])v/g, 'u');
    if (asU !== joined && asU.length >= 4 && !byPinyin.has(asU)) byPinyin.set(asU, w);
    // 了 is typed le when it ends a phrase (mo fa le for 莫发了); its first reading is liao.
    const asLe = [...w].map((ch, k) => (ch === '了' ? 'le' : syllables[k])).join('');
    if (asLe !== joined && !byPinyin.has(asLe)) byPinyin.set(asLe, w);
    maxLen = Math.max(maxLen, w.length);
    maxPinyin = Math.max(maxPinyin, joined.length);
  }
  // -ng typed -n (pinche for 平车 pingche, fenren for 缝纫 fengren; Round 27): Yunnan Mandarin does not tell them
  // apart, as the near sounds below say. Only where no word has that key itself, so a word's own pinyin wins.
  for (const w of [...words, ...loose]) {
    if (w.length < 2 || !/^\p{Script=Han}+$/u.test(w)) continue;
    const syllables = [...w].map(syllableOf);
    if (syllables.some((s) => s === '') || !syllables.some((s) => s.endsWith('ng'))) continue;
    const asN = syllables.map((s) => s.replace(/ng$/, 'n')).join('');
    if (asN.length >= 5 && !byPinyin.has(asN)) byPinyin.set(asN, w);
  }

  // Longest exact word per first character and longest sound key per first syllable: most
  // positions start nothing, and are passed over without building a substring.
  const exactByFirst = new Map<string, number>();
  for (const w of exact) exactByFirst.set(w.charAt(0), Math.max(exactByFirst.get(w.charAt(0)) ?? 0, w.length));
  const soundByFirst = new Map<string, number>();
  for (const key of bySound.keys()) {
    const parts = key.split(' ');
    soundByFirst.set(parts[0] as string, Math.max(soundByFirst.get(parts[0] as string) ?? 0, parts.length));
  }

  const correctHan = (text: string): string => {
    const units = unitsOf(text);
    const chars = units.map((u) => u.text);
    const out: string[] = [];
    const sounds = units.map((u) => u.sound);
    const near = byNearSound.size > 0 ? sounds.map(nearSoundOf) : sounds;
    const exactAt = (i: number): number => {
      for (let len = Math.min(exactByFirst.get(chars[i] as string) ?? 0, chars.length - i); len >= 2; len--) {
        if (exact.has(chars.slice(i, i + len).join(''))) return len;
      }
      return 0;
    };
    // A known word that starts before i and goes on past it (中介 in 中介收): a window at i would take
    // the word's last character for the first of another (介收 → 接收, across a word's end). The scan
    // consumes the known words it starts on; one that begins inside a word consumed or corrected
    // before it, or that was not in the known words, was passed, so it is looked for again here.
    const insideKnown = (i: number): boolean => {
      for (let j = Math.max(0, i - maxLen + 1); j < i; j++) {
        for (let len = Math.min(exactByFirst.get(chars[j] as string) ?? 0, chars.length - j); len >= 2 && j + len > i; len--) {
          if (exact.has(chars.slice(j, j + len).join(''))) return true;
        }
      }
      return false;
    };
    // A word of its own: nothing of Han before it but a verb of doing or knowing (会, 做, 学, 干, 搞), and
    // nothing after it but 的 or 工 (逢人工); right after the keyword 订阅 or 技能, whatever follows (订阅逢人蒙自,
    // a keyword text run together).
    const standsAlone = (i: number, len: number): boolean => {
      const before = units[i - 1];
      const after = units[i + len];
      const keyword = WHOLE_WORD_KEYWORDS.some((k) => chars.slice(Math.max(0, i - k.length), i).join('') === k);
      return keyword || ((!before || !before.han || WHOLE_WORD_LEAD.has(before.text)) && (!after || !after.han || WHOLE_WORD_TAIL.has(after.text)));
    };
    const thereAfter = (i: number): boolean => {
      let j = i - 1;
      while (j >= 0 && (chars[j] === ' ' || chars[j] === ',')) j--;
      if (j >= 0 && /^[0-9]$/.test(chars[j] as string)) return true;
      for (let len = 2; len <= maxPlace && j - len + 1 >= 0; len++) if (places.has(chars.slice(j - len + 1, j + 1).join(''))) return true;
      return false;
    };
    for (let i = 0; i < chars.length; ) {
      if (chars[i] === '那' && /^[点里边儿]$/.test(chars[i + 1] ?? '') && thereAfter(i)) {
        out.push('那');
        i++;
        continue;
      }
      if (!sounds[i]) {
        out.push(chars[i] as string);
        i++;
        continue;
      }
      const known = exactAt(i);
      if (known) {
        out.push(chars.slice(i, i + known).join(''));
        i += known;
        continue;
      }
      let replaced = 0;
      for (let len = Math.min(soundByFirst.get(sounds[i] as string) ?? 0, chars.length - i); len >= 2 && !replaced; len--) {
        const window = sounds.slice(i, i + len);
        if (window.some((s) => !s)) continue;
        const candidates = bySound.get(window.join(' '));
        if (!candidates) continue;
        for (const w of candidates) {
          let differ = 0;
          let typed = 0;
          let particle = false;
          for (let k = 0; k < len; k++) {
            if (!units[i + k]?.han) typed++;
            else if (w[k] !== chars[i + k]) {
              differ++;
              if (PARTICLES.has(chars[i + k] as string)) particle = true;
            }
          }
          // 开了 is never 开料: a particle (了 reads liao too) is the word the writer meant.
          if (particle && !loose.has(w)) continue;
          // One wrong character, or syllables typed in pinyin among the word's own characters
          // (tui订, 帮zhu, 暂ting), and the next position does not start a real word that the
          // window would swallow (发错 is not a homophone of anything in 发错了).
          const fits = typed > 0 ? typed < len && (differ === 0 || loose.has(w)) : differ === 1 || (differ > 1 && (loose.has(w) || (whole.has(w) && standsAlone(i, len))));
          if (fits && !(i + 1 < chars.length && exactAt(i + 1) > 0 && exactAt(i + 1) + 1 > len) && !insideKnown(i)) {
            out.push(w);
            replaced = len;
            break;
          }
        }
      }
      // A near sound, one character off, for the command words only (帮组 → 帮助).
      if (!replaced && units[i]?.han) {
        for (let len = Math.min(nearByFirst.get(near[i] as string) ?? 0, chars.length - i); len >= 2 && !replaced; len--) {
          if (units.slice(i, i + len).some((u) => !u.han || !u.sound)) continue;
          for (const w of byNearSound.get(near.slice(i, i + len).join(' ')) ?? []) {
            let differ = 0;
            for (let k = 0; k < len; k++) if (w[k] !== chars[i + k]) differ++;
            if (differ === 1 && !(i + 1 < chars.length && exactAt(i + 1) > 0 && exactAt(i + 1) + 1 > len) && !insideKnown(i)) {
              out.push(w);
              replaced = len;
              break;
            }
          }
        }
      }
      if (replaced) {
        i += replaced;
        continue;
      }
      out.push(chars[i] as string);
      i++;
    }
    return out.join('');
  };

  // Runs of ASCII letters (words separated by single spaces): the longest lexicon pinyin that
  // starts at a word start (or inside a word) and ends at a word end becomes the word.
  const correctPinyin = (text: string): string =>
    text.replace(/[a-z]+(?: [a-z]+)*/g, (run) => {
      const words = run.split(' ');
      const out: string[] = [];
      for (let w = 0; w < words.length; ) {
        let done = false;
        // Words w..e joined (fengren, feng ren); at most what the longest key can hold.
        let joined = '';
        let best: { end: number; word: string; start: number } | null = null;
        for (let e = w; e < words.length && joined.length <= maxPinyin; e++) {
          joined += words[e];
          const whole = byPinyin.get(joined);
          if (whole) best = { end: e, word: whole, start: 0 };
        }
        if (best) {
          out.push(best.word);
          w = best.end + 1;
          done = true;
        }
        if (!done) {
          // Inside one word: woyaotuiding → woyao + 退订 (the key ends where the word ends). A word
          // that is all pinyin is read on from the right, key by key, as long as keys end where the
          // rest ends (dingyuefengrenxinjie → 订阅 缝纫 新街, wohuikaichachegejiu → wohui 开叉车 个旧:
          // basic phones with no space key, Round 16c); each step looks at most maxPinyin letters back
          // in a word of at most 30 letters.
          const word = words[w] as string;
          const parts: string[] = [];
          let rest = word;
          const allPinyin = splitSyllables(word) !== null;
          while (rest.length >= 4) {
            const whole = parts.length > 0 ? byPinyin.get(rest) : undefined;
            if (whole) {
              parts.unshift(whole);
              rest = '';
              break;
            }
            let hit: string | null = null;
            let at = -1;
            for (let p = Math.max(1, rest.length - maxPinyin); p + 4 <= rest.length && hit === null; p++) {
              const key = byPinyin.get(rest.slice(p));
              // (In a word all of pinyin the key starts on a syllable: shoudao is 收到, not s + 后道.)
              if (key && (!allPinyin || splitSyllables(rest.slice(0, p)) !== null)) {
                hit = key;
                at = p;
              }
            }
            if (hit === null) break;
            parts.unshift(hit);
            rest = rest.slice(0, at);
            if (!allPinyin) break;
          }
          if (rest) parts.unshift(rest);
          out.push(...parts);
          w++;
        }
      }
      // Pinyin typed around a word it became (bu yao zai tui song le → 不要 zai 推送 le): the
      // particles and short words left between are pinyin too.
      if (out.some((w) => isCjk(w.charAt(0)))) for (let k = 0; k < out.length; k++) out[k] = PINYIN_FUNCTION_WORDS[out[k] as string] ?? (out[k] as string);
      return out.join(' ');
    });

  return {
    correct(text: string): string {
      return correctPinyin(correctHan(text));
    },
  };
}

// 10031005都报, 报名12081209: two four-digit codes (the codes alerts carry) typed with no space
// between are two codes (Round 16c) — not a date (20240315) and not a number given as a phone,
// an account or an ID.
const TWO_CODES_RE = /(?<![0-9])([0-9]{4})([0-9]{4})(?![0-9])/g;
const NUMBER_OWNER_RE = /(电话|手机|号码是|微信|qq|卡号|账号|身份证|tel)[^0-9]{0,3}$/;

export function splitTwoCodes(text: string): string {
  if (!/[0-9]{8}/.test(text)) return text;
  return text.replace(TWO_CODES_RE, (run: string, a: string, b: string, at: number) => {
    if (/^(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$/.test(run)) return run;
    if (NUMBER_OWNER_RE.test(text.slice(Math.max(0, at - 8), at))) return run;
    return `${a} ${b}`;
  });
}
