import { loadDivisions } from '../src/data/divisions.js';
import { ensureDatabase, migrate } from '../src/db/migrate.js';
import { createDb } from '../src/db/prisma.js';
import { seedReferenceData } from '../src/db/seed.js';
import { TEST_DATABASE_URL } from './helpers/env.js';

/** Once per run: the test database exists, is migrated and holds the Honghe places and skills. */
export default async function setup(): Promise<void> {
  await ensureDatabase(TEST_DATABASE_URL);
  await migrate(TEST_DATABASE_URL);
  const db = createDb(TEST_DATABASE_URL, { max: 2 });
  try {
    await seedReferenceData(db, loadDivisions(['5325']));
  } finally {
    await db.$disconnect();
  }
}
