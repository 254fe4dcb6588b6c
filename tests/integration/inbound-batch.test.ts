import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { inboundProcessor } from '../../workers/processors.js';
import { createInboundService, storeStatement } from '../../src/services/inbound/inbound-service.js';
import { TEST_DATABASE_URL } from '../helpers/env.js';

/**
 * The batched inbound path (issue #15): many senders' texts in one transaction must do exactly
 * what handling them one at a time does — the same replies in the same order, the same worker
 * records, each message once — and a sender's texts in one batch are handled in arrival order.
 */
describe('inbound texts handled in batches', () => {
  let sys: TestSystem;
  let seq = 0;
  // What the service logs at warn and above: a batch that fell back to one at a time says so.
  const warnings: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      warnings.push(String(chunk));
      done();
    },
  });

  beforeAll(async () => {
    sys = await startSystem({ workers: false, overrides: { log: pino({ level: 'warn' }, sink) } });
    await resetData(sys.ctx.db);
    const ws = await sys.ctx.db.workshop.create({ data: { name: '新街缝纫车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000001' } });
    await sys.ctx.db.opening.create({ data: { workshopId: ws.id, code: '7301', title: '缝纫工', skills: ['缝纫'], headcount: 5, wageMin: 100, wageMax: 150, wageUnit: 'day' } });
  });
  afterAll(async () => {
    await sys?.close();
  });

  /** Stores texts as one Aliyun push; returns their ids in push order. */
  async function store(texts: [phone: string, content: string][]): Promise<bigint[]> {
    const items = texts.map(([phone, content]) => ({ phone_number: phone, content, send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: `b${++seq}` }));
    await sys.ctx.services.inbound.storeSmsUp(items);
    const rows = await sys.ctx.db.inboundMessage.findMany({ where: { providerMessageId: { in: items.map((i) => `${i.phone_number}:${i.sequence_id}`) } }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(texts.length);
    return rows.map((r) => r.id);
  }

  // Each person's texts, in order; the same script is run for two sets of phones.
  const script: string[][] = [
    ['订阅 缝纫 新街镇', '我的', '暂停', '恢复', 'BM7301'],
    ['帮助', '岗位', '订阅 编织 新街', '改技能 缝纫', '岗位'],
    ['TD', '帮助', '订阅 缝纫 新街镇'],
    ['好', '1', 'BM9999', '你好'],
    ['订阅 保洁 新街镇', 'BM7301', 'BM7301', '退订'],
  ];
  const phonesFor = (base: number) => script.map((_, i) => `1380000${String(base + i).padStart(4, '0')}`);

  /** What each phone ended with: the replies (template and text, in order) and its worker record. */
  async function outcome(phones: string[]) {
    const out = [];
    for (const phone of phones) {
      const replies = await sys.ctx.db.notification.findMany({ where: { phone, kind: 'reply' }, orderBy: { id: 'asc' }, select: { templateCode: true, content: true } });
      const worker = await sys.ctx.db.worker.findFirst({ where: { phone }, select: { status: true, skills: true, divisionCode: true } });
      const applications = await sys.ctx.db.application.count({ where: { worker: { phone } } });
      const consents = await sys.ctx.db.consentEvent.findMany({ where: { worker: { phone } }, orderBy: { id: 'asc' }, select: { kind: true } });
      const intents = await sys.ctx.db.inboundMessage.findMany({ where: { sender: phone }, orderBy: { id: 'asc' }, select: { intent: true, processedAt: true } });
      out.push({
        replies: replies.map((r) => `${r.templateCode} ${r.content}`),
        worker,
        applications,
        consents: consents.map((c) => c.kind),
        intents: intents.map((i) => i.intent),
        allProcessed: intents.every((i) => i.processedAt !== null),
      });
    }
    return out;
  }

  it('gives every sender the same replies and records as one text at a time, in arrival order', async () => {
    // One at a time: each text handled before the next arrives.
    const single = phonesFor(100);
    for (let step = 0; step < 5; step++) {
      for (const [i, texts] of script.entries()) {
        if (texts[step] === undefined) continue;
        const [id] = await store([[single[i]!, texts[step]!]]);
        await sys.ctx.services.conversation.handleInbound(id!);
      }
    }
    // Batched: every text of every sender stored first, interleaved as a storm would bring them,
    // then all handled in one batch.
    const batched = phonesFor(200);
    const texts: [string, string][] = [];
    for (let step = 0; step < 5; step++) {
      for (const [i, t] of script.entries()) if (t[step] !== undefined) texts.push([batched[i]!, t[step]!]);
    }
    const ids = await store(texts);
    const results = await sys.ctx.services.conversation.handleMany(ids);
    expect(results.size).toBe(ids.length);
    // In one batch, not by the fallback that handles a failed batch's messages one at a time.
    expect(warnings.filter((w) => w.includes('inbound batch failed'))).toEqual([]);
    for (const r of results.values()) expect(r).not.toBeInstanceOf(Error);

    const a = await outcome(single);
    const b = await outcome(batched);
    // Phones differ, and so does the text of a reply that names the phone; nothing else.
    const strip = (o: Awaited<ReturnType<typeof outcome>>) => JSON.stringify(o).replaceAll(/1380000\d{4}/g, 'PHONE');
    expect(strip(b)).toBe(strip(a));
    // And the script did what it says: a subscription, a pause and resume, applications, stops.
    expect(a[0]!.worker).toMatchObject({ status: 'active', skills: ['缝纫'] });
    expect(a[0]!.applications).toBe(1);
    expect(a[2]!.worker?.status).toBe('active');
    expect(a[4]!.worker?.status).toBe('opted_out');
    expect(a.every((o) => o.allProcessed)).toBe(true);
    // Four applications to one opening within the hour: the employer is texted once (the first
    // applicant's phone); the rest are on the applicant list.
    expect(await sys.ctx.db.application.count({ where: { opening: { code: '7301' } } })).toBe(4);
    expect(await sys.ctx.db.notification.count({ where: { kind: 'employer_notice', phone: '13900000001' } })).toBe(1);
  });

  it('handles a message once, however often it is handed in', async () => {
    const ids = await store([['13800009001', '帮助'], ['13800009002', '订阅 缝纫 新街镇']]);
    await sys.ctx.services.conversation.handleMany(ids);
    const before = await sys.ctx.db.notification.count();
    const again = await sys.ctx.services.conversation.handleMany([...ids, ...ids]);
    expect([...again.values()].every((r) => r !== null && !(r instanceof Error) && r.replied === false)).toBe(true);
    // Two batches racing for the same messages: one of them answers each message.
    const more = await store([['13800009003', '帮助'], ['13800009004', '岗位'], ['13800009005', '我的']]);
    await Promise.all([sys.ctx.services.conversation.handleMany(more), sys.ctx.services.conversation.handleMany([...more].reverse())]);
    expect(await sys.ctx.db.notification.count()).toBe(before + 3);
  });

  it('answers for a message that does not exist, and handles WeChat messages one at a time beside a batch', async () => {
    const ids = await store([['13800009011', '帮助'], ['13800009012', '帮助']]);
    const wx = await sys.ctx.db.inboundMessage.create({
      data: { provider: 'wechat', providerMessageId: `wx-${++seq}`, channel: 'wechat', sender: 'oTestOpenId000000000000001', content: '帮助', raw: { MsgType: 'text', Content: '帮助' } },
    });
    const results = await sys.ctx.services.conversation.handleMany([...ids, wx.id, 99_999_999n]);
    expect(results.get(99_999_999n)).toBeNull();
    expect(results.get(wx.id)).toMatchObject({ intent: 'help', replied: true });
    for (const id of ids) expect(results.get(id)).toMatchObject({ intent: 'help', replied: true });
  });

  it('stores pushes that arrive together in one go, each text once, and queues every unread one', async () => {
    const queue = sys.ctx.queues.queue('inbound');
    await queue.obliterate({ force: true });
    const item = (i: number) => ({ phone_number: `1381111${String(i).padStart(4, '0')}`, content: '帮助', send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: `c${i}` });
    // 60 one-text pushes at once, one of them twice (Aliyun pushing again while the first is in flight).
    const pushes = Array.from({ length: 60 }, (_, i) => [item(i)]);
    pushes.push([item(7)]);
    const answers = await Promise.all(pushes.map((p) => sys.ctx.services.inbound.storeSmsUp(p)));
    expect(answers.every((a) => a.received === 1)).toBe(true);
    const rows = await sys.ctx.db.inboundMessage.findMany({ where: { sender: { startsWith: '1381111' } }, select: { id: true } });
    expect(rows).toHaveLength(60);
    // A statement's texts are one job (docs/reply-storm.md, round 3): every text is in exactly
    // one job, each job's texts in id order, and fewer jobs than texts when pushes came together.
    const texts = (j: { data: { inboundId?: string; inboundIds?: string[] } }) => j.data.inboundIds ?? [j.data.inboundId!];
    const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
    const queued = jobs.flatMap(texts);
    expect(queued.sort()).toEqual(rows.map((r) => r.id.toString()).sort());
    for (const j of jobs) expect(texts(j)).toEqual([...texts(j)].sort((a, b) => Number(BigInt(a) - BigInt(b))));
    expect(jobs.length).toBeLessThan(60);
    // Pushed again later while still unread: stored nothing, queued again: the text alone (its
    // job exists already when it was stored alone, so it is one job).
    const before = new Set(jobs.map((j) => j.id));
    const again = await sys.ctx.services.inbound.storeSmsUp([item(3)]);
    expect(again.stored).toBe(0);
    const added = (await queue.getJobs(['waiting', 'prioritized', 'delayed'])).filter((j) => !before.has(j.id));
    const row3 = await sys.ctx.db.inboundMessage.findFirstOrThrow({ where: { sender: item(3).phone_number } });
    expect(added.flatMap(texts)).toEqual(added.length ? [row3.id.toString()] : []);
  });

  it('finds the texts a push repeats by their key, not by reading every unread text, in any plan of the statement', async () => {
    // The webhook's statement is prepared, and after five runs PostgreSQL may plan it once for
    // any values (its generic plan). "= ANY(keys) AND processed_at IS NULL" was then planned as a
    // scan of every unread text (the partial index), a cost that grew with the texts waiting to be
    // read (docs/reply-storm.md, round 7). Thousands of unread texts, then the generic plan.
    await sys.ctx.db.$executeRaw`
      INSERT INTO inbound_messages (provider, provider_message_id, channel, sender, content, raw)
      SELECT 'aliyun', 'plan-' || i, 'sms', '13800000000', '帮助', '{}'::jsonb FROM generate_series(1, 3000) AS i`;
    const q = storeStatement([{ provider_message_id: 'plan-7', sender: '13800000000', content: '帮助', content_length: 2, dest_code: null, sent_at: null, raw: {} as never }]);
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE plan_check AS ${q.text}`);
      const [rows, keys] = q.values as [string, string[]];
      const args = `${client.escapeLiteral(rows)}, ARRAY[${keys.map((k) => client.escapeLiteral(k)).join(',')}]::text[]`;
      const plan = (await client.query(`EXPLAIN EXECUTE plan_check(${args})`)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      expect(plan).not.toContain('inbound_messages_unread_idx');
      expect(plan).toMatch(/Index Scan using inbound_messages_provider_provider_message_id_key on inbound_messages e .*\n\s*Index Cond: \(\(provider = 'aliyun'::text\) AND \(provider_message_id = /);
      // And it still finds the unread text by its key, once.
      await client.query('SET plan_cache_mode = auto');
      const out = await client.query(q.text, q.values);
      expect(out.rows).toEqual([expect.objectContaining({ key: 'plan-7', fresh: false })]);
    } finally {
      await client.end();
      await sys.ctx.db.$executeRaw`DELETE FROM inbound_messages WHERE provider_message_id LIKE 'plan-%'`;
    }
  });

  it('queues the texts of statements that end during a queue call with the next call, and fails every push a failed call carried', async () => {
    // A queue (Redis) that takes 100 ms a call: the statements that end meanwhile wait for one call.
    const calls: string[][] = [];
    let failing = false;
    const queues = {
      async addBulk(_name: string, jobs: { payload: { inboundId?: string; inboundIds?: string[] } }[]) {
        await new Promise((r) => setTimeout(r, 100));
        if (failing) throw new Error('Redis is away');
        calls.push(jobs.flatMap((j) => j.payload.inboundIds ?? [j.payload.inboundId!]));
      },
    };
    const inbound = createInboundService({ db: sys.ctx.db, queues: queues as never, log: pino({ level: 'silent' }) });
    const item = (i: number) => ({ phone_number: `1382222${String(i).padStart(4, '0')}`, content: '帮助', send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: `q${i}` });
    // 40 one-text pushes at once: four statements start alone, the other 36 pushes wait for one.
    await Promise.all(Array.from({ length: 40 }, (_, i) => inbound.storeSmsUp([item(i)])));
    const rows = await sys.ctx.db.inboundMessage.findMany({ where: { sender: { startsWith: '1382222' } }, select: { id: true }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(40);
    // Every text queued once, each call's texts in id order, fewer calls than statements.
    expect(calls.flat().sort()).toEqual(rows.map((r) => r.id.toString()).sort());
    for (const c of calls) expect(c).toEqual([...c].sort((a, b) => Number(BigInt(a) - BigInt(b))));
    expect(calls.length).toBeLessThanOrEqual(3);
    // A call that fails fails every push whose texts it carried; pushed again, they are queued.
    failing = true;
    const more = Array.from({ length: 10 }, (_, i) => [item(100 + i)]);
    const answers = await Promise.allSettled(more.map((p) => inbound.storeSmsUp(p)));
    expect(answers.every((a) => a.status === 'rejected')).toBe(true);
    failing = false;
    calls.length = 0;
    const again = await Promise.all(more.map((p) => inbound.storeSmsUp(p)));
    expect(again.every((a) => a.stored === 0)).toBe(true);
    const stored = await sys.ctx.db.inboundMessage.findMany({ where: { sender: { in: more.map((p) => p[0]!.phone_number) } }, select: { id: true } });
    expect(calls.flat().sort()).toEqual(stored.map((r) => r.id.toString()).sort());
  });

  it('reads a job of many texts as their batch, in order, and a retry of it answers nothing twice', async () => {
    // One sender's two texts and two others', in one job as the webhook queues a statement's texts.
    const ids = await store([['13800009021', '订阅缝纫新街'], ['13800009022', '帮助'], ['13800009021', '岗位'], ['13800009023', 'BM7301']]);
    const run = inboundProcessor(sys.ctx);
    const job = { data: { inboundIds: ids.map(String) }, opts: {}, attemptsMade: 0 } as unknown as Job;
    expect(await run(job)).toEqual({ texts: 4 });
    const read = await sys.ctx.db.inboundMessage.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
    expect(read.map((r) => r.intent)).toEqual(['subscribe', 'help', 'list_jobs', 'apply']);
    const replies = await sys.ctx.db.notification.count({ where: { dedupeKey: { in: ids.map((id) => `reply:${id}`) } } });
    expect(replies).toBe(4);
    // The subscription was read before the 岗位 text of the same sender: it lists the opening (7301).
    const list = await sys.ctx.db.notification.findUniqueOrThrow({ where: { dedupeKey: `reply:${ids[2]}` } });
    expect(JSON.stringify(list.templateParams)).toContain('7301');
    // Retried whole (one of its texts failed the first time): the texts read already are skipped.
    const all = await sys.ctx.db.notification.count();
    expect(await run(job)).toEqual({ texts: 4 });
    expect(await sys.ctx.db.notification.count()).toBe(all);
  });

  /** Stores one push of [phone, text, send time] items; returns the ids. */
  async function storeTimed(texts: [phone: string, content: string, sendTime: string][]): Promise<bigint[]> {
    const items = texts.map(([phone, content, sendTime]) => ({ phone_number: phone, content, send_time: sendTime, dest_code: '1234', sequence_id: `t${++seq}` }));
    await sys.ctx.services.inbound.storeSmsUp(items);
    const rows = await sys.ctx.db.inboundMessage.findMany({ where: { providerMessageId: { in: items.map((i) => `${i.phone_number}:${i.sequence_id}`) } }, orderBy: { id: 'asc' } });
    return rows.map((r) => r.id);
  }

  it('answers no number that is not a mainland mobile, and confirms no opt-out to a number it has no record of (forged pushes)', async () => {
    const strangers = ['+447700900123', '10086', '110', '1065912345'];
    const ids = await store(strangers.map((p) => [p, '帮助'] as [string, string]));
    await sys.ctx.services.conversation.handleMany(ids);
    expect(await sys.ctx.db.notification.count({ where: { phone: { in: strangers } } })).toBe(0);
    // Read and recorded all the same.
    expect(await sys.ctx.db.inboundMessage.count({ where: { id: { in: ids }, intent: 'help' } })).toBe(4);

    // TD from mainland numbers never seen: opted out (no later registration may text them), not answered.
    const unknown = ['13822220001', '13822220002'];
    await sys.ctx.services.conversation.handleMany(await store(unknown.map((p) => [p, 'TD'] as [string, string])));
    expect(await sys.ctx.db.notification.count({ where: { phone: { in: unknown } } })).toBe(0);
    expect((await sys.ctx.db.worker.findMany({ where: { phone: { in: unknown } } })).map((w) => w.status)).toEqual(['opted_out', 'opted_out']);
    // A subscriber's TD, and a TD in the middle of a dialog, are confirmed.
    const [sub] = await store([['13822220003', '订阅 缝纫 新街镇']]);
    await sys.ctx.services.conversation.handleInbound(sub!);
    const [menu] = await store([['13822220004', '订阅']]);
    await sys.ctx.services.conversation.handleInbound(menu!);
    await sys.ctx.services.conversation.handleMany(await store([['13822220003', 'TD'], ['13822220004', 'TD']]));
    for (const phone of ['13822220003', '13822220004']) {
      expect(await sys.ctx.db.notification.findFirst({ where: { phone, content: { contains: '退订' } }, orderBy: { id: 'desc' } })).not.toBeNull();
    }
  });

  it('never lets a text written before an opt-out undo it, however late it arrives', async () => {
    const phone = '13833330001';
    const [sub] = await store([[phone, '订阅 缝纫 新街镇']]);
    await sys.ctx.services.conversation.handleInbound(sub!);
    // One push, the newer TD first.
    await sys.ctx.services.conversation.handleMany(await storeTimed([[phone, 'TD', '2026-12-02 22:00:05'], [phone, '订阅 缝纫 新街', '2026-12-02 22:00:01']]));
    expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } })).status).toBe('opted_out');
    // Aliyun pushing an older subscribe again minutes later, alone and in a batch.
    const [late] = await storeTimed([[phone, 'DY 缝纫 新街镇', '2026-12-02 21:59:00']]);
    await sys.ctx.services.conversation.handleInbound(late!);
    await sys.ctx.services.conversation.handleMany(await storeTimed([[phone, '恢复', '2026-12-02 21:58:00'], ['13833330002', '帮助', '2026-12-02 22:00:00']]));
    const worker = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } });
    expect(worker.status).toBe('opted_out');
    expect((await sys.ctx.db.inboundMessage.findUniqueOrThrow({ where: { id: late! } })).intent).toBe('stale:subscribe');
    // A subscribe written after the opt-out is a new opt-in.
    const [again] = await storeTimed([[phone, '订阅 缝纫 新街镇', '2026-12-02 22:10:00']]);
    await sys.ctx.services.conversation.handleInbound(again!);
    expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone } })).status).toBe('active');
  });

  it('keeps two texts whose numeric sequence ids differ past 2^53 apart, and one text pushed under two spellings of a number as one', async () => {
    const push = (body: string) => sys.app.inject({ method: 'POST', url: '/webhooks/aliyun/sms-up', headers: { 'content-type': 'application/json' }, payload: body });
    expect((await push('[{"phone_number":"13844440001","content":"订阅 缝纫 新街","send_time":"2026-12-02 10:00:00","sequence_id":12345678901234567891}]')).statusCode).toBe(200);
    expect((await push('[{"phone_number":"13844440001","content":"TD","send_time":"2026-12-02 10:00:01","sequence_id":12345678901234567892}]')).statusCode).toBe(200);
    const rows = await sys.ctx.db.inboundMessage.findMany({ where: { sender: '13844440001' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.providerMessageId, r.content])).toEqual([
      ['13844440001:12345678901234567891', '订阅 缝纫 新街'],
      ['13844440001:12345678901234567892', 'TD'],
    ]);
    for (const phone of ['+8613844440002', '8613844440002', '13844440002']) {
      await push(JSON.stringify([{ phone_number: phone, content: '帮助', send_time: '2026-12-02 10:00:00', sequence_id: '777' }]));
    }
    expect(await sys.ctx.db.inboundMessage.count({ where: { sender: '13844440002' } })).toBe(1);
  });

  it('gives back what a failed batch took in Redis, so its texts are answered when handled again one at a time', async () => {
    const cases = sys.ctx.services.cases;
    const real = cases.openFromReport;
    let calls = 0;
    // The first report of the batch fails (as a database error would), once.
    cases.openFromReport = (async (...args: Parameters<typeof real>) => {
      if (calls++ === 0) throw new Error('injected failure');
      return real(...args);
    }) as typeof real;
    try {
      const ids = await store([['13855550001', '你好呀 在不在'], ['13855550002', '订阅 缝纫 新街镇'], ['13855550003', '老板不发工资 举报']]);
      const results = await sys.ctx.services.conversation.handleMany(ids);
      expect(warnings.some((w) => w.includes('inbound batch failed'))).toBe(true);
      for (const id of ids) expect(results.get(id)).toMatchObject({ replied: true });
      // The unknown text's answer was not swallowed by the mark the failed batch left, and the
      // subscription used one change slot, not two.
      expect(await sys.ctx.db.notification.count({ where: { phone: '13855550001' } })).toBe(1);
      const slots = await sys.ctx.redis.get(`${sys.config.QUEUE_PREFIX}:chat:changes:sms:13855550002`);
      expect(slots).toBe('1');
    } finally {
      cases.openFromReport = real;
    }
  });

  it('queues a large push behind the texts arriving now', async () => {
    const queue = sys.ctx.queues.queue('inbound');
    await queue.obliterate({ force: true });
    const big = Array.from({ length: 120 }, (_, i) => ({ phone_number: `1386666${String(i).padStart(4, '0')}`, content: '帮助', send_time: '2026-12-02 09:00:00', sequence_id: `big${i}` }));
    await sys.ctx.services.inbound.storeSmsUp(big);
    await sys.ctx.services.inbound.storeSmsUp([{ phone_number: '13866669999', content: '帮助', send_time: '2026-12-02 10:00:00', sequence_id: 'now' }]);
    const counts = await queue.getJobCounts('waiting', 'prioritized');
    expect(counts).toEqual({ waiting: 1, prioritized: 120 });
    // The worker takes the text that arrived now first.
    const [next] = await queue.getJobs(['waiting'], 0, 0);
    const row = await sys.ctx.db.inboundMessage.findFirstOrThrow({ where: { sender: '13866669999' } });
    expect(next?.id).toBe(`in-${row.id}`);
  });
});
