import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/prisma.js';
import { createMatchService } from '../../src/services/matching/match-service.js';
import { resetData } from '../helpers/app.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/env.js';

const SHENGCUN = '532528102211'; // 元阳县新街镇胜村
const MENGZI_VILLAGE = '532503001001'; // 蒙自市, another county

/**
 * The 岗位 reply's openings (reverse-match.ts openingsToList), read with the conversation's
 * transaction as job-requests.ts does. Found by review after the matching split.
 */
describe('the 岗位 list, read inside the conversation transaction', () => {
  const config = loadConfig({ DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, ADMIN_API_KEY: 'x'.repeat(24), QUIET_HOURS: '', LOG_LEVEL: 'silent' });
  const queues = { add: async () => undefined, addBulk: async () => undefined, queue: () => { throw new Error('no'); } } as never;
  const outbox = {} as never;
  let big: Db;
  beforeAll(async () => {
    big = createDb(TEST_DATABASE_URL, { max: 4 });
  });
  afterAll(async () => big?.$disconnect());
  beforeEach(async () => resetData(big));

  async function seed(db: Db) {
    const w = await db.worker.create({ data: { phone: '13800000001', skills: ['缝纫'], divisionCode: SHENGCUN } });
    const ws = await db.workshop.create({ data: { name: '新街制衣', form: 'county_workshop', divisionCode: SHENGCUN, contactPhone: '13900000009' } });
    const local = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 1, wageMin: 3000, wageMax: 4000, wageUnit: 'month' } });
    return { w, ws, local };
  }

  it('needs no second pool connection inside the transaction: the place data is read before it', async () => {
    const { w, local } = await seed(big);
    // One connection: what a process has left when its 8 inbound jobs and webhook handlers
    // each hold one in their conversation transaction.
    const small = createDb(TEST_DATABASE_URL, { max: 1 });
    try {
      const m = createMatchService({ config, db: small, queues, outbox, log: pino({ level: 'silent' }) });
      // Read by another service, so this one's own cache stays cold: were the list to read the
      // place data itself, it would wait for a second connection and time out.
      const places = await createMatchService({ config, db: big, queues, outbox, log: pino({ level: 'silent' }) }).placeData();
      const listed = await small.$transaction(async (tx) => m.openingsToList(tx, w.id, places, 3));
      expect(listed.map((o) => o.id)).toEqual([local.id]);
    } finally {
      await small.$disconnect();
    }
  }, 20_000);

  it('lists a fitting opening in the worker\'s own village even when 500 newer ones elsewhere share the skill', async () => {
    const { w, local } = await seed(big);
    const far = await big.workshop.create({ data: { name: '蒙自制衣', form: 'county_workshop', divisionCode: MENGZI_VILLAGE, contactPhone: '13900000008' } });
    await big.opening.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({ workshopId: far.id, title: `缝纫${i}`, skills: ['缝纫'], headcount: 1, wageMin: 3000, wageMax: 4000, wageUnit: 'month' as const, createdAt: new Date(Date.now() + 1000 + i) })),
    });
    const m = createMatchService({ config, db: big, queues, outbox, log: pino({ level: 'silent' }) });
    const places = await m.placeData();
    const listed = await big.$transaction(async (tx) => m.openingsToList(tx, w.id, places, 3));
    // The worker's own county is read on its own, so 500 newer openings elsewhere cannot hide it.
    expect(listed.map((o) => o.id)).toEqual([local.id]);
  }, 30_000);
});
