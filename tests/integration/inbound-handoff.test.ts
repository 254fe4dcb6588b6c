import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { createInboundReader } from '../../workers/processors.js';

/**
 * Texts handed from the webhook to the inbound worker of the same process without a BullMQ job
 * (docs/reply-storm.md, round 4), on the real database and Redis: they are answered; texts
 * stored by a process that died before reading them are answered by the sweep's fallback; and
 * however many paths reach a text at once (hand-off, a job, the sweep), it is answered once.
 */
describe('inbound texts handed over in the process', () => {
  let sys: TestSystem;
  let seq = 0;
  // Every line the service logs: a text read logs `inbound handled` once, with its id.
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  /** How many times each text was read (its `inbound handled` lines, logged after the commit and reverse match). */
  const timesHandled = async (ids: bigint[]) => {
    const count = () => {
      const handled = lines.map((l) => JSON.parse(l) as { msg?: string; inboundId?: string }).filter((l) => l.msg === 'inbound handled');
      return ids.map((id) => handled.filter((l) => l.inboundId === id.toString()).length);
    };
    await waitFor(async () => count().every((n) => n > 0), 'every text logged as handled');
    // A second reading, if any, would log within this.
    await new Promise((r) => setTimeout(r, 500));
    return count();
  };

  beforeAll(async () => {
    sys = await startSystem({ env: { INBOUND_HANDOFF: 'true' }, overrides: { log: pino({ level: 'info' }, sink) } });
  });
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    // Ids start again at 1 after the reset: only this test's lines count.
    lines.length = 0;
    const ws = await sys.ctx.db.workshop.create({ data: { name: '新街缝纫车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000001' } });
    await sys.ctx.db.opening.create({ data: { workshopId: ws.id, code: '7301', title: '缝纫工', skills: ['缝纫'], headcount: 50, wageMin: 100, wageMax: 150, wageUnit: 'day' } });
  });
  afterAll(async () => {
    await sys?.close();
  });

  const item = (phone: string, content: string) => ({ phone_number: phone, content, send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: `h${++seq}` });
  /** Posts one push to a system's webhook, as Aliyun does. */
  async function push(target: TestSystem, items: ReturnType<typeof item>[]): Promise<void> {
    const res = await target.app.inject({ method: 'POST', url: '/webhooks/aliyun/sms-up', payload: items });
    expect(res.statusCode).toBe(200);
  }
  const idsOf = async (items: ReturnType<typeof item>[]) =>
    (await sys.ctx.db.inboundMessage.findMany({ where: { providerMessageId: { in: items.map((i) => `${i.phone_number}:${i.sequence_id}`) } }, orderBy: { id: 'asc' } })).map((r) => r.id);
  /** Waits until every text is read and answered; returns the replies' count per text. */
  async function answered(ids: bigint[]): Promise<number[]> {
    await waitFor(async () => (await sys.ctx.db.inboundMessage.count({ where: { id: { in: ids }, processedAt: null } })) === 0, 'every text read', 20_000);
    return Promise.all(ids.map((id) => sys.ctx.db.notification.count({ where: { dedupeKey: `reply:${id}` } })));
  }
  const inboundJobs = async (target: TestSystem) => {
    const counts = await target.ctx.queues.queue('inbound').getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };

  it('answers the texts its webhook stores without an inbound job', async () => {
    // Many people at once, one of them twice, in pushes of one and of several texts.
    const pushes = [
      [item('13844440001', '订阅 缝纫 新街镇'), item('13844440001', '我的')],
      [item('13844440002', '帮助'), item('13844440003', 'BM7301')],
      [item('13844440004', '岗位')],
      ...Array.from({ length: 20 }, (_, i) => [item(`138444401${String(i).padStart(2, '0')}`, i % 2 ? '帮助' : 'BM7301')]),
    ];
    const counted = async () => ({ batches: (await sys.ctx.metrics.inboundBatches.get()).values[0]?.value ?? 0, texts: (await sys.ctx.metrics.inboundBatchTexts.get()).values[0]?.value ?? 0 });
    const before = await counted();
    await Promise.all(pushes.map((p) => push(sys, p)));
    const ids = await idsOf(pushes.flat());
    expect(ids).toHaveLength(pushes.flat().length);
    expect(await answered(ids)).toEqual(ids.map(() => 1));
    // The batches' metrics (docs/reply-storm.md, round 5) count every text, each once.
    const after = await counted();
    expect(after.texts - before.texts).toBe(ids.length);
    expect(after.batches - before.batches).toBeGreaterThan(0);
    expect(after.batches - before.batches).toBeLessThanOrEqual(ids.length);
    expect(await timesHandled(ids)).toEqual(ids.map(() => 1));
    // Read in the process that stored them: no BullMQ job was made for any.
    expect(await inboundJobs(sys)).toBe(0);
    // The sender's second text was read after the first: 我的 shows the subscription.
    const mine = await sys.ctx.db.inboundMessage.findFirstOrThrow({ where: { sender: '13844440001', content: '我的' } });
    expect(JSON.stringify((await sys.ctx.db.notification.findUniqueOrThrow({ where: { dedupeKey: `reply:${mine.id}` } })).templateParams)).toContain('缝纫');
    expect(await sys.ctx.db.application.count()).toBe(11);
  });

  it('answers texts a process stored and died before reading: the sweep queues them for another', async () => {
    // A webhook process whose worker took the texts in memory and died before reading them.
    const dead = await startSystem({ workers: false });
    dead.ctx.services.inbound.attachLocalReader({ take: () => true });
    const items = [item('13855550001', '帮助'), item('13855550002', 'BM7301'), item('13855550003', '订阅 缝纫 新街镇')];
    await push(dead, [items[0]!]);
    await push(dead, items.slice(1));
    expect(await inboundJobs(dead)).toBe(0);
    await dead.close();
    const ids = await idsOf(items);
    expect(ids).toHaveLength(3);
    expect(await sys.ctx.db.inboundMessage.count({ where: { id: { in: ids }, processedAt: null } })).toBe(3);

    // A text still young may be waiting in a live process's batches: the sweep leaves it.
    expect(await sys.ctx.services.inbound.requeueUnprocessed()).toBe(0);
    // The sweep's minute has passed: the maintenance job queues them, this process's worker reads them.
    await sys.ctx.db.$executeRaw`UPDATE inbound_messages SET received_at = received_at - interval '2 minutes' WHERE id = ANY(${ids.map(String)}::bigint[])`;
    await sys.ctx.queues.add('maintenance', { task: 'sweep' });
    expect(await answered(ids)).toEqual([1, 1, 1]);
    expect(await timesHandled(ids)).toEqual([1, 1, 1]);
    expect(await sys.ctx.db.application.count()).toBe(1);
  });

  it('answers a text once however many paths reach it at once (hand-off, a job, the sweep, a retry)', async () => {
    // The real hand-off of this process's worker, with the ids it takes seen here too.
    const reader = createInboundReader(sys.ctx);
    const taken: bigint[][] = [];
    sys.ctx.services.inbound.attachLocalReader({
      take(ids) {
        taken.push(ids);
        return reader.local.take(ids);
      },
    });
    try {
      const items = Array.from({ length: 30 }, (_, i) => item(`138666600${String(i % 15).padStart(2, '0')}`, ['BM7301', '帮助', '订阅 缝纫 新街镇'][i % 3]!));
      await Promise.all(items.map((it) => push(sys, [it])));
      const ids = await idsOf(items);
      expect(taken.flat().sort()).toEqual([...ids].sort());
      // While the hand-off reads them: each statement's texts queued as a job (a sweep, or a
      // process that queued them and then took them too), read as a batch by another worker, and one by one.
      await Promise.all([
        ...taken.map((group) => sys.ctx.services.inbound.enqueueTogether(group)),
        sys.ctx.services.conversation.handleMany(ids),
        ...ids.slice(0, 10).map((id) => sys.ctx.services.conversation.handleInbound(id)),
        reader.local.take(ids) ? Promise.resolve() : Promise.reject(new Error('the reader refused')),
      ]);
      await reader.close();
      expect(await answered(ids)).toEqual(ids.map(() => 1));
      await waitFor(async () => (await sys.ctx.queues.queue('inbound').getJobCounts('waiting', 'active', 'prioritized')).active === 0, 'inbound jobs done');
      expect(await timesHandled(ids)).toEqual(ids.map(() => 1));
      // Each BM text is one application, each phone one subscription's consent.
      // Each phone's BM is one application (its second BM finds it applied already).
      expect(await sys.ctx.db.application.count()).toBe(new Set(items.filter((it) => it.content === 'BM7301').map((it) => it.phone_number)).size);
    } finally {
      // The last test: the system's own reader is not put back, its texts are queued.
      sys.ctx.services.inbound.attachLocalReader(null);
    }
  });
});
