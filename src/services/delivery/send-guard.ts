import type { RedisClient } from '../../redis.js';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { maskPhone } from '../../domain/phone.js';
import { beijingDate, beijingHour } from '../../domain/send-rules.js';
import { spendThresholds, type AbuseLimit } from '../../domain/abuse-limits.js';
import { REFUND_EACH } from './send-pacing.js';
import type { Metrics } from '../../metrics.js';

/**
 * What strangers can make the service spend, counted in Redis and shared by every worker
 * process (docs/abuse-and-spend.md):
 *
 * - a per-phone reply budget across every kind of answer to a text (replies, digests, binding
 *   codes), per Beijing hour and day; opt-out confirmations are counted but always go;
 * - a global hourly ceiling on answers to numbers the service has never seen;
 * - the day's estimated SMS spend (segments × SMS_PRICE_PER_SEGMENT, Beijing day) with a warn
 *   threshold and a limit past which everything but opt-out confirmations is held.
 *
 * Keys live under QUEUE_PREFIX, whose {hash tag} keeps every key a script touches in one
 * Redis Cluster slot.
 */

const HOUR_TTL_S = 2 * 3600;
const DAY_TTL_S = 2 * 24 * 3600;

// Per item (two keys: hour, day): 1 = counted and allowed; 0 = refused; -1 = refused, and the
// first refusal of this phone in this hour (the one that is logged). Essential items are
// counted and always allowed. A refused item is not counted, so an hour's refusals do not
// use up the next day.
const CHARGE_REPLIES = `
local hourMax, dayMax = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {}
for i = 1, #KEYS / 2 do
  local hk, dk = KEYS[2 * i - 1], KEYS[2 * i]
  local h = tonumber(redis.call('GET', hk) or '0')
  local d = tonumber(redis.call('GET', dk) or '0')
  if ARGV[4 + i] == '1' or (h < hourMax and d < dayMax) then
    if redis.call('INCR', hk) == 1 then redis.call('EXPIRE', hk, ARGV[3]) end
    if redis.call('INCR', dk) == 1 then redis.call('EXPIRE', dk, ARGV[4]) end
    out[i] = 1
  elseif redis.call('SET', hk .. ':hit', '1', 'NX', 'EX', ARGV[3]) then
    out[i] = -1
  else
    out[i] = 0
  end
end
return out`;

// Takes up to ARGV[1] slots of ARGV[2] in this hour; returns {taken, first refusal this hour}.
const TAKE_SLOTS = `
local want, max = tonumber(ARGV[1]), tonumber(ARGV[2])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local take = math.max(0, math.min(want, max - cur))
if take > 0 then
  if redis.call('INCRBY', KEYS[1], take) == take then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
end
local first = 0
if take < want and redis.call('SET', KEYS[1] .. ':hit', '1', 'NX', 'EX', ARGV[3]) then first = 1 end
return {take, first}`;

// Reserves segments of today's spend: {1, spent after} or {0, spent} when a non-essential
// send would go past the limit (0 = no limit).
const RESERVE_SPEND = `
local segs, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if ARGV[3] ~= '1' and limit > 0 and cur + segs > limit then return {0, cur} end
local n = redis.call('INCRBY', KEYS[1], segs)
if n == segs then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
return {1, n}`;

const SPEND_REFUND = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local give = math.min(cur, tonumber(ARGV[1]))
if give > 0 then redis.call('DECRBY', KEYS[1], give) end
return give`;

export interface ReplyItem {
  phone: string;
  /** Opt-out confirmations: counted, never refused. */
  essential: boolean;
}

export interface GuardDeps {
  redis: RedisClient;
  config: Pick<
    Config,
    | 'QUEUE_PREFIX'
    | 'REPLY_BUDGET_PER_HOUR'
    | 'REPLY_BUDGET_PER_DAY'
    | 'NEW_NUMBER_REPLIES_PER_HOUR'
    | 'SMS_DAILY_SPEND_LIMIT_YUAN'
    | 'SMS_SPEND_WARN_PERCENT'
    | 'SMS_PRICE_PER_SEGMENT'
  >;
  log: Pick<Logger, 'warn' | 'error'>;
  metrics: Pick<Metrics, 'abuseLimited' | 'smsSpendHeld'>;
  now?: () => Date;
}

/** Today's estimated spend in segments, for /metrics (any process can read it). */
export async function spentSegmentsToday(redis: RedisClient, prefix: string, at = new Date()): Promise<number> {
  return Number((await redis.get(spendKeyFor(prefix, at))) ?? 0);
}

/** The Redis key of a Beijing day's spend, in segments. */
const spendKeyFor = (queuePrefix: string, at: Date) => `${queuePrefix}:guard:spend:${beijingDate(at)}`;

/** A send was held at the spend limit within the last HELD_MARK_S: the gauge says "holding". */
const HELD_MARK_S = 20 * 60;
export async function holdingNow(redis: RedisClient, prefix: string): Promise<boolean> {
  return (await redis.exists(`${prefix}:guard:holding`)) === 1;
}

export function createSendGuard({ redis, config, log, metrics, now = () => new Date() }: GuardDeps) {
  const prefix = `${config.QUEUE_PREFIX}:guard`;
  const { limitSegments, warnSegments } = spendThresholds(config.SMS_DAILY_SPEND_LIMIT_YUAN, config.SMS_PRICE_PER_SEGMENT, config.SMS_SPEND_WARN_PERCENT);
  const replyKeys = (phone: string, at: Date) => [`${prefix}:reply:h:${beijingHour(at)}:${phone}`, `${prefix}:reply:d:${beijingDate(at)}:${phone}`];
  const spendKey = (at: Date) => spendKeyFor(config.QUEUE_PREFIX, at);
  const yuan = (segments: number) => Math.round(segments * config.SMS_PRICE_PER_SEGMENT * 100) / 100;

  function limited(limit: AbuseLimit, n = 1): void {
    if (n > 0) metrics.abuseLimited.inc({ limit }, n);
  }

  /** Logs once per day (across processes) the first time the spend crosses `mark`. */
  async function onceToday(mark: string, at: Date): Promise<boolean> {
    return (await redis.set(`${spendKey(at)}:${mark}`, '1', 'EX', DAY_TTL_S, 'NX')) === 'OK';
  }

  return {
    /**
     * Counts one answer per item against its phone's hour and day budget; answers, per item,
     * whether it may go. Refusals are counted in the metric; the first of a phone's hour is logged.
     */
    async chargeReplies(items: ReplyItem[]): Promise<boolean[]> {
      if (items.length === 0) return [];
      const at = now();
      const keys = items.flatMap((i) => replyKeys(i.phone, at));
      const res = (await redis.eval(
        CHARGE_REPLIES,
        keys.length,
        ...keys,
        config.REPLY_BUDGET_PER_HOUR,
        config.REPLY_BUDGET_PER_DAY,
        HOUR_TTL_S,
        DAY_TTL_S,
        ...items.map((i) => (i.essential ? '1' : '0')),
      )) as number[];
      const refused = res.filter((r) => r !== 1).length;
      limited('reply_budget', refused);
      res.forEach((r, k) => {
        if (r === -1) {
          log.warn(
            { phone: maskPhone(items[k]!.phone), hour: config.REPLY_BUDGET_PER_HOUR, day: config.REPLY_BUDGET_PER_DAY },
            'reply budget of a phone used up: further answers this hour are dropped (REPLY_BUDGET)',
          );
        }
      });
      return res.map((r) => r === 1);
    },

    /** Gives the budget back for answers that were not sent after all (put back for a retry). */
    async refundReplies(phones: string[]): Promise<void> {
      if (phones.length === 0) return;
      const at = now();
      const keys = phones.flatMap((p) => replyKeys(p, at));
      await redis.eval(REFUND_EACH, keys.length, ...keys);
    },

    /** Takes up to `n` of this hour's answers to never-seen numbers; returns how many may go. */
    async takeNewNumberSlots(n: number): Promise<number> {
      if (n <= 0) return 0;
      const key = `${prefix}:new:${beijingHour(now())}`;
      const [taken, first] = (await redis.eval(TAKE_SLOTS, 1, key, n, config.NEW_NUMBER_REPLIES_PER_HOUR, HOUR_TTL_S)) as [number, number];
      limited('new_number_ceiling', n - taken);
      if (first) {
        log.error(
          { ceiling: config.NEW_NUMBER_REPLIES_PER_HOUR },
          'answers to never-seen numbers reached NEW_NUMBER_REPLIES_PER_HOUR: the rest of this hour\'s are dropped (a flood of forged or new senders; raise it if this is a real surge)',
        );
      }
      return taken;
    },

    async refundNewNumberSlots(n: number): Promise<void> {
      if (n > 0) await redis.eval(SPEND_REFUND, 1, `${prefix}:new:${beijingHour(now())}`, n);
    },

    /**
     * Reserves a call's segments of today's spend. False: the call would go past the limit and
     * must be held (essential calls always go). Crossing the warn threshold and the first hold
     * of the day raise an alert: an error log, and the spend gauges on /metrics.
     */
    async reserveSpend(segments: number, essential: boolean): Promise<boolean> {
      const at = now();
      const [ok, spent] = (await redis.eval(RESERVE_SPEND, 1, spendKey(at), segments, limitSegments, essential ? '1' : '0', DAY_TTL_S)) as [number, number];
      if (limitSegments === 0) return true;
      if (ok === 1) {
        if (spent >= warnSegments && spent - segments < warnSegments && (await onceToday('warned', at))) {
          log.warn(
            { spentYuan: yuan(spent), limitYuan: config.SMS_DAILY_SPEND_LIMIT_YUAN, warnPercent: config.SMS_SPEND_WARN_PERCENT },
            `SMS spend today passed ${config.SMS_SPEND_WARN_PERCENT}% of SMS_DAILY_SPEND_LIMIT_YUAN; past the limit every send but opt-out confirmations is held`,
          );
        }
        return true;
      }
      metrics.smsSpendHeld.inc(segments);
      await redis.set(`${prefix}:holding`, '1', 'EX', HELD_MARK_S);
      if (await onceToday('held', at)) {
        log.error(
          { spentYuan: yuan(spent), limitYuan: config.SMS_DAILY_SPEND_LIMIT_YUAN },
          'SMS spend limit reached: sends are HELD (kept queued) until the Beijing day ends or SMS_DAILY_SPEND_LIMIT_YUAN is raised; opt-out confirmations still go',
        );
      }
      return false;
    },

    async refundSpend(segments: number): Promise<void> {
      if (segments > 0) await redis.eval(SPEND_REFUND, 1, spendKey(now()), segments);
    },


  };
}

export type SendGuard = ReturnType<typeof createSendGuard>;
