import { z } from 'zod';
import { Prisma, type Db } from '../../db/prisma.js';
import { statusIn } from './outbox.js';
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

export function createReportService({ db }: { db: Db }) {
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
    // One statement for the whole push, its reports passed as one JSON document: store each
    // report once, then apply it to the message found by (BizId, phone), or, for a message
    // whose send answer was lost (no BizId stored), by the OutId of its call. The two lookups
    // are separate so that each reads its own two-column index (as one OR, the planner looked
    // receipts up by BizId alone and filtered a 1,000-number call's rows by phone), and they
    // are found first and updated after: a receipt that arrives while the sent write is
    // giving the row its BizId still applies once that write commits.
    const set = Prisma.sql`
      status = CASE WHEN r.success THEN 'delivered'::"NotificationStatus" ELSE 'failed'::"NotificationStatus" END,
      delivered_at = CASE WHEN r.success THEN now() ELSE n.delivered_at END,
      error_code = CASE WHEN r.success THEN NULL ELSE r.err_code END,
      error_message = CASE WHEN r.success THEN NULL ELSE r.err_msg END,
      segments = COALESCE(r.sms_size, n.segments),
      biz_id = COALESCE(n.biz_id, r.biz_id),
      sent_at = COALESCE(n.sent_at, now()),
      updated_at = now()`;
    const [result] = await db.$queryRaw<{ stored: bigint; applied: bigint }[]>`
      WITH r AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS r(biz_id text, phone text, success boolean, err_code text, err_msg text, out_id text, sms_size int, report_time text, raw jsonb)
      ), stored AS (
        INSERT INTO delivery_reports (biz_id, phone, success, err_code, err_msg, out_id, sms_size, report_time, raw)
        SELECT biz_id, phone, success, err_code, err_msg, out_id, sms_size, report_time, raw FROM r
        ON CONFLICT (biz_id, phone, err_code, report_time) DO NOTHING
        RETURNING 1
      ), found AS MATERIALIZED (
        SELECT m.id AS notification_id, r.* FROM r JOIN notifications m ON m.biz_id = r.biz_id AND m.phone = r.phone
        UNION ALL
        SELECT m.id, r.* FROM r JOIN notifications m ON m.biz_id IS NULL AND m.out_id = r.out_id AND m.phone = r.phone
      ), applied AS (
        UPDATE notifications n SET ${set} FROM found r
        WHERE n.id = r.notification_id AND ${statusIn(['sending', 'sent'], 'n')}
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM stored) AS stored, (SELECT count(*) FROM applied) AS applied`;
    return { stored: Number(result?.stored ?? 0), applied: Number(result?.applied ?? 0) };
  }
}

export type ReportService = ReturnType<typeof createReportService>;
