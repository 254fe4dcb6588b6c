import { createHash, createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { RedisClient } from '../redis.js';

/**
 * Limits on password guessing at the console sign-in, counted in Redis so every API process
 * shares them.
 *
 * - Every attempt is counted before its password is checked (an atomic INCR, then the
 *   comparison), so parallel guesses cannot all slip under the limit; a successful sign-in
 *   gives its count back.
 * - Per client address: at most `perAddress` failures a window, whatever names are tried
 *   (IPv6 counted per /64, what one subscriber usually holds).
 * - Per user name: at most `perName` failures a window from browsers that have never signed in
 *   as that user. A browser that has (it carries a signed device cookie naming the user) is
 *   counted on its own, with the same limit. So a stranger guessing an admin's password can
 *   lock out only other strangers: the admin signs in from a browser used before, and guessing
 *   stays bounded (perName a window for all strangers together).
 * - Windows are fixed: a count expires `windowMs` after its first attempt and further attempts
 *   never extend it, so every lock ends.
 */

// INCR, giving a new count its expiry; the count of this attempt comes back.
const COUNT = `local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;
// Gives one attempt back, only while its window lasts (never a count without an expiry).
const REFUND = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0`;

export type Limit = 'address' | 'name' | 'device';

export interface Entry {
  /** Counts this attempt took, given back if it succeeds. */
  keys: string[];
}

export type Gate =
  | { ok: true; entry: Entry }
  /** `first`: this attempt is the one that reached the limit (worth one audit line, not one per refusal). */
  | { ok: false; limit: Limit; retryAfterSeconds: number; first: boolean };

/** The part of an address that one client controls: an IPv4 address, an IPv6 /64. */
export function addressKey(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

export function createSignInGuard(o: { redis: RedisClient; keyPrefix: string; secret: string; perName: number; perAddress: number; windowMs: number }) {
  const key = (kind: string, id: string) => `${o.keyPrefix}signin:${kind}:${id}`;
  const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

  async function count(k: string): Promise<number> {
    return Number(await o.redis.eval(COUNT, 1, k, o.windowMs));
  }
  async function retryAfter(k: string): Promise<number> {
    return Math.max(1, Math.ceil(Number(await o.redis.pttl(k)) / 1000));
  }

  return {
    /** A short tag for a user name in the device cookie (keyed, so the cookie does not show names). */
    nameTag(name: string): string {
      return createHmac('sha256', o.secret).update(`signin-device:${name.trim().toLowerCase()}`).digest('base64url').slice(0, 16);
    },

    newDeviceId(): string {
      return randomBytes(16).toString('base64url');
    },

    /**
     * Counts an attempt and says whether its password may be checked. `device` is the id of a
     * browser that has signed in as this user before, else null.
     */
    async enter(name: string, address: string, device: string | null): Promise<Gate> {
      const user = hash(name.trim().toLowerCase());
      if (device) {
        const k = key('device', `${device}:${user}`);
        const n = await count(k);
        if (n > o.perName) return { ok: false, limit: 'device', retryAfterSeconds: await retryAfter(k), first: n === o.perName + 1 };
        return { ok: true, entry: { keys: [k] } };
      }
      const a = key('address', hash(addressKey(address)));
      const na = await count(a);
      if (na > o.perAddress) return { ok: false, limit: 'address', retryAfterSeconds: await retryAfter(a), first: na === o.perAddress + 1 };
      const u = key('name', user);
      const nu = await count(u);
      if (nu > o.perName) return { ok: false, limit: 'name', retryAfterSeconds: await retryAfter(u), first: nu === o.perName + 1 };
      return { ok: true, entry: { keys: [a, u] } };
    },

    /** A sign-in that succeeded costs nothing. */
    async succeeded(entry: Entry): Promise<void> {
      for (const k of entry.keys) await o.redis.eval(REFUND, 1, k);
    },
  };
}

export type SignInGuard = ReturnType<typeof createSignInGuard>;
