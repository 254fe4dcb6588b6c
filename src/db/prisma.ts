import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;
export { Prisma } from '../generated/prisma/client.js';

/** The pg pool under each client createDb made (see `rawQuery`). */
const pools = new WeakMap<object, pg.Pool>();

/** Prisma Client 7 over node-postgres (no Rust engine): the pool is pg's, sized per process. */
export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10 });
  // The client ends the pool on $disconnect, as it did when it made the pool itself.
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * Runs one statement of the hot path (a reply storm's webhook insert, the notify writes) on
 * the pg pool under `db`, outside Prisma's client: Prisma's own work around a statement was
 * about a sixth of a busy process's CPU (docs/reply-storm.md, round 3). `name` makes it a
 * prepared statement on each connection (parsed and planned once). Rows come as pg gives them:
 * int8 as a string, timestamptz as a Date; Dates go in as ISO text (UTC), as Prisma sends them.
 * Falls back to `$queryRaw` for a client not made by createDb (a test's stand-in).
 */
export async function rawQuery<T>(db: Db, name: string, q: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return db.$queryRaw<T[]>(q);
  const values = q.values.map((v) => (v instanceof Date ? v.toISOString() : v));
  return (await pool.query<T & pg.QueryResultRow>({ name: statementName(name, q.text), text: q.text, values })).rows;
}

/** A prepared statement's name per text: a connection refuses one name for two texts. */
const statementNames = new Map<string, string>();
function statementName(name: string, text: string): string | undefined {
  let n = statementNames.get(text);
  if (n === undefined) {
    // A handful of texts is expected; past that, statements go unnamed (parsed each time).
    if (statementNames.size >= 100) return undefined;
    n = `${name}-${statementNames.size}`;
    statementNames.set(text, n);
  }
  return n;
}
