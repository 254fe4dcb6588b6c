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
        // pg's int8 as text: the statement went to pg directly, not through Prisma (a bigint).
        expect(typeof seen[0]!.n).toBe('string');
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

  it('falls back to Prisma for a transaction not made by `transaction`', async () => {
    const [r] = await db.$transaction((tx) => txQuery<{ n: bigint }>(tx, 'txq-one', Prisma.sql`SELECT 1::int8 AS n`));
    expect(r!.n).toBe(1n);
  });
});
