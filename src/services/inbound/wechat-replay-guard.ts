import { createHash } from 'node:crypto';
import type { RedisClient } from '../../redis.js';
import { SIGNATURE_MAX_AGE_S } from '../../channels/wechat/wechat-message.js';

export type PushSighting = 'first' | 'retry' | 'replay';

/**
 * WeChat's push signature covers the token, timestamp and nonce but not the body
 * (docs/wechat-replays.md), so a signed query that leaks (a log, a proxy) could be sent again
 * with any body while its timestamp is fresh. Each (signature, timestamp, nonce) is remembered
 * with a hash of the body it first came with, for as long as the timestamp is accepted:
 *
 * - `first`: never seen; go ahead.
 * - `retry`: seen with the same body: WeChat pushing again because we were slow (it retries the
 *   same request, 3 attempts in all). Answer it as usual; the MsgId keeps it stored once.
 * - `replay`: seen with another body: refuse it.
 */
export function createWechatReplayGuard({ redis, keyPrefix }: { redis: RedisClient; keyPrefix: string }) {
  return {
    async sight(q: { signature?: string; timestamp?: string; nonce?: string }, body: string, now: Date = new Date()): Promise<PushSighting> {
      // The signature check ignores the hex's case, so the key must too: an upper-cased copy of
      // a seen signature is the same signed query.
      const key = `${keyPrefix}wechat:push-seen:${createHash('sha256').update(`${(q.signature ?? '').toLowerCase()}\n${q.timestamp ?? ''}\n${q.nonce ?? ''}`).digest('hex')}`;
      const bodyHash = createHash('sha256').update(body).digest('hex');
      // Kept until the timestamp is too old to pass the signature check, plus a minute of clock slack.
      const ttl = Math.max(60, Math.ceil(Number(q.timestamp) + SIGNATURE_MAX_AGE_S - now.getTime() / 1000) + 60);
      for (let attempt = 0; attempt < 2; attempt++) {
        if ((await redis.set(key, bodyHash, 'EX', ttl, 'NX')) === 'OK') return 'first';
        const seen = await redis.get(key);
        // Expired between the two calls: claim it again.
        if (seen !== null) return seen === bodyHash ? 'retry' : 'replay';
      }
      return 'first';
    },
  };
}

export type WechatReplayGuard = ReturnType<typeof createWechatReplayGuard>;
