import { loadConfig } from '../src/config.js';
import { ensureDatabase, markRolledBack, migrate } from '../src/db/migrate.js';

// npm run db:migrate [-- --rolled-back <migration>]
const config = loadConfig(process.env);
const i = process.argv.indexOf('--rolled-back');
if (i !== -1) {
  const name = process.argv[i + 1];
  if (!name) throw new Error('--rolled-back needs a migration name');
  const ok = await markRolledBack(config.DATABASE_URL, name);
  console.log(ok ? `marked ${name} as rolled back` : `no failed migration named ${name}`);
} else {
  if (await ensureDatabase(config.DATABASE_URL)) console.log('created database');
  const r = await migrate(config.DATABASE_URL);
  for (const name of r.applied) console.log(`applied ${name}`);
  for (const name of r.modified) console.warn(`warning: ${name} was changed after it was applied`);
  console.log(`${r.applied.length} applied, ${r.alreadyApplied.length} already applied`);
}
