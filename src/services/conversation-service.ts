import type { Logger } from 'pino';
import type { Db } from '../db/prisma.js';
import { decide } from '../domain/conversation.js';
import type { ReadMessage } from '../domain/message-reader.js';
import type { MessageKindName } from '../domain/message-templates.js';
import type { OutboundService } from './outbound-service.js';

export interface ConversationDeps {
  db: Db;
  log: Pick<Logger, 'info' | 'warn'>;
  reader: (text: string) => ReadMessage;
  outbound: Pick<OutboundService, 'createDirect' | 'enqueue'>;
}

/** Reads a stored inbound message, acts on it and queues the answer, exactly once per message. */
export function createConversationService({ db, log, reader, outbound }: ConversationDeps) {
  return {
    async handleInbound(inboundId: bigint): Promise<{ intent: string; replied: boolean } | null> {
      const msg = await db.inboundMessage.findUnique({ where: { id: inboundId } });
      if (!msg) {
        log.warn({ inboundId: inboundId.toString() }, 'inbound message not found');
        return null;
      }
      if (msg.processedAt) return { intent: msg.intent ?? 'unknown', replied: false };
      const read = reader(msg.content);
      const phone = msg.sender;

      const replyId = await db.$transaction(async (tx) => {
        // Lock the message row: two workers handed the same message (a re-queued job) must
        // not both act on it.
        const locked = await tx.$queryRaw<{ processed_at: Date | null }[]>`
          SELECT processed_at FROM inbound_messages WHERE id = ${inboundId} FOR UPDATE`;
        if (!locked[0] || locked[0].processed_at) return null;

        const worker = await tx.worker.findUnique({ where: { phone } });
        const decision = decide(read, { status: worker?.status ?? 'unknown' });
        let workerId = worker?.id ?? null;
        const action = decision.action;
        if (action.type === 'subscribe') {
          const saved = await tx.worker.upsert({
            where: { phone },
            create: { phone, skills: action.skills, divisionCode: action.divisionCode, status: 'active' },
            update: { skills: action.skills, divisionCode: action.divisionCode, status: 'active', pausedUntil: null },
          });
          workerId = saved.id;
          await tx.consentEvent.create({ data: { workerId, kind: 'opt_in', source: 'sms', rawMessage: msg.content } });
        } else if (action.type === 'opt_out') {
          // An unknown number that opts out is recorded too, so no later registration of that
          // number (by a caseworker, say) can message it without a new opt-in.
          const saved = await tx.worker.upsert({
            where: { phone },
            create: { phone, status: 'opted_out' },
            update: { status: 'opted_out' },
          });
          workerId = saved.id;
          await tx.consentEvent.create({ data: { workerId, kind: 'opt_out', source: 'sms', rawMessage: msg.content } });
        }

        let id: string | null = null;
        if (decision.reply) {
          id = await outbound.createDirect(tx, {
            dedupeKey: `reply:${inboundId}`,
            kind: 'reply',
            workerId,
            phone,
            message: decision.reply.kind as MessageKindName,
            params: decision.reply.params as never,
          });
        }
        await tx.inboundMessage.update({
          where: { id: inboundId },
          data: { processedAt: new Date(), intent: read.intent, workerId },
        });
        return id;
      });

      if (replyId) await outbound.enqueue(replyId);
      log.info({ inboundId: inboundId.toString(), intent: read.intent, replied: Boolean(replyId) }, 'inbound handled');
      return { intent: read.intent, replied: Boolean(replyId) };
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
