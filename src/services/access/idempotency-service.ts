import type { Db } from '../../db/prisma.js';

export type IdempotencyClaim =
  /** First use: run the request, then `complete` (or `release` when it failed for a reason worth retrying). */
  | { state: 'claimed'; id: bigint }
  /** A repeat of a finished request: answer with what it answered. */
  | { state: 'replay'; statusCode: number; body: string }
  /** The first request with this key is still running. */
  | { state: 'in_progress' }
  /** The key was used for a different request. */
  | { state: 'mismatch'; method: string; path: string };

// How long a key is remembered; Stripe keeps 24 h, a caseworker retrying the next morning is covered.
export const IDEMPOTENCY_TTL_MS = 48 * 3600_000;
// A claim with no answer after this long belongs to a process that died mid-request: a repeat may take it over.
export const IDEMPOTENCY_ABANDONED_MS = 5 * 60_000;

/**
 * Idempotency-Key storage. The row is claimed (inserted) before the work runs, so two
 * concurrent repeats cannot both run: the unique (principal, key) lets exactly one insert win.
 */
export function createIdempotencyService({ db }: { db: Db }) {
  return {
    async claim(principal: string, key: string, method: string, path: string, requestHash: string): Promise<IdempotencyClaim> {
      const inserted = await db.$queryRaw<{ id: bigint }[]>`
        INSERT INTO idempotency_keys (principal, key, method, path, request_hash)
        VALUES (${principal}, ${key}, ${method}, ${path}, ${requestHash})
        ON CONFLICT (principal, key) DO NOTHING
        RETURNING id`;
      if (inserted[0]) return { state: 'claimed', id: inserted[0].id };
      const row = await db.idempotencyKey.findUnique({ where: { principal_key: { principal, key } } });
      if (!row) return this.claim(principal, key, method, path, requestHash); // released meanwhile
      if (row.requestHash !== requestHash) return { state: 'mismatch', method: row.method, path: row.path };
      if (row.statusCode === null || row.responseBody === null) {
        const abandoned = await db.idempotencyKey.deleteMany({
          where: { id: row.id, statusCode: null, createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_ABANDONED_MS) } },
        });
        return abandoned.count ? this.claim(principal, key, method, path, requestHash) : { state: 'in_progress' };
      }
      return { state: 'replay', statusCode: row.statusCode, body: row.responseBody };
    },

    async complete(id: bigint, statusCode: number, body: string): Promise<void> {
      await db.idempotencyKey.update({ where: { id }, data: { statusCode, responseBody: body, completedAt: new Date() } });
    },

    /** Forgets a claim whose request failed on our side (5xx), so the caller's retry runs. */
    async release(id: bigint): Promise<void> {
      await db.idempotencyKey.deleteMany({ where: { id } });
    },

    async purgeExpired(now = new Date()): Promise<number> {
      const r = await db.idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } } });
      return r.count;
    },
  };
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
