import type { Logger } from 'pino';
import type { Db } from '../../db/prisma.js';
import { inboundText } from '../../domain/inbound-text.js';
import { normalizePhone } from '../../domain/phone.js';
import type { QueueClient } from '../../queues/queue-client.js';
import { maskPhone } from '../../logger.js';
import { parseBeijingTime, smsUpMessageId, type SmsUpItem } from '../../channels/sms/aliyun-push.js';

/** Rows written per statement, and jobs queued per call (docs/inbound-limits.md). */
const STORE_SLICE = 250;
const ENQUEUE_SLICE = 100;

export interface InboundDeps {
  db: Db;
  queues: Pick<QueueClient, 'addBulk'>;
  log: Pick<Logger, 'warn'>;
}

export function createInboundService({ db, queues, log }: InboundDeps) {
  async function enqueue(ids: bigint[]): Promise<void> {
    // In order, a slice at a time: one call per slice, the event loop free in between.
    for (let i = 0; i < ids.length; i += ENQUEUE_SLICE) {
      await queues.addBulk(
        'inbound',
        ids.slice(i, i + ENQUEUE_SLICE).map((id) => ({ payload: { inboundId: id.toString() }, opts: { jobId: `in-${id}` } })),
      );
    }
  }

  return {
    /**
     * Stores a push and queues each new message to be read. Throws if either step fails, so
     * the webhook answers 5xx and Aliyun pushes again; the repeat stores nothing twice and
     * re-queues only what was never processed. The rows go in as one JSON parameter per slice
     * of STORE_SLICE: Prisma's createMany spent ~1 ms of CPU a row building the statement,
     * which held the event loop for seconds on a push of 1,000 texts.
     */
    async storeSmsUp(items: SmsUpItem[]): Promise<{ received: number; stored: number }> {
      // Noted per item, logged once per push (a push of 10,000 would otherwise write 10,000
      // lines): the counts, and the first few senders (masked).
      const LOGGED_SAMPLES = 5;
      const clipped: { phone: unknown; length: number }[] = [];
      const notMainland: unknown[] = [];
      let clippedCount = 0;
      let notMainlandCount = 0;
      const toRow = (pushed: SmsUpItem) => {
        // Clipped before anything else reads it: the id hash, the row, its raw copy and the reader.
        const text = inboundText(pushed.content);
        if (text.clipped && ++clippedCount <= LOGGED_SAMPLES) clipped.push({ phone: maskPhone(pushed.phone_number), length: text.length });
        const item = { ...pushed, content: text.text };
        const mainland = normalizePhone(item.phone_number);
        if (!mainland && ++notMainlandCount <= LOGGED_SAMPLES) notMainland.push(maskPhone(item.phone_number));
        return {
          provider_message_id: smsUpMessageId(item),
          sender: mainland ?? item.phone_number,
          content: text.text,
          content_length: text.length,
          dest_code: item.dest_code ?? null,
          sent_at: parseBeijingTime(item.send_time)?.toISOString() ?? null,
          raw: item,
        };
      };
      let stored = 0;
      const pending: bigint[] = [];
      for (let i = 0; i < items.length; i += STORE_SLICE) {
        // Rows are built a slice at a time too (clipping, hashing): a push of 10,000 would
        // otherwise spend a few hundred ms here in one go.
        const slice = items.slice(i, i + STORE_SLICE).map(toRow);
        stored += await db.$executeRaw`
          INSERT INTO inbound_messages (provider, provider_message_id, channel, sender, content, content_length, dest_code, sent_at, raw)
          SELECT 'aliyun', r.provider_message_id, 'sms'::"Channel", r.sender, r.content, r.content_length, r.dest_code,
                 (r.sent_at::timestamptz AT TIME ZONE 'UTC'), r.raw
          FROM jsonb_to_recordset(${JSON.stringify(slice)}::jsonb)
            AS r(provider_message_id text, sender text, content text, content_length int, dest_code text, sent_at text, raw jsonb)
          ON CONFLICT (provider, provider_message_id) DO NOTHING`;
        const ids = await db.$queryRaw<{ id: bigint }[]>`
          SELECT id FROM inbound_messages
          WHERE provider = 'aliyun' AND provider_message_id = ANY(${slice.map((r) => r.provider_message_id)}::text[]) AND processed_at IS NULL`;
        pending.push(...ids.map((r) => r.id));
      }
      if (clippedCount || notMainlandCount) {
        log.warn({ clippedCount, clipped, notMainlandCount, notMainland }, 'sms-up push: texts clipped, or senders that are not mainland mobiles');
      }
      await enqueue(pending.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      return { received: items.length, stored };
    },

    /** Queues inbound messages a crash left unread. */
    async requeueUnprocessed(olderThanMs = 60_000): Promise<number> {
      const stale = await db.inboundMessage.findMany({
        where: { processedAt: null, receivedAt: { lt: new Date(Date.now() - olderThanMs) } },
        select: { id: true },
        take: 1000,
      });
      await enqueue(stale.map((s) => s.id));
      return stale.length;
    },
  };
}

export type InboundService = ReturnType<typeof createInboundService>;
