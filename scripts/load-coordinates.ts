import { readFile } from 'node:fs/promises';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/prisma.js';
import { parseCoordinates } from '../src/domain/division-coordinates.js';

// npx tsx scripts/load-coordinates.ts <file.csv>: division centroids (code,lat,lng) for km
// matching. All or nothing: any bad line or unknown code loads none of the file.
const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx scripts/load-coordinates.ts <file.csv>   (lines: code,lat,lng)');
  process.exit(2);
}
const config = loadConfig(process.env);
const { rows, errors } = parseCoordinates(await readFile(file, 'utf8'));
if (errors.length > 0 || rows.length === 0) {
  console.error(errors.length ? errors.join('\n') : `${file}: no coordinates found`);
  process.exit(1);
}
const db = createDb(config.DATABASE_URL, { max: 2 });
try {
  const known = new Set((await db.division.findMany({ where: { code: { in: rows.map((r) => r.code) } }, select: { code: true } })).map((d) => d.code));
  const unknown = rows.filter((r) => !known.has(r.code)).map((r) => r.code);
  if (unknown.length > 0) {
    console.error(`unknown division codes (run npm run db:seed for their prefecture first): ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ' …' : ''}`);
    process.exitCode = 1;
  } else {
    const updated = await db.$executeRaw`
      UPDATE divisions d SET latitude = u.lat, longitude = u.lng
      FROM unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.latitude)}::float8[], ${rows.map((r) => r.longitude)}::float8[]) AS u(code, lat, lng)
      WHERE d.code = u.code`;
    console.log(`loaded coordinates for ${updated} divisions; running processes pick them up within 10 minutes`);
  }
} finally {
  await db.$disconnect();
}
