/**
 * What a worker's text may be once it is inside guiyan. SMS and WeChat follow one policy:
 * a text is cleaned (PostgreSQL cannot store NUL, and a lone UTF-16 surrogate cannot be
 * written as UTF-8 or JSON) and clipped to INBOUND_TEXT_MAX_CHARS characters, and the row
 * keeps how long the original was. A real text from a phone is a few hundred characters at
 * most; anything longer is a mistake or an attack, and reading it whole would only cost
 * time (docs/inbound-limits.md). Pure functions.
 */

/** Characters (Unicode code points) of a worker's text that are stored and read. */
export const INBOUND_TEXT_MAX_CHARS = 2000;

const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL can store: NUL removed, each lone surrogate replaced with U+FFFD (as a UTF-8 decoder would). */
export function cleanText(s: string): string {
  let out = s;
  if (out.includes('\u0000')) out = out.replace(NUL, '');
  LONE_SURROGATE.lastIndex = 0;
  if (LONE_SURROGATE.test(out)) out = out.replace(LONE_SURROGATE, '\uFFFD');
  return out;
}

/** Whether `s` holds something cleanText would change: a NUL or a lone surrogate. */
export function hasUnstorableText(s: string): boolean {
  if (s.includes('\u0000')) return true;
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(s);
}

/** Counts code points up to `limit + 1`; the index where the first `limit` end. O(limit), whatever the length. */
function codePointPrefix(s: string, limit: number): { end: number; longer: boolean } {
  let i = 0;
  let n = 0;
  while (i < s.length && n < limit) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    i += pair ? 2 : 1;
    n += 1;
  }
  return { end: i, longer: i < s.length };
}

/** Code points in `s` (a surrogate pair counts once). */
export function charLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}

export interface InboundText {
  /** The cleaned text, at most INBOUND_TEXT_MAX_CHARS characters. */
  text: string;
  /** Characters the sender sent (before clipping). */
  length: number;
  clipped: boolean;
}

/** A worker's text as stored: cleaned, clipped, with its original length. Never splits a surrogate pair. */
export function inboundText(raw: string, max = INBOUND_TEXT_MAX_CHARS): InboundText {
  const length = charLength(raw);
  const { end, longer } = codePointPrefix(raw, max);
  return { text: cleanText(longer ? raw.slice(0, end) : raw), length, clipped: longer };
}
