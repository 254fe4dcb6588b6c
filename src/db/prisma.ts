import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;
export { Prisma } from '../generated/prisma/client.js';

/** The pg pool under each client createDb made (see `rawQuery`). */
const pools = new WeakMap<object, pg.Pool>();

/**
 * The pg connection a `transaction` runs on, caught as Prisma's adapter takes it from the pool
 * (`startTransaction` calls `pool.connect()` in the caller's async context), and the
 * transaction clients it belongs to.
 */
interface TxConnection {
  client?: pg.PoolClient;
  /** Set once Prisma sent COMMIT or ROLLBACK on it, or gave it back to the pool. */
  ended?: boolean;
}
const connecting = new AsyncLocalStorage<TxConnection>();
const txConnections = new WeakMap<object, TxConnection>();

/**
 * Watches the connection of a `transaction` until it goes back to the pool: a statement sent
 * after Prisma ended the transaction (its timeout rolls back while the callback still runs)
 * would otherwise run outside it, or on a connection now lent to someone else.
 */
function watch(conn: TxConnection, client: pg.PoolClient): void {
  const release = client.release;
  const ownQuery = Object.prototype.hasOwnProperty.call(client, 'query');
  const query = client.query;
  client.query = function (this: pg.PoolClient, ...args: unknown[]) {
    const first = args[0] as string | { text?: unknown } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    if (typeof text === 'string' && /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i.test(text)) conn.ended = true;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof client.query;
  client.release = function (this: pg.PoolClient, ...args: Parameters<pg.PoolClient['release']>) {
    conn.ended = true;
    client.release = release;
    if (ownQuery) client.query = query;
    else delete (client as { query?: unknown }).query;
    return release.apply(this, args);
  };
}

/** Prisma Client 7 over node-postgres (no Rust engine): the pool is pg's, sized per process. */
export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10 });
  // A connection taken without a callback inside `transaction` (the adapter's BEGIN; pg-pool's
  // own `query` passes a callback) is the transaction's: remembered for `txQuery`.
  const connect = pool.connect.bind(pool) as (cb?: unknown) => Promise<pg.PoolClient>;
  pool.connect = ((cb?: unknown) => {
    if (cb) return connect(cb);
    const waiting = connecting.getStore();
    return connect().then((client) => {
      if (waiting && !waiting.client) {
        waiting.client = client;
        watch(waiting, client);
      }
      return client;
    });
  }) as typeof pool.connect;
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

/**
 * `db.$transaction(fn)` whose statements run through `txQuery` go straight to the transaction's
 * pg connection as prepared statements, outside Prisma's client (docs/reply-storm.md, round 6:
 * Prisma's own work around a statement, and PostgreSQL parsing and planning each unnamed one,
 * were a large part of a reply storm's cost a text). Prisma's calls on `tx` run on the same
 * connection, in the same transaction, in the order they are made.
 */
export async function transaction<T>(db: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T> {
  const waiting: TxConnection = {};
  return connecting.run(waiting, () =>
    db.$transaction(async (tx) => {
      if (waiting.client) txConnections.set(tx, waiting);
      try {
        return await fn(tx);
      } finally {
        txConnections.delete(tx);
      }
    }, options),
  );
}

/**
 * One statement in the caller's transaction: on its pg connection as a prepared statement when
 * `tx` came from `transaction`, else (a client or another transaction) through Prisma's
 * `$queryRaw`; rows the same either way (`asPrisma`). Dates go in as ISO text (UTC).
 */
export async function txQuery<T>(tx: Pick<Prisma.TransactionClient, '$queryRaw'>, name: string, q: Prisma.Sql): Promise<T[]> {
  const conn = txConnections.get(tx);
  if (!conn?.client) return tx.$queryRaw<T[]>(q);
  if (conn.ended) throw new Error('txQuery: the transaction is over (committed, rolled back or timed out)');
  const client = conn.client;
  const values = q.values.map((v) => (v instanceof Date ? v.toISOString() : v));
  return (await client.query<T & pg.QueryResultRow>({ name: statementName(name, q.text), text: q.text, values, types: asPrisma })).rows;
}

/**
 * Values as Prisma's `$queryRaw` gives them, so that a statement reads the same either way:
 * int8 as a bigint, numeric as a Decimal, a timestamp without zone (how Prisma stores every
 * DateTime) as UTC; the rest as pg parses them (int4 and float8 as numbers, arrays of text,
 * timestamptz, json). Arrays of int8, numeric or timestamps are not converted: no statement
 * run through txQuery reads one.
 */
const TIMESTAMP = 1114;
const asPrisma = {
  getTypeParser(oid: number, format?: string) {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary');
    if (oid === 20) return (v: string) => BigInt(v);
    if (oid === 1700) return (v: string) => new Prisma.Decimal(v);
    if (oid === TIMESTAMP) return (v: string) => new Date(`${v.replace(' ', 'T')}Z`);
    return pg.types.getTypeParser(oid, 'text');
  },
} as pg.CustomTypesConfig;
