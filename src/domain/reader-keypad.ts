import type { Intent } from './reader-types.js';

/**
 * Slips on a basic phone's keypad (docs/reader.md, Round 16d). On a T9 keypad each digit carries
 * three or four letters (2 abc, 3 def, 4 ghi, 5 jkl, 6 mno, 7 pqrs, 8 tuv, 9 wxyz), and a letter is
 * picked by pressing its key once, twice or three times: a worker who presses once too often
 * sends TE for TD, GF for HF, HW for GW. A short Latin text (one to three letters) that is no word
 * of its own and whose keys are those of exactly one command is read as that command:
 * - a slip of an opt-out command (T, R, N, TD) is never a sure stop: it stops alerts and asks
 *   回TD退订，回1继续接收 (an unclear opt-out), because the worker may have meant nothing at all;
 * - keys shared by two commands (DY and DZ are both 3-9, BZ and CX both 2-9) say neither: the
 *   reader asks the numbered question (clarify).
 * A code's letters (AM2041 for BM2041) are read by findCode, which takes any two letters before a
 * code. Pure.
 */

const KEY_OF: Readonly<Record<string, string>> = Object.fromEntries(
  (['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'] as const).flatMap((letters, i) => [...letters].map((ch) => [ch, String(i + 2)])),
);

/** The keys a run of letters is typed with (te → 83). */
export function keysOf(word: string): string {
  return [...word].map((ch) => KEY_OF[ch] ?? '?').join('');
}

// The commands printed in our texts and the carriers' stop letters, with what each asks for.
// (QX and DT are not keypad commands: they are read as words in reader-opt-out.ts.)
const KEYPAD_COMMANDS: readonly (readonly [string, Intent])[] = [
  ['t', 'unsubscribe'], ['r', 'unsubscribe'], ['n', 'unsubscribe'], ['td', 'unsubscribe'],
  ['dy', 'subscribe'], ['gw', 'list_jobs'], ['bm', 'apply'], ['zt', 'pause'], ['hf', 'resume'],
  ['wd', 'status'], ['cx', 'status'], ['jn', 'update_skills'], ['dz', 'update_place'], ['bz', 'help'],
];

// Short Latin texts that are words of their own, never slips: English and chat (ok, hi, no, me,
// we, if, id, by, am, an, qq, sb, nb …), interjections typed in pinyin (a, e, o, m, en, ai, ao, ei,
// ng, hm), and syllables that are words alone (wo, ni, ta, he, ye, ge, and the digits yi er san si
// wu liu qi ba jiu, a menu answer said in pinyin).
const OWN_WORDS = new Set([
  'a', 'e', 'i', 'o', 'm', 'x',
  'ok', 'hi', 'ai', 'ao', 'ei', 'en', 'ng', 'hm', 'mm', 'no', 'me', 'we', 'if', 'id', 'by', 'am', 'an', 'as', 'at', 'be', 'do', 'go',
  'in', 'is', 'it', 'my', 'of', 'oh', 'on', 'or', 'so', 'to', 'up', 'us', 'ya', 'yo', 'ha', 'he', 'hh', 'gg', 'qq', 'sb', 'nb', 'pk',
  'vx', 'wx', 'pc', 'tv', 'dj', 'ps', 'pp', 'ye', 'ge', 'wo', 'ni', 'ta', 'yi', 'er', 'si', 'wu', 'qi', 'ba', 'lo', 'ko',
  'yes', 'you', 'the', 'and', 'not', 'off', 'hey', 'thx', 'wtf', 'omg', 'lol', 'hao', 'san', 'liu', 'jiu', 'okk', 'emm', 'hmm',
]);

export type KeypadSlip = { intent: Intent; unclear?: true } | 'ambiguous';

/**
 * The command a short Latin text was meant to be, when its keys are one command's and it is not
 * the command itself (which the rules read) nor a word of its own; 'ambiguous' when its keys are
 * two commands'; null otherwise.
 */
export function keypadSlip(compact: string): KeypadSlip | null {
  if (!/^[a-z]{1,3}$/.test(compact) || OWN_WORDS.has(compact) || KEYPAD_COMMANDS.some(([word]) => word === compact)) return null;
  const keys = keysOf(compact);
  const meant = KEYPAD_COMMANDS.filter(([word]) => keysOf(word) === keys);
  if (meant.length === 0) return null;
  if (new Set(meant.map(([, intent]) => intent)).size > 1) return 'ambiguous';
  const intent = (meant[0] as readonly [string, Intent])[1];
  return intent === 'unsubscribe' ? { intent, unclear: true } : { intent };
}
