import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/**
 * Applies prisma/migrations/<stamp>_<name>/migration.sql and records each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, same sha256
 * checksum of the file, same advisory lock), so either tool can take over from the other.
 * We need our own runner because the Prisma CLI's schema engine cannot be downloaded here.
 */

// The lock id Prisma Migrate takes on PostgreSQL (schema-engine's `advisory_lock`), so our
// runner and `prisma migrate deploy` never apply migrations at the same time.
const PRISMA_ADVISORY_LOCK_ID = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
  /** Applied migrations whose file changed since; Prisma warns about these too. */
  modified: string[];
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** prisma/migrations of the package this file belongs to, from src/ (tsx) or dist/src/ (built). */
function findMigrationsDir(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'prisma', 'migrations');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return candidate;
  }
  return path.resolve(import.meta.dirname, '..', '..', 'prisma', 'migrations');
}

export const defaultMigrationsDir = findMigrationsDir();

export async function readMigrations(dir = defaultMigrationsDir): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/** Applies every pending migration in order. Idempotent: a second run applies nothing. */
export async function migrate(databaseUrl: string, dir = defaultMigrationsDir): Promise<MigrateResult> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result: MigrateResult = { applied: [], alreadyApplied: [], modified: [] };
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_ID]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<MigrationRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    const live = rows.filter((r) => r.rolled_back_at === null);
    const failed = live.find((r) => r.finished_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and was not rolled back. Fix the database, then mark it ` +
          `with \`npm run db:migrate -- --rolled-back ${failed.migration_name}\` (same as \`prisma migrate resolve\`).`,
      );
    }
    const known = new Set(migrations.map((m) => m.name));
    const done = new Map(live.map((r) => [r.migration_name, r]));
    for (const r of live) {
      if (!known.has(r.migration_name)) {
        throw new MigrationError(`The database has migration ${r.migration_name}, which is not in ${dir}.`);
      }
    }
    for (const m of migrations) {
      const row = done.get(m.name);
      if (row) {
        result.alreadyApplied.push(m.name);
        if (row.checksum !== m.checksum) result.modified.push(m.name);
        continue;
      }
      const id = randomUUID();
      await client.query(
        'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
        [id, m.checksum, m.name],
      );
      try {
        // One simple-protocol query: PostgreSQL runs a multi-statement string as one implicit
        // transaction, which is how Prisma applies a migration script too.
        await client.query(m.sql);
      } catch (err) {
        const logs = `Migration \`${m.name}\` failed to apply cleanly to the database.\n${String(err)}`;
        await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, logs]);
        throw new MigrationError(logs, { cause: err });
      }
      await client.query(
        'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
        [id],
      );
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

/** Marks a failed migration as rolled back, like `prisma migrate resolve --rolled-back`. */
export async function markRolledBack(databaseUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const res = await client.query(
      'UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL',
      [name],
    );
    return (res.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL if it does not exist (for tests and first runs). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new MigrationError(`Unsupported database name "${name}"`);
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (err) {
      // Two processes racing to create it: the loser sees duplicate_database, which is fine.
      if ((err as { code?: string }).code !== '42P04') throw err;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}
