import { createHash } from 'node:crypto';
import { z } from 'zod';
import { cleanText } from '../../domain/inbound-text.js';

/**
 * Aliyun's HTTP batch pushes (SmsUp: texts to our number; SmsReport: delivery receipts), as
 * the webhooks read them: the vendor's shapes and conventions, no storage.
 */

/** A short field of a push: bounded, and cleaned of what PostgreSQL cannot store (NUL, lone surrogates). */
const field = (max: number) => z.string().max(max).transform(cleanText);

/**
 * One SmsUp item of Aliyun's HTTP batch push (docs/inbound-limits.md). `sequence_id` is a
 * string in the current docs and a number in older ones; unknown fields are ignored. The
 * content is cleaned here and clipped when stored; the short fields are bounded, so one odd
 * item is reported and the rest of its push is still stored.
 */
export const smsUpItemSchema = z.object({
  // A sender is a number: digits, perhaps a leading + and separators. Anything else (letters,
  // U+FFFD from bytes that were not UTF-8) is not a phone Aliyun would push, so the item is unreadable.
  phone_number: field(40).pipe(z.string().trim().regex(/^\+?\d[\d -]{2,30}$/, 'not a phone number')),
  content: z.string(),
  send_time: field(40).optional(),
  dest_code: field(40).optional(),
  sequence_id: z.union([field(64), z.number().finite()]).optional(),
  sign_name: field(64).optional(),
});
export type SmsUpItem = z.infer<typeof smsUpItemSchema>;

// Aliyun's "yyyy-MM-dd HH:mm:ss" is Beijing time.
export function parseBeijingTime(s: string | undefined): Date | null {
  if (!s) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  // A year no phone sends (0000, 9999) is stored as unknown: PostgreSQL refuses year 0, and one
  // such item must not make the whole push, with its good texts, fail.
  const year = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || year < 2000 || year > 2100 ? null : d;
}

/**
 * The key that makes a repeated push a no-op: (phone, sequence_id) when Aliyun gives a
 * sequence id, else a hash of what the push says (the docs' fallback).
 */
export function smsUpMessageId(item: SmsUpItem): string {
  if (item.sequence_id !== undefined && String(item.sequence_id) !== '') return `${item.phone_number}:${String(item.sequence_id)}`;
  const h = createHash('sha256').update([item.phone_number, item.dest_code ?? '', item.send_time ?? '', item.content].join('\u0000'));
  return `${item.phone_number}:h${h.digest('hex').slice(0, 32)}`;
}

/**
 * One SmsReport of Aliyun's HTTP batch push (docs/inbound-limits.md); unknown fields are
 * ignored. Every field is bounded, so one odd receipt is reported and the rest are applied.
 */
export const smsReportItemSchema = z.object({
  phone_number: field(40).pipe(z.string().min(1)),
  send_time: field(40).optional(),
  report_time: field(40).optional(),
  success: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
  err_code: field(64).default(''),
  err_msg: field(500).optional(),
  sms_size: z.union([field(20), z.number().finite()]).optional(),
  biz_id: field(100).pipe(z.string().min(1)),
  out_id: field(256).optional(),
});
export type SmsReportItem = z.infer<typeof smsReportItemSchema>;
