import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomInt } from 'node:crypto';
import type { RedisClient } from '../../redis.js';
import type { DialogState } from '../../domain/conversation.js';

/**
 * What the chat-bot remembers between messages, in Redis and only for a while: the open
 * dialog per sender (a silent sender's dialog expires), which unknown texts were already
 * answered this hour, binding codes and the verification SMS limits.
 */
export interface ChatMemoryOptions {
  redis: RedisClient;
  /** e.g. "{guiyan}:chat:" */
  keyPrefix: string;
  dialogTtlSeconds: number;
}

/** Aliyun's default limits for verification SMS to one number: 1 a minute, 5 an hour, 10 a day. */
export const VERIFICATION_LIMITS = [
  { window: 'm', seconds: 60, max: 1, wait: '1分钟' },
  { window: 'h', seconds: 3600, max: 5, wait: '1小时' },
  { window: 'd', seconds: 86_400, max: 10, wait: '明天' },
] as const;

/**
 * Ours, per sender (a WeChat user): binding codes to any phones. Aliyun's limits above are per
 * target phone, so without these one user could send codes to every phone in turn.
 */
export const BIND_SENDER_LIMITS = [
  { window: 'h', seconds: 3600, max: 3, wait: '1小时' },
  { window: 'd', seconds: 86_400, max: 5, wait: '明天' },
] as const;

export const BIND_CODE_TTL_SECONDS = 600;
export const BIND_MAX_TRIES = 5;

// Checks every window first and counts the send in all of them only if none is full, so a
// refused request does not use up the day.
const TAKE_SLOT = `
for i = 1, #KEYS do
  local n = tonumber(redis.call('get', KEYS[i]) or '0')
  if n >= tonumber(ARGV[2 * i]) then return i end
end
for i = 1, #KEYS do
  local n = redis.call('incr', KEYS[i])
  if n == 1 then redis.call('expire', KEYS[i], ARGV[2 * i - 1]) end
end
return 0`;

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

/**
 * What a batch of inbound texts wrote to the chat memory, so it can be taken back when the
 * batch's transaction fails and its texts are handled again one at a time: otherwise the retry
 * would find "already answered" marks and used change slots of texts never answered (issue #15).
 */
export interface MemoryJournal {
  undo: (() => Promise<unknown>)[];
}
const journals = new AsyncLocalStorage<MemoryJournal>();

/** Runs `fn` with the chat memory's writes recorded in `journal` (see MemoryJournal). */
export function withMemoryJournal<T>(journal: MemoryJournal, fn: () => Promise<T>): Promise<T> {
  return journals.run(journal, fn);
}

/** Takes back what a journal recorded, last first; a failure to take one back is left (it expires). */
export async function undoMemoryJournal(journal: MemoryJournal): Promise<void> {
  for (const undo of journal.undo.reverse()) await undo().catch(() => undefined);
  journal.undo.length = 0;
}

export function createChatMemory({ redis, keyPrefix, dialogTtlSeconds }: ChatMemoryOptions) {
  const dialogKey = (channel: string, sender: string) => `${keyPrefix}dialog:${channel}:${sender}`;
  const bindKey = (sender: string) => `${keyPrefix}bind:${sender}`;

  /** SET NX with a lifetime: true the first time. Recorded in the batch's journal, if any. */
  async function setOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const first = (await redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    if (first) journals.getStore()?.undo.push(() => redis.del(key));
    return first;
  }

  return {
    async getDialog(channel: string, sender: string): Promise<DialogState> {
      const raw = await redis.get(dialogKey(channel, sender));
      if (!raw) return { step: 'idle' };
      try {
        return JSON.parse(raw) as DialogState;
      } catch {
        return { step: 'idle' };
      }
    },

    /** The open dialogs of many senders in one round trip (the batched inbound path); keys share the prefix's hash tag. */
    async getDialogs(entries: readonly { channel: string; sender: string }[]): Promise<DialogState[]> {
      if (!entries.length) return [];
      const raws = await redis.mget(...entries.map((e) => dialogKey(e.channel, e.sender)));
      return raws.map((raw) => {
        if (!raw) return { step: 'idle' };
        try {
          return JSON.parse(raw) as DialogState;
        } catch {
          return { step: 'idle' };
        }
      });
    },

    /** Saves many senders' dialogs in one round trip (a pipeline; see `setDialog`). */
    async setDialogs(entries: readonly { channel: string; sender: string; state: DialogState }[]): Promise<void> {
      if (!entries.length) return;
      const pipeline = redis.pipeline();
      for (const { channel, sender, state } of entries) {
        if (state.step === 'idle' && !state.offered?.length) pipeline.del(dialogKey(channel, sender));
        else pipeline.set(dialogKey(channel, sender), JSON.stringify(state), 'EX', dialogTtlSeconds);
      }
      const results = await pipeline.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
    },

    async setDialog(channel: string, sender: string, state: DialogState): Promise<void> {
      if (state.step === 'idle' && !state.offered?.length) await redis.del(dialogKey(channel, sender));
      else await redis.set(dialogKey(channel, sender), JSON.stringify(state), 'EX', dialogTtlSeconds);
    },

    async forget(channel: string, sender: string): Promise<void> {
      await redis.del(dialogKey(channel, sender), bindKey(sender));
    },

    /** True the first time this sender sends this (unknown) text within `ttlSeconds` (default an hour). */
    async firstUnknown(channel: string, sender: string, normalized: string, ttlSeconds = 3600): Promise<boolean> {
      const key = `${keyPrefix}unknown:${channel}:${sender}:${sha1(normalized)}`;
      return setOnce(key, ttlSeconds);
    },

    /** True the first time within `ttlSeconds` for this sender and topic (e.g. a limit's one notice). */
    async firstTime(topic: string, channel: string, sender: string, ttlSeconds: number): Promise<boolean> {
      return setOnce(`${keyPrefix}once:${topic}:${channel}:${sender}`, ttlSeconds);
    },

    /**
     * Counts one change by text (subscribe, skills, place, pause…) for the sender in a 24-hour
     * window that starts with the first; false past `max` (the refused change is not counted).
     */
    async takeChangeSlot(channel: string, sender: string, max: number): Promise<boolean> {
      const key = `${keyPrefix}changes:${channel}:${sender}`;
      const taken = Number(await redis.eval(TAKE_SLOT, 1, key, '86400', String(max))) === 0;
      if (taken) journals.getStore()?.undo.push(() => redis.decr(key));
      return taken;
    },

    /**
     * Takes a verification-SMS slot for the target phone and for the sender asking, or says
     * which limit is full: `target` (Aliyun's per-phone limits) or `sender` (ours per user).
     */
    async takeVerificationSlot(phone: string, sender: string): Promise<{ ok: true } | { ok: false; wait: string; by: 'target' | 'sender' }> {
      const limits = [...VERIFICATION_LIMITS, ...BIND_SENDER_LIMITS];
      const keys = [
        ...VERIFICATION_LIMITS.map((l) => `${keyPrefix}vsms:${phone}:${l.window}`),
        ...BIND_SENDER_LIMITS.map((l) => `${keyPrefix}vsms-sender:${sender}:${l.window}`),
      ];
      const args = limits.flatMap((l) => [String(l.seconds), String(l.max)]);
      const full = Number(await redis.eval(TAKE_SLOT, keys.length, ...keys, ...args));
      if (full === 0) return { ok: true };
      return { ok: false, wait: limits[full - 1]?.wait ?? '明天', by: full > VERIFICATION_LIMITS.length ? 'sender' : 'target' };
    },

    /** A new 6-digit code for this sender binding this phone; replaces any earlier one. */
    async newBindCode(sender: string, phone: string): Promise<string> {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await redis.set(bindKey(sender), JSON.stringify({ phone, code, tries: 0 }), 'EX', BIND_CODE_TTL_SECONDS);
      return code;
    },

    /** Checks a code: ok once, wrong (and counted), or expired (none, or too many tries). */
    async checkBindCode(sender: string, phone: string, code: string): Promise<'ok' | 'wrong' | 'expired'> {
      const key = bindKey(sender);
      const raw = await redis.get(key);
      if (!raw) return 'expired';
      const saved = JSON.parse(raw) as { phone: string; code: string; tries: number };
      if (saved.phone !== phone) return 'expired';
      if (saved.code === code) {
        await redis.del(key);
        return 'ok';
      }
      const tries = saved.tries + 1;
      if (tries >= BIND_MAX_TRIES) {
        await redis.del(key);
        return 'expired';
      }
      await redis.set(key, JSON.stringify({ ...saved, tries }), 'KEEPTTL');
      return 'wrong';
    },
  };
}

export type ChatMemory = ReturnType<typeof createChatMemory>;
