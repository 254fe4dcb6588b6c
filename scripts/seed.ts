import { loadConfig } from '../src/config.js';
import { loadDivisions } from '../src/data/divisions.js';
import { createDb } from '../src/db/prisma.js';
import { seedDemoData, seedReferenceData } from '../src/db/seed.js';
import { createAuditLog } from '../src/services/access/audit-log.js';
import { createConsoleUserService } from '../src/services/access/console-user-service.js';

const DEMO_ADMIN = { name: 'demo', password: 'guiyan-demo-2026' };

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
    // A first console admin for the demo only, and only on an empty user table: a real
    // deployment makes its admin with `npm run user:create` and never runs --demo.
    if ((await db.consoleUser.count()) === 0) {
      const users = createConsoleUserService({ db, audit: createAuditLog({ db }), passwordCost: config.CONSOLE_PASSWORD_COST });
      await users.create(
        { actor: 'cli:seed-demo', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null },
        { name: DEMO_ADMIN.name, password: DEMO_ADMIN.password, role: 'admin', divisionPrefixes: [] },
      );
      console.log(`added demo console admin "${DEMO_ADMIN.name}" / "${DEMO_ADMIN.password}": sign in at /console and change the password`);
    }
  }
} finally {
  await db.$disconnect();
}
