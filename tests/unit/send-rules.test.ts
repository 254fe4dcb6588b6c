import { describe, expect, it } from 'vitest';
import { beijingDate, segmentCost, sendTimeFor, splitUtf8 } from '../../src/domain/send-rules.js';

const night = { startMinute: 21 * 60, endMinute: 8 * 60 };
const bj = (s: string) => new Date(`${s}+08:00`);

describe('send rules', () => {
  it('names the Beijing date, which turns at 16:00 UTC', () => {
    expect(beijingDate(new Date('2026-11-29T15:59:59Z'))).toBe('20261129');
    expect(beijingDate(new Date('2026-11-29T16:00:00Z'))).toBe('20261130');
  });

  it('puts a message due in quiet hours after their end, at a place fixed by its id', () => {
    const at = bj('2026-11-29T21:05:00');
    const a = sendTimeFor(at, night, 1234n, 30 * 60_000);
    expect(a.getTime()).toBeGreaterThanOrEqual(bj('2026-11-30T08:00:00').getTime());
    expect(a.getTime()).toBeLessThan(bj('2026-11-30T08:30:00').getTime());
    // The same id lands on the same moment whenever it is retried; another id elsewhere.
    expect(sendTimeFor(bj('2026-11-30T03:00:00'), night, '1234', 30 * 60_000)).toEqual(a);
    expect(sendTimeFor(at, night, 1777n, 30 * 60_000)).not.toEqual(a);
    // Notify jobs are headed by ids 1,000 apart: they must still land at different moments.
    const heads = [1n, 1001n, 2001n, 3001n, 4001n].map((id) => sendTimeFor(at, night, id, 30 * 60_000).getTime());
    expect(new Set(heads).size).toBe(5);
    const day = bj('2026-11-30T10:00:00');
    expect(sendTimeFor(day, night, 1n, 30 * 60_000)).toBe(day);
    expect(sendTimeFor(at, null, 1n, 30 * 60_000)).toBe(at);
  });

  it('estimates cost to the fen', () => {
    expect(segmentCost(1000, 0.045)).toBe(45);
    expect(segmentCost(3, 0.045)).toBe(0.14);
    expect(segmentCost(0, 0.045)).toBe(0);
    expect(segmentCost(333 * 2, 0.045)).toBe(29.97);
  });

  it('splits text at UTF-8 byte limits without cutting a character', () => {
    const text = '招工'.repeat(1000); // 3 bytes each
    const pieces = splitUtf8(text, 2048);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048);
    expect(pieces[0]!.length).toBe(682);
    const lines = Array.from({ length: 100 }, (_, i) => `第${i}行：缝纫工，月薪3500`).join('\n');
    const byLine = splitUtf8(lines, 512);
    expect(byLine.join('')).toBe(lines);
    expect(byLine.slice(0, -1).every((p) => p.endsWith('\n'))).toBe(true);
    expect(splitUtf8('', 2048)).toEqual(['']);
  });
});
