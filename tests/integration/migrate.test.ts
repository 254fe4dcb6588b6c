import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, ensureDatabase, markRolledBack, migrate, MigrationError } from '../../src/db/migrate.js';
import { TEST_DATABASE_URL } from '../helpers/env.js';

// A scratch database beside the test database, so parallel checkouts never share it.
const url = `${TEST_DATABASE_URL}_migrate`;
const dbName = new URL(url).pathname.slice(1);

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

async function dropScratch(): Promise<void> {
  const admin = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}"`);
  await admin.end();
}

describe('migration runner', () => {
  beforeAll(dropScratch);
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}"`);
    await admin.end();
  });

  it('applies the migrations once and records them as Prisma Migrate does', async () => {
    expect(await ensureDatabase(url)).toBe(true);
    expect(await ensureDatabase(url)).toBe(false);
    // Every migration folder, in order: later issues add their own after init.
    const all = (await readdir(defaultMigrationsDir)).filter((d) => /^\d{14}_/.test(d)).sort();
    expect(all[0]).toBe('20261129000000_init');
    const first = await migrate(url);
    expect(first.applied).toEqual(all);
    const second = await migrate(url);
    expect(second).toEqual({ applied: [], alreadyApplied: all, modified: [] });

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; logs: string | null; rolled_back_at: Date | null; id: string }>(
      "SELECT * FROM _prisma_migrations ORDER BY migration_name",
    );
    const sql = await readFile(path.join(defaultMigrationsDir, '20261129000000_init', 'migration.sql'));
    expect(rows).toHaveLength(all.length);
    expect(rows[0]).toMatchObject({
      migration_name: '20261129000000_init',
      checksum: createHash('sha256').update(sql).digest('hex'),
      applied_steps_count: 1,
      logs: null,
      rolled_back_at: null,
    });
    expect(rows[0]!.finished_at).toBeInstanceOf(Date);
    expect(rows[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    // The same column types Prisma creates, so `prisma migrate deploy` reads this table as its own.
    const cols = await query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position",
    );
    expect(cols.map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
      'id:character varying',
      'checksum:character varying',
      'finished_at:timestamp with time zone',
      'migration_name:character varying',
      'logs:text',
      'rolled_back_at:timestamp with time zone',
      'started_at:timestamp with time zone',
      'applied_steps_count:integer',
    ]);
  });

  it('records a failed migration, refuses to go on until it is marked rolled back, and flags edited files', async () => {
    // A fresh scratch database: this test's folder holds only init and a broken migration.
    await dropScratch();
    await ensureDatabase(url);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'guiyan-mig-'));
    const init = await readFile(path.join(defaultMigrationsDir, '20261129000000_init', 'migration.sql'), 'utf8');
    await mkdir(path.join(dir, '20261129000000_init'));
    await writeFile(path.join(dir, '20261129000000_init', 'migration.sql'), init);
    await mkdir(path.join(dir, '20261130000000_broken'));
    await writeFile(path.join(dir, '20261130000000_broken', 'migration.sql'), 'CREATE TABLE ok_table (id int);\nSELECT * FROM no_such_table;');

    await expect(migrate(url, dir)).rejects.toThrow(MigrationError);
    // The failed script ran in one transaction: nothing of it is left behind.
    expect(await query("SELECT 1 FROM pg_tables WHERE tablename = 'ok_table'")).toHaveLength(0);
    await expect(migrate(url, dir)).rejects.toThrow(/failed earlier.*--rolled-back 20261130000000_broken/s);
    expect(await markRolledBack(url, '20261130000000_broken')).toBe(true);

    await writeFile(path.join(dir, '20261130000000_broken', 'migration.sql'), 'CREATE TABLE ok_table (id int);');
    const fixed = await migrate(url, dir);
    expect(fixed.applied).toEqual(['20261130000000_broken']);

    await writeFile(path.join(dir, '20261129000000_init', 'migration.sql'), `${init}\n-- edited`);
    expect((await migrate(url, dir)).modified).toEqual(['20261129000000_init']);
  }, 120_000); // creates and drops whole databases: slow on a loaded machine
});
