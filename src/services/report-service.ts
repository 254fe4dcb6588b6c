import { z } from 'zod';
import { Prisma, type Db } from '../db/prisma.js';
import { statusIn } from '../db/notification-sql.js';
import { normalizePhone } from '../domain/phone.js';

/** One SmsReport of Aliyun's HTTP batch push (protocols.md §2.1); unknown fields are ignored. */
export const smsReportItemSchema = z.object({
  phone_number: z.string().min(1),
  send_time: z.string().optional(),
  report_time: z.string().optional(),
  success: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
  err_code: z.string().default(''),
  err_msg: z.string().optional(),
  sms_size: z.union([z.string(), z.number()]).optional(),
  biz_id: z.string().min(1),
  out_id: z.string().optional(),
});
export type SmsReportItem = z.infer<typeof smsReportItemSchema>;

export function createReportService({ db }: { db: Db }) {
  return {
    /**
     * Stores a push of delivery receipts and applies them. Receipts only move a message
     * forward (sending/sent → delivered/failed): a repeat or a late receipt changes nothing.
     */
    async storeReports(items: SmsReportItem[]): Promise<{ received: number; stored: number; applied: number }> {
      const rows = items.map((r) => ({
        bizId: r.biz_id,
        phone: normalizePhone(r.phone_number) ?? r.phone_number,
        success: r.success,
        errCode: r.err_code || (r.success ? 'DELIVERED' : 'UNKNOWN'),
        errMsg: r.err_msg ?? null,
        outId: r.out_id ?? null,
        smsSize: r.sms_size === undefined || Number.isNaN(Number(r.sms_size)) ? null : Number(r.sms_size),
        reportTime: r.report_time ?? '',
        raw: r,
      }));
      return db.$transaction(async (tx) => {
        const { count } = await tx.deliveryReport.createMany({ data: rows, skipDuplicates: true });
        // The whole push at once: by (BizId, phone), then a message whose send answer was lost
        // (no BizId stored) by the OutId of its call. Two statements, so that each reads its own
        // index on both columns (as one OR the planner read every row of a 1,000-number call for
        // each receipt).
        const set = Prisma.sql`
            status = CASE WHEN r.success THEN 'delivered'::"NotificationStatus" ELSE 'failed'::"NotificationStatus" END,
            delivered_at = CASE WHEN r.success THEN now() ELSE n.delivered_at END,
            error_code = CASE WHEN r.success THEN NULL ELSE r.err_code END,
            error_message = CASE WHEN r.success THEN NULL ELSE r.err_msg END,
            segments = COALESCE(r.sms_size, n.segments),
            biz_id = COALESCE(n.biz_id, r.biz_id),
            sent_at = COALESCE(n.sent_at, now()),
            updated_at = now()`;
        const reports = Prisma.sql`
          unnest(${rows.map((r) => r.bizId)}::text[], ${rows.map((r) => r.phone)}::text[], ${rows.map((r) => r.outId)}::text[],
                 ${rows.map((r) => r.success)}::boolean[], ${rows.map((r) => r.errCode)}::text[], ${rows.map((r) => r.errMsg)}::text[],
                 ${rows.map((r) => r.smsSize)}::int[])
            AS r(biz_id, phone, out_id, success, err_code, err_msg, sms_size)`;
        const byBizId = await tx.$executeRaw`
          UPDATE notifications n SET ${set} FROM ${reports}
          WHERE n.biz_id = r.biz_id AND n.phone = r.phone AND ${statusIn(['sending', 'sent'], 'n')}`;
        const byOutId = rows.some((r) => r.outId)
          ? await tx.$executeRaw`
              UPDATE notifications n SET ${set} FROM ${reports}
              WHERE n.biz_id IS NULL AND n.out_id = r.out_id AND n.phone = r.phone AND ${statusIn(['sending', 'sent'], 'n')}`
          : 0;
        const applied = byBizId + byOutId;
        return { received: items.length, stored: count, applied };
      });
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
