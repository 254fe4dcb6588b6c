import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../db/prisma.js';
import { withSignature } from '../../domain/sms-segments.js';
import { maskPhone } from '../../logger.js';
import type { SmsReportItem } from './aliyun-push.js';
import type { SmsProvider } from './sms-provider.js';

/** Where the demo driver hands its receipts: the same path as Aliyun's SmsReport push. */
export type ReceiptSink = (items: SmsReportItem[]) => Promise<unknown>;

export type ConsoleSmsProvider = SmsProvider & {
  /** Receipts of each send go to `sink` about `delayMs` after it (none when never called or delayMs is 0). */
  receiptsTo(sink: ReceiptSink, delayMs: number): void;
};

/**
 * The demo driver: renders each message, logs it (phone masked) and keeps it in the outbox table, so the
 * whole flow runs on a laptop with no Aliyun account. Once wired with `receiptsTo`, each send is
 * followed shortly by a DELIVERED receipt per recipient, applied as Aliyun's SmsReport push is,
 * so a demo's 送达率 tells the truth.
 */
export function createConsoleSmsProvider(db: Db, log: Pick<Logger, 'info' | 'warn'>): ConsoleSmsProvider {
  let receipts: { sink: ReceiptSink; delayMs: number } | null = null;
  return {
    receiptsTo(sink, delayMs) {
      receipts = delayMs > 0 ? { sink, delayMs } : null;
    },
    name: 'console',
    // Aliyun's limits, so that the demo groups its calls as production does.
    limits: { maxBatch: 1000, maxVariedBatch: 100 },
    async send(batch) {
      const bizId = `console-${randomUUID()}`;
      await db.outboxMessage.createMany({
        data: batch.recipients.map((r) => ({
          phone: r.phone,
          signName: batch.signName,
          templateCode: batch.templateCode,
          params: r.params,
          content: withSignature(batch.signName, r.text),
          outId: batch.outId,
        })),
      });
      for (const r of batch.recipients) log.info({ phone: maskPhone(r.phone), sms: withSignature(batch.signName, r.text) }, 'console SMS');
      if (receipts) {
        const { sink, delayMs } = receipts;
        const sentAt = new Date().toISOString();
        const items: SmsReportItem[] = batch.recipients.map((r) => ({
          phone_number: r.phone,
          success: true,
          err_code: 'DELIVERED',
          err_msg: '用户接收成功',
          biz_id: bizId,
          out_id: batch.outId,
          send_time: sentAt,
          report_time: sentAt,
        }));
        // Later than the sender's markSent, like a carrier's report; a failure only loses the demo's receipts.
        setTimeout(() => {
          sink(items).catch((err: unknown) => log.warn({ err }, 'console SMS receipts not applied'));
        }, delayMs).unref();
      }
      return { ok: true, bizId };
    },
    async querySendDetails(phone) {
      const rows = await db.outboxMessage.findMany({ where: { phone }, take: 50, orderBy: { id: 'desc' } });
      return rows.map((r) => ({ phone, status: 3 as const, errCode: 'DELIVERED', outId: r.outId, bizId: null, sendDate: r.createdAt.toISOString() }));
    },
  };
}
