import type { QuietHours } from '../config.js';
import { deferredSendTime, isQuiet, SHANGHAI_OFFSET_MS } from './quiet-hours.js';

/** The Beijing calendar hour, yyyyMMddHH: the reply budget's and the new-number ceiling's windows. */
export function beijingHour(at: Date): string {
  const b = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${b.getUTCFullYear()}${p(b.getUTCMonth() + 1)}${p(b.getUTCDate())}${p(b.getUTCHours())}`;
}

/** The Beijing calendar date as Aliyun's QuerySendDetails wants it: yyyyMMdd. */
export function beijingDate(at: Date): string {
  return beijingHour(at).slice(0, 8);
}

/** Message kinds that wait for the morning; replies to a worker's own text never do. */
export const DEFERRABLE_KINDS = ['alert', 'reminder'] as const;

/**
 * When a deferrable message due at `at` may go out: `at` itself outside quiet hours, else after
 * their end, spread by a stable share taken from its id so a night's backlog does not land at
 * 08:00:00 all at once, and a retried job keeps its place.
 */
export function sendTimeFor(at: Date, quiet: QuietHours | null, id: bigint | string, spreadMs: number): Date {
  if (!isQuiet(at, quiet)) return at;
  return deferredSendTime(at, quiet, spreadSlot(id), spreadMs);
}

/**
 * A stable place in [0, 1) for an id. A multiplicative hash rather than `id mod n`: the ids
 * that head notify jobs are 1,000 apart, and a modulus would put every job at one moment.
 */
export function spreadSlot(id: bigint | string): number {
  const h = (BigInt(id) * 2654435761n) & 0xffffffffn; // Knuth's multiplicative hash, 32 bits
  return Number(h) / 2 ** 32;
}

/** Estimated cost of billed segments in yuan, rounded to the fen. */
export function segmentCost(segments: number, pricePerSegment: number): number {
  return Math.round(segments * pricePerSegment * 100) / 100;
}

/**
 * Splits a text into pieces of at most `maxBytes` UTF-8 bytes without cutting a character
 * (WeCom robots take 2048 bytes of text; a cut multi-byte character would show as garbage).
 * Prefers to break after a newline when one falls in the second half of a piece.
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new Error('maxBytes must hold at least one character');
  const pieces: string[] = [];
  let current = '';
  let bytes = 0;
  let lastNewline = -1;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) {
      if (lastNewline > current.length / 2) {
        pieces.push(current.slice(0, lastNewline + 1));
        current = current.slice(lastNewline + 1);
      } else {
        pieces.push(current);
        current = '';
      }
      bytes = Buffer.byteLength(current, 'utf8');
      lastNewline = current.lastIndexOf('\n');
    }
    current += ch;
    bytes += size;
    if (ch === '\n') lastNewline = current.length - 1;
  }
  if (current.length > 0 || pieces.length === 0) pieces.push(current);
  return pieces;
}
