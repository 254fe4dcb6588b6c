import type { Logger } from 'pino';
import type { WechatClient } from '../../channels/wechat/wechat-client.js';
import type { Db } from '../../db/prisma.js';
import type { Outbox } from '../delivery/outbox.js';
import { inboundText, type InboundText } from '../../domain/inbound-text.js';
import { wechatMessageId, type WechatPush } from '../../channels/wechat/wechat-message.js';

/** CreateTime is Unix seconds; anything that is not a plausible time is stored as unknown. */
function sentAt(createTime: string): Date | null {
  const d = new Date(Number(createTime) * 1000);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2100 ? null : d;
}

/** The fields of a push that hold what a person wrote or said. */
const TEXT_FIELDS = ['Content', 'Recognition', 'Label'] as const;

export interface WechatDeps {
  db: Db;
  outbox: Pick<Outbox, 'claimWechatPassive' | 'claimWechatPush' | 'markWechatReplySent' | 'markWechatReplyFailed'>;
  /** null when WeChat is not configured: replies that missed the passive window fail visibly. */
  client: WechatClient | null;
  log: Pick<Logger, 'info' | 'warn'>;
}

/**
 * WeChat's side of the chat-bot: stores pushes (a repeat is a no-op by MsgId, or sender +
 * CreateTime for events) and delivers replies, passively in the HTTP answer or later through
 * the customer-service API. Replies are notification rows with channel 'wechat'.
 */
export function createWechatService({ db, outbox, client, log }: WechatDeps) {
  return {
    /** Stores a push; returns its row id and whether it was already handled. */
    async store(push: WechatPush, rawXml: string): Promise<{ id: bigint; processed: boolean }> {
      const providerMessageId = wechatMessageId(push);
      // One policy with SMS (src/domain/inbound-text.ts): stored and read clipped, its length
      // kept. Each text field is cleaned and clipped once, for the row and its raw copy alike.
      const texts: Partial<Record<(typeof TEXT_FIELDS)[number], InboundText>> = {};
      for (const k of TEXT_FIELDS) if (push[k] !== undefined) texts[k] = inboundText(push[k]);
      const text =
        push.MsgType === 'text'
          ? (texts.Content ?? inboundText(''))
          : push.MsgType === 'voice' && push.Recognition && texts.Recognition
            ? texts.Recognition // WeChat's own speech recognition, when the account has it on
            : push.MsgType === 'location'
              ? (texts.Label ?? inboundText(''))
              : inboundText(`[${push.MsgType}${push.Event ? `:${push.Event}` : ''}]`);
      const raw: Record<string, string | number | undefined> = { ...push, xmlBytes: Buffer.byteLength(rawXml) };
      for (const [k, t] of Object.entries(texts)) raw[k] = t.text;
      await db.inboundMessage.createMany({
        data: [
          {
            provider: 'wechat',
            providerMessageId,
            channel: 'wechat',
            sender: push.FromUserName,
            content: text.text,
            contentLength: text.length,
            sentAt: sentAt(push.CreateTime),
            raw,
          },
        ],
        skipDuplicates: true,
      });
      const row = await db.inboundMessage.findUniqueOrThrow({
        where: { provider_providerMessageId: { provider: 'wechat', providerMessageId } },
        select: { id: true, processedAt: true },
      });
      return { id: row.id, processed: row.processedAt !== null };
    },

    /** Marks replies as sent in the HTTP answer; returns their texts (only those not yet delivered). */
    async claimPassive(ids: string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      return (await outbox.claimWechatPassive(ids)).map((r) => r.content);
    },

    /** Sends replies to one WeChat user through the customer-service API, each at most once; returns how many went. */
    async push(openId: string, ids: string[]): Promise<number> {
      if (ids.length === 0) return 0;
      let sent = 0;
      for (const n of await outbox.claimWechatPush(ids)) {
        const r = client ? await client.sendText(openId, n.content) : null;
        if (r?.ok) {
          await outbox.markWechatReplySent(n.id, r.msgId ?? null);
          sent += 1;
          continue;
        }
        const code = r ? String(r.errcode) : 'WECHAT_OFF';
        const message = r && !r.ok ? r.errmsg : 'WeChat is not configured';
        log.warn({ notificationId: n.id.toString(), code, message }, 'wechat reply not delivered');
        await outbox.markWechatReplyFailed(n.id, code, message);
      }
      return sent;
    },
  };
}

export type WechatService = ReturnType<typeof createWechatService>;
