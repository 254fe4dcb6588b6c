import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, Prisma, transaction, txQuery, type Db } from '../../src/db/prisma.js';
import { migrate, ensureDatabase } from '../../src/db/migrate.js';
import { TEST_DATABASE_URL } from '../helpers/env.js';

/**
 * `transaction` + `txQuery` (docs/reply-storm.md, round 6): the inbound batch's statements run as
 * prepared statements on the pg connection of Prisma's interactive transaction. They must be in
 * that transaction — same backend, rolled back with it, seeing its uncommitted rows — or the
 * exactly-once of a text (row lock, answers and mark in one transaction) would not hold.
 */
describe('statements on the transaction connection', () => {
  let db: Db;
  beforeAll(async () => {
    await ensureDatabase(TEST_DATABASE_URL);
    await migrate(TEST_DATABASE_URL);
    db = createDb(TEST_DATABASE_URL, { max: 4 });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it('runs on the transaction backend, sees its writes and goes back with it', async () => {
    const key = `txq-${Date.now()}`;
    await expect(
      transaction(db, async (tx) => {
        const [viaPrisma] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        const [direct] = await txQuery<{ pid: number }>(tx, 'txq-pid', Prisma.sql`SELECT pg_backend_pid() AS pid`);
        expect(direct!.pid).toBe(viaPrisma!.pid);
        await tx.$executeRaw`INSERT INTO notifications (dedupe_key, kind, channel, phone, template_code, template_params, content, segments, status, updated_at)
          VALUES (${key}, 'reply', 'sms', '13900000000', 'T', '{}'::jsonb, 'x', 1, 'queued', now())`;
        const seen = await txQuery<{ n: string }>(tx, 'txq-count', Prisma.sql`SELECT count(*) AS n FROM notifications WHERE dedupe_key = ${key}`);
        expect(Number(seen[0]!.n)).toBe(1);
        // Values as Prisma's $queryRaw gives them, and the statement went to pg directly,
        // prepared on this connection (not through Prisma, which sends unnamed statements).
        expect(seen[0]!.n).toBe(1n);
        const prepared = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements WHERE name LIKE 'txq-count-%'`;
        expect(prepared).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.notification.count({ where: { dedupeKey: key } })).toBe(0);
  });

  it('many transactions at once each get their own connection', async () => {
    const pids = await Promise.all(
      Array.from({ length: 4 }, () =>
        transaction(db, async (tx) => {
          const [a] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          await new Promise((r) => setTimeout(r, 20));
          const [b] = await txQuery<{ pid: number }>(tx, 'txq-pid', Prisma.sql`SELECT pg_backend_pid() AS pid`);
          return [a!.pid, b!.pid];
        }),
      ),
    );
    for (const [a, b] of pids) expect(b).toBe(a);
    expect(new Set(pids.map(([a]) => a)).size).toBe(4);
  });

  it('reads values as $queryRaw does: int8, numeric, timestamps without zone, arrays, json', async () => {
    const q = Prisma.sql`SELECT 9007199254740993::int8 AS big, 1.50::numeric AS dec, '2026-12-04 10:00:00.123'::timestamp AS ts,
      '2026-12-04 10:00:00+08'::timestamptz AS tstz, 3::int4 AS small, 2.5::float8 AS f, ARRAY['a','b'] AS arr, '{"k":1}'::jsonb AS j, NULL::timestamp AS none`;
    const viaPrisma = await db.$queryRaw<Record<string, unknown>[]>(q);
    const direct = await transaction(db, (tx) => txQuery<Record<string, unknown>>(tx, 'txq-types', q));
    expect(direct[0]!.big).toBe(9007199254740993n);
    expect(String(direct[0]!.dec)).toBe(String(viaPrisma[0]!.dec));
    expect((direct[0]!.ts as Date).toISOString()).toBe('2026-12-04T10:00:00.123Z');
    for (const k of ['big', 'ts', 'tstz', 'small', 'f', 'arr', 'j', 'none']) expect(direct[0]![k], k).toEqual(viaPrisma[0]![k]);
  });

  it('refuses a statement once Prisma has ended the transaction (its timeout), and the connection goes back clean', async () => {
    const key = `txq-late-${Date.now()}`;
    let late: unknown = null;
    await transaction(
      db,
      async (tx) => {
        await new Promise((r) => setTimeout(r, 400));
        late = await txQuery(tx, 'txq-late', Prisma.sql`INSERT INTO notifications (dedupe_key, kind, channel, phone, template_code, template_params, content, segments, status, updated_at)
          VALUES (${key}, 'reply', 'sms', '13900000000', 'T', '{}'::jsonb, 'x', 1, 'queued', now()) RETURNING id`).catch((err: unknown) => err);
      },
      { timeout: 100 },
    ).catch(() => undefined);
    expect(late).toBeInstanceOf(Error);
    expect(await db.notification.count({ where: { dedupeKey: key } })).toBe(0);
    // The pool's connections work as before (their query and release are their own again).
    const rows = await Promise.all(Array.from({ length: 4 }, () => transaction(db, (tx) => txQuery<{ n: number }>(tx, 'txq-one-int', Prisma.sql`SELECT 1::int AS n`))));
    expect(rows.map((r) => r[0]!.n)).toEqual([1, 1, 1, 1]);
  });

  it('falls back to Prisma for a transaction not made by `transaction`', async () => {
    const [r] = await db.$transaction((tx) => txQuery<{ n: bigint }>(tx, 'txq-one', Prisma.sql`SELECT 1::int8 AS n`));
    expect(r!.n).toBe(1n);
  });
});
