import { z } from 'zod';
import type { Outbox } from './outbox.js';
import { cleanText } from '../../domain/inbound-text.js';
import { normalizePhone } from '../../domain/phone.js';

/** A field of a receipt: bounded, and cleaned of what PostgreSQL cannot store (NUL, lone surrogates). */
const field = (max: number) => z.string().max(max).transform(cleanText);

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

/** Receipts applied per statement. */
const REPORT_SLICE = 500;

export function createReportService({ outbox }: { outbox: Pick<Outbox, 'applyReceipts'> }) {
  return {
    /**
     * Stores a push of delivery receipts and applies them. Receipts only move a message
     * forward (sending/sent → delivered/failed): a repeat or a late receipt changes nothing.
     */
    async storeReports(items: SmsReportItem[]): Promise<{ received: number; stored: number; applied: number }> {
      // A large push goes in slices, so no one statement's JSON holds the event loop for long.
      let stored = 0;
      let applied = 0;
      for (let i = 0; i < items.length; i += REPORT_SLICE) {
        const r = await storeSlice(items.slice(i, i + REPORT_SLICE));
        stored += r.stored;
        applied += r.applied;
      }
      return { received: items.length, stored, applied };
    },
  };

  async function storeSlice(items: SmsReportItem[]): Promise<{ stored: number; applied: number }> {
    if (items.length === 0) return { stored: 0, applied: 0 };
    const rows = items.map((r) => {
      const size = Number(r.sms_size);
      return {
        biz_id: r.biz_id,
        phone: normalizePhone(r.phone_number) ?? r.phone_number,
        success: r.success,
        err_code: r.err_code || (r.success ? 'DELIVERED' : 'UNKNOWN'),
        err_msg: r.err_msg ?? null,
        out_id: r.out_id ?? null,
        sms_size: r.sms_size !== undefined && Number.isInteger(size) && size >= 0 && size < 1000 ? size : null, // segments: a handful, never past int
        report_time: r.report_time ?? '',
        raw: r,
      };
    });
    // One statement per slice: store each report once and apply it (outbox `applyReceipts`).
    return outbox.applyReceipts(rows);
  }
}

export type ReportService = ReturnType<typeof createReportService>;
