import type { Config } from '../../config.js';
import type { Db, Prisma } from '../../db/prisma.js';
import { renderMessage, type MessageKindName, type TemplateParams } from '../../domain/message-templates.js';
import { countSegments, withSignature } from '../../domain/sms-segments.js';
import { PRIORITY } from '../../queues/catalog.js';
import type { QueueClient } from '../../queues/queue-client.js';

type Tx = Prisma.TransactionClient;

export interface OutboundDeps {
  config: Pick<Config, 'ALIYUN_SMS_SIGN_NAME' | 'SMS_TEMPLATE_CODES'>;
  db: Db;
  queues: Pick<QueueClient, 'add'>;
}

export interface DirectMessage<K extends MessageKindName = MessageKindName> {
  /** Business key: the same key twice creates one message (e.g. `reply:<inbound id>`). */
  dedupeKey: string;
  kind: 'reply' | 'employer_notice' | 'verification' | 'alert';
  workerId: number | null;
  phone: string;
  message: K;
  params: TemplateParams<K>;
}

/** Creates messages outside campaigns (replies, notices) and queues them for sending. */
export function createOutboundService({ config, db, queues }: OutboundDeps) {
  const codes = config.SMS_TEMPLATE_CODES;

  /** Inserts the message row inside the caller's transaction; returns its id, or null if it existed. */
  async function createDirect(tx: Tx, m: DirectMessage): Promise<string | null> {
    const rendered = renderMessage(m.message, m.params as never, codes);
    const created = await tx.notification.createManyAndReturn({
      data: [
        {
          dedupeKey: m.dedupeKey,
          kind: m.kind,
          channel: 'sms',
          workerId: m.workerId,
          phone: m.phone,
          templateCode: rendered.templateCode,
          templateParams: rendered.params,
          content: rendered.text,
          segments: countSegments(withSignature(config.ALIYUN_SMS_SIGN_NAME, rendered.text)),
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    return created[0] ? created[0].id.toString() : null;
  }

  /** Queues a direct message for sending; replies go ahead of broadcasts. */
  async function enqueue(notificationId: string): Promise<void> {
    await queues.add('notify', { notificationIds: [notificationId] }, { jobId: `n-${notificationId}`, priority: PRIORITY.reply });
  }

  /** Queues any direct messages a crash left unqueued (status queued, older than a minute). */
  async function requeueStale(olderThanMs = 60_000): Promise<number> {
    const stale = await db.notification.findMany({
      where: { status: 'queued', campaignId: null, createdAt: { lt: new Date(Date.now() - olderThanMs) } },
      select: { id: true },
      take: 1000,
    });
    for (const n of stale) await enqueue(n.id.toString());
    return stale.length;
  }

  return { createDirect, enqueue, requeueStale };
}

export type OutboundService = ReturnType<typeof createOutboundService>;
