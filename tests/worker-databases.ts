import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { TEST_DATABASE_URL, workerDatabaseUrl } from './helpers/env.js';

/**
 * For a project whose files run side by side (vitest.config.ts, `integration`): one database per
 * vitest worker, a copy of the test database that tests/global-setup.ts has just created,
 * migrated and seeded (listed before this file, so it has run). A worker's files use
 * `<test database>_w<VITEST_POOL_ID>` (tests/helpers/env.ts), so two files never see each
 * other's rows; everything else they touch is their own already (a Redis prefix per system, fakes
 * on port 0). Each run drops and copies them afresh: a copy left by an older run, of older
 * migrations or with rows in it, never decides a result.
 */
export default async function setup(project: TestProject): Promise<void> {
  const workers = project.config.maxWorkers;
  const template = new URL(TEST_DATABASE_URL).pathname.slice(1);
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (let id = 1; id <= workers; id++) {
      const name = new URL(workerDatabaseUrl(TEST_DATABASE_URL, id)).pathname.slice(1);
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      // CREATE … TEMPLATE needs the template free of sessions; the setup's own have just closed,
      // but PostgreSQL may take a moment to see them go (55006 object_in_use).
      for (let attempt = 1; ; attempt++) {
        try {
          await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
          break;
        } catch (err) {
          if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
  } finally {
    await client.end();
  }
}
