import { loadDivisions } from '../src/data/divisions.js';
import { ensureDatabase, migrate } from '../src/db/migrate.js';
import { createDb } from '../src/db/prisma.js';
import { seedReferenceData } from '../src/db/seed.js';
import { TEST_DATABASE_URL } from './helpers/env.js';

/** The test database exists, is migrated and holds the Honghe places and skills. */
async function prepareDatabase(): Promise<void> {
  await ensureDatabase(TEST_DATABASE_URL);
  await migrate(TEST_DATABASE_URL);
  const db = createDb(TEST_DATABASE_URL, { max: 2 });
  try {
    await seedReferenceData(db, loadDivisions(['5325']));
  } finally {
    await db.$disconnect();
  }
}

// Every project that uses the database names this file (vitest.config.ts), and vitest loads
// it once per project; the promise kept on the runner's global makes the work happen once.
const ONCE = Symbol.for('guiyan.tests.database-prepared');

/** Once per run, before the first database test; the unit project does not need it. */
export default async function setup(): Promise<void> {
  const g = globalThis as { [ONCE]?: Promise<void> };
  g[ONCE] ??= prepareDatabase();
  await g[ONCE];
}
