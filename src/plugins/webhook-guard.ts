import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Cidr } from '../config.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

/**
 * Guards for the push endpoints (/webhooks/*). Aliyun's pushes carry no signature
 * (docs/abuse-and-spend.md), so what keeps forged texts out is a long token in the push URL
 * and, optionally, the networks the pushes may come from.
 */

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * True when `given` is the token. Both sides are hashed first, so the comparison takes the
 * same time whatever the length or the first differing character of a guess.
 */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** onRequest hook: the push URL must carry ?token=<WEBHOOK_TOKEN>. The token is never logged or echoed. */
export function webhookTokenHook(token: string) {
  return async (req: FastifyRequest): Promise<void> => {
    const given = (req.query as { token?: unknown } | undefined)?.token;
    // Given twice it arrives as an array: refused like a wrong token, but saying why.
    if (Array.isArray(given)) throw new UnauthorizedError('request.repeated_param', 'the webhook token is given more than once');
    if (!tokenMatches(token, given)) throw new UnauthorizedError('webhook.bad_token', 'bad or missing webhook token');
  };
}

/** A test for client addresses against the networks; null when the list is empty (anyone may push). */
export function addressAllowList(cidrs: readonly Cidr[]): ((ip: string) => boolean) | null {
  if (cidrs.length === 0) return null;
  const list = new BlockList();
  for (const c of cidrs) list.addSubnet(c.address, c.prefix, c.family);
  return (ip) => {
    // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
    const address = mapped ? mapped[1]! : ip;
    const v = isIP(address);
    if (v === 0) return false;
    return list.check(address, v === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * onRequest hook: only the configured networks may push. `req.ip` is the socket address, or
 * what X-Forwarded-For says when TRUST_PROXY trusts the proxy in front.
 */
export function sourceAllowHook(cidrs: readonly Cidr[]) {
  const allowed = addressAllowList(cidrs);
  return async (req: FastifyRequest): Promise<void> => {
    if (allowed && !allowed(req.ip)) {
      req.log.warn({ ip: req.ip, url: req.routeOptions.url ?? req.url.split('?')[0] }, 'push from an address outside WEBHOOK_ALLOW_CIDRS refused');
      throw new ForbiddenError('webhook.address_forbidden', 'this address may not call the webhooks');
    }
  };
}
