// Loads township (or village) coordinates so a worker's WeChat location can be turned into the
// nearest township. The division data has no coordinates; an operator supplies them as CSV:
//   code,latitude,longitude[,name]
//   532528102,23.2211,102.7441,新街镇
//   npm run coordinates:load -- townships.csv [--replace]
// Bad lines are listed by number and nothing is written unless every line is good.
// --replace removes points not in the file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/prisma.js';
import { parseCoordinateRecords } from '../src/domain/division-coordinates.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const replace = args.includes('--replace');
if (!file) {
  console.error('usage: npm run coordinates:load -- <file.csv> [--replace]   (columns: code,latitude,longitude)');
  process.exit(2);
}
const config = loadConfig(process.env);
const db = createDb(config.DATABASE_URL, { max: 1 });
try {
  const records = parse(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const codes = new Set((await db.division.findMany({ select: { code: true } })).map((d) => d.code));
  const { rows, problems } = parseCoordinateRecords(records, (c) => codes.has(c));
  if (problems.length) {
    for (const p of problems) console.error(`${file}:${p.line}: ${p.message}`);
    console.error(`${problems.length} bad line(s); nothing loaded.`);
    process.exitCode = 1;
  } else {
    const source = path.basename(file);
    await db.$transaction(async (tx) => {
      if (replace) await tx.divisionCoordinate.deleteMany({ where: { divisionCode: { notIn: rows.map((r) => r.divisionCode) } } });
      for (const r of rows) {
        await tx.divisionCoordinate.upsert({
          where: { divisionCode: r.divisionCode },
          create: { ...r, source },
          update: { latitude: r.latitude, longitude: r.longitude, source, loadedAt: new Date() },
        });
      }
    });
    console.log(`loaded ${rows.length} point(s) from ${source}${replace ? ' (others removed)' : ''}.`);
  }
} finally {
  await db.$disconnect();
}
