import { loadConfig } from '../src/config.js';
import { loadDivisions } from '../src/data/divisions.js';
import { createDb } from '../src/db/prisma.js';
import { seedDemoData, seedReferenceData } from '../src/db/seed.js';

// npm run db:seed [-- --demo]: places of PREFECTURES and the skill list; --demo adds a sample employer.
const config = loadConfig(process.env);
const db = createDb(config.DATABASE_URL, { max: 2 });
try {
  const divisions = loadDivisions(config.PREFECTURES);
  const r = await seedReferenceData(db, divisions);
  const byLevel = new Map<string, number>();
  for (const d of divisions) byLevel.set(d.level, (byLevel.get(d.level) ?? 0) + 1);
  const counts = [...byLevel].map(([k, n]) => `${k} ${n}`);
  console.log(`seeded ${r.divisions} divisions (${counts.join(', ')}) and ${r.skills} skills for ${config.PREFECTURES.join(', ')}`);
  if (process.argv.includes('--demo')) {
    const d = await seedDemoData(db);
    console.log(d.created ? 'added demo employer, workshops and openings' : 'demo data already present');
  }
} finally {
  await db.$disconnect();
}
