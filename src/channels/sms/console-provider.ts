import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../db/prisma.js';
import { withSignature } from '../../domain/sms-segments.js';
import { maskPhone } from '../../logger.js';
import type { SmsProvider } from './sms-provider.js';

/**
 * The demo driver: renders each message, logs it (phone masked) and keeps it in the outbox table, so the
 * whole flow runs on a laptop with no Aliyun account. Reports are not pushed; messages count
 * as sent (there is no carrier to confirm delivery).
 */
export function createConsoleSmsProvider(db: Db, log: Pick<Logger, 'info'>): SmsProvider {
  return {
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
      return { ok: true, bizId };
    },
    async querySendDetails(phone) {
      const rows = await db.outboxMessage.findMany({ where: { phone }, take: 50, orderBy: { id: 'desc' } });
      return rows.map((r) => ({ phone, status: 3 as const, errCode: 'DELIVERED', outId: r.outId, bizId: null, sendDate: r.createdAt.toISOString() }));
    },
  };
}
