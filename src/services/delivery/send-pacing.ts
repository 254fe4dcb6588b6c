import type { RedisClient } from '../../redis.js';
import type { Config } from '../../config.js';
import { beijingDate } from '../../domain/send-rules.js';

// A fixed one-second window per account in Redis, shared by every worker process. It counts
// provider calls, not jobs: one notify job may make several calls (SendBatchSms groups, a split
// batch), so BullMQ's per-job limiter would let the account go over. A window allows at most
// twice the rate across a boundary, far under Aliyun's 5000/s when the setting stays below 2500.
const TAKE_SLOT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], 2000) end
return n`;

const BUDGET_TTL_S = 2 * 24 * 3600;

// Gives back one message on each key that still counts any: a refund after Beijing midnight
// must not create the new day's key (at -1, and without the expiry that CHARGE sets only when
// a key is created).
export const REFUND_EACH = `
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 0`;

// Counts one message on each key (one per phone of a call) and returns the new counts: one
// round trip and one command for a call of 1,000 numbers instead of 2,000 pipelined ones.
const CHARGE = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  out[i] = n
end
return out`;

// Reserves the next send time of one key (a WeCom robot): returns how long to wait for it.
const RESERVE_GAP = `
local now = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], at + gap, 'PX', at - now + gap + 1000)
return at - now`;

export interface PacingDeps {
  redis: RedisClient;
  config: Pick<Config, 'QUEUE_PREFIX' | 'SMS_RATE_LIMIT_RPS' | 'SMS_DAILY_PER_PHONE' | 'WECOM_ROBOT_INTERVAL_MS'>;
  now?: () => Date;
}

export interface BudgetItem {
  phone: string;
  templateCode: string;
}

/** Account-wide call pacing and the per-phone daily budget, both in Redis. */
export function createSendPacing({ redis, config, now = () => new Date() }: PacingDeps) {
  const prefix = `${config.QUEUE_PREFIX}:pacing`;
  const budgetKey = (i: BudgetItem, day: string) => `${prefix}:budget:${day}:${i.templateCode}:${i.phone}`;

  return {
    /** Waits until the account may make one more provider call in this second. */
    async acquireCall(): Promise<void> {
      for (;;) {
        const t = Date.now();
        const second = Math.floor(t / 1000);
        const n = Number(await redis.eval(TAKE_SLOT, 1, `${prefix}:rate:${second}`));
        if (n <= config.SMS_RATE_LIMIT_RPS) return;
        // Spread the waiters over the first part of the next second instead of a stampede at :000.
        await new Promise((r) => setTimeout(r, (second + 1) * 1000 - t + Math.floor(Math.random() * 50)));
      }
    },

    /**
     * Counts one message per (template, phone, Beijing day) and answers, per item, whether it is
     * within the budget. Aliyun allows 50 a rolling 24 h per template and phone; a budget of at
     * most 25 a calendar day keeps any 24 h under that.
     */
    async charge(items: BudgetItem[]): Promise<boolean[]> {
      if (items.length === 0) return [];
      const day = beijingDate(now());
      const counts = (await redis.eval(CHARGE, items.length, ...items.map((i) => budgetKey(i, day)), BUDGET_TTL_S)) as number[];
      return counts.map((n) => n <= config.SMS_DAILY_PER_PHONE);
    },

    /** Waits for this robot's next slot, shared by every process (WeCom: 20 messages a minute per robot). */
    async robotSlot(robotKey: string): Promise<void> {
      const wait = Number(await redis.eval(RESERVE_GAP, 1, `${prefix}:robot:${robotKey}`, Date.now(), config.WECOM_ROBOT_INTERVAL_MS));
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    },

    /** Gives back budget charged for messages that were not sent after all (put back for a retry). */
    async refund(items: BudgetItem[]): Promise<void> {
      if (items.length === 0) return;
      const day = beijingDate(now());
      await redis.eval(REFUND_EACH, items.length, ...items.map((i) => budgetKey(i, day)));
    },
  };
}

export type SendPacing = ReturnType<typeof createSendPacing>;
