import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluate, NO_HISTORY, type MatchableWorker } from '../../src/domain/matching.js';
import { openingForRules, type OpeningForMatch } from '../../src/services/matching/candidates.js';
import { createMatchService } from '../../src/services/matching/match-service.js';
import { ADMIN_KEY, resetData, startSystem, type TestSystem } from '../helpers/app.js';

const auth = { authorization: `Bearer ${ADMIN_KEY}` };
const XINJIE = '532528102'; // 元阳县新街镇
const SHENGCUN = '532528102211';
const OTHER_VILLAGE = '532528102212';
const NANSHA_VILLAGE = '532528101201';
const MENGZI_VILLAGE = '532503001001';

/**
 * Matching on the real database and Redis: the dry run against what a broadcast then sends,
 * waves (and filling an opening stopping them), the weekly cap, the matches API and the
 * reverse match. Workers are not started: jobs stay in Redis where the test can see them,
 * and the test runs what a worker would.
 */
describe('matching', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false, env: { MATCH_WAVE_FACTOR: '2', MATCH_WEEKLY_ALERT_CAP: '3', DAY_LABOUR_WAVE_MINUTES: '20' } });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => resetData(sys.ctx.db));

  const db = () => sys.ctx.db;
  const m = () => sys.ctx.services.matching;
  let phone = 13800000000;
  async function addWorker(over: Record<string, unknown> = {}) {
    phone += 1;
    return db().worker.create({ data: { phone: String(phone), skills: ['缝纫'], divisionCode: SHENGCUN, ...over } });
  }
  async function addOpening(over: Record<string, unknown> = {}, form: 'county_workshop' | 'village_plant' | 'home_workshop' = 'county_workshop', division = SHENGCUN) {
    const ws = await db().workshop.create({ data: { name: '新街制衣', form, divisionCode: division, contactPhone: '13900000009' } });
    return db().opening.create({
      data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 1, wageMin: 3000, wageMax: 4000, wageUnit: 'month', ...over },
    });
  }
  /** Alerts a worker already had this week (for the cap and rotation). */
  async function pastAlerts(workerId: number, n: number) {
    const other = await addOpening({ title: '旧岗位' });
    const c = await db().campaign.create({ data: { kind: 'opening_broadcast', openingId: other.id, status: 'completed' } });
    for (let i = 0; i < n; i++) {
      const c2 = i === 0 ? c : await db().campaign.create({ data: { kind: 'opening_broadcast', openingId: other.id, status: 'completed' } });
      await db().notification.create({
        data: { campaignId: c2.id, workerId, kind: 'alert', channel: 'sms', templateCode: 'T', templateParams: {}, content: 'x', segments: 1, status: 'sent' },
      });
    }
  }
  const alertsOf = async (openingId: number) =>
    db().notification.findMany({ where: { campaign: { openingId } }, include: { campaign: true }, orderBy: [{ score: 'desc' }, { id: 'asc' }] });
  const waveJob = (openingId: number, wave: number) => sys.ctx.queues.queue('match').getJob(sys.ctx.queues.jobId(`wave-${openingId}-${wave}`));

  it('the dry run counts exactly what a broadcast then sends, with every skip reason', async () => {
    const matching = [
      await addWorker(),
      await addWorker({ divisionCode: OTHER_VILLAGE }),
      await addWorker({ divisionCode: NANSHA_VILLAGE, placeRange: 'county' }),
      await addWorker({ skills: ['普工', '缝纫'], returnee: true }),
      await addWorker({ pausedUntil: new Date(Date.now() - 60_000) }), // pause over
    ];
    await addWorker({ status: 'opted_out' });
    await addWorker({ status: 'paused' });
    await addWorker({ pausedUntil: new Date(Date.now() + 86_400_000) });
    await addWorker({ phoneInvalid: true });
    await addWorker({ divisionCode: NANSHA_VILLAGE }); // too far for a township range
    await addWorker({ divisionCode: MENGZI_VILLAGE, placeRange: 'county' }); // another county: not counted at all
    await addWorker({ workForms: ['home_workshop'] });
    await addWorker({ wageFloor: 200, wageFloorUnit: 'day' }); // 4000 a month ≈ 154 a day
    await addWorker({ skills: ['编织'] }); // no fitting skill: not counted
    const capped = await addWorker();
    await pastAlerts(capped.id, 3);
    const applied = await addWorker();
    const o = await addOpening({ headcount: 1 });
    await db().application.create({ data: { openingId: o.id, workerId: applied.id, channel: 'sms' } });

    const dry = await sys.app.inject({ method: 'POST', url: `/api/v1/openings/${o.id}/broadcast`, payload: { dryRun: true }, headers: auth });
    expect(dry.statusCode).toBe(200);
    const body = dry.json();
    expect(body).toMatchObject({
      dryRun: true,
      matched: matching.length,
      firstWave: 2, // headcount 1 × factor 2
      byTownship: [
        { code: XINJIE, name: '新街镇', count: 4 },
        { code: '532528101', name: '南沙镇', count: 1 },
      ],
      bySkill: [{ skill: '缝纫', count: 5 }],
      skipped: {
        opted_out: 1, paused: 2, no_phone: 0, phone_invalid: 1, skill: 0, no_place: 0, too_far: 1,
        work_form: 1, wage: 1, applied: 1, already_alerted: 0, capped: 1,
      },
    });
    // The same numbers from the service the pre-flight endpoint calls.
    const { dryRun: _dryRun, ...breakdown } = body;
    expect(await m().preflight(o.id)).toEqual(breakdown);

    // A broadcast to all sends exactly those workers; the capped one is recorded as skipped.
    const bc = await sys.app.inject({ method: 'POST', url: `/api/v1/openings/${o.id}/broadcast`, payload: { sendToAll: true }, headers: auth });
    expect(bc.statusCode).toBe(202);
    await m().runCampaign(bc.json().campaignId);
    const sent = await alertsOf(o.id);
    expect(sent.map((n) => n.workerId).sort()).toEqual(matching.map((w) => w.id).sort());
    expect(await db().matchSkip.findMany({ select: { workerId: true, reason: true } })).toEqual([{ workerId: capped.id, reason: 'capped' }]);
    expect(await waveJob(o.id, 2)).toBeUndefined(); // sent to all: no further waves

    // After the broadcast, the dry run counts them as already alerted, and nothing is left.
    const after = await m().preflight(o.id);
    expect(after).toMatchObject({ matched: 0, skipped: { already_alerted: 5, capped: 1 } });
  });

  it('sends waves of the best headcount × factor, and filling the opening stops the rest at once', async () => {
    const sameVillage = [await addWorker(), await addWorker()];
    const sameTownship = [await addWorker({ divisionCode: OTHER_VILLAGE }), await addWorker({ divisionCode: OTHER_VILLAGE })];
    const busy = await addWorker(); // same village, but alerted twice this week: rotation puts it after the township
    await pastAlerts(busy.id, 2);
    const o = await addOpening({ headcount: 1 });

    const c1 = await m().startBroadcast(o.id, { sendToAll: false });
    expect(c1).toMatchObject({ wave: 1, waveSize: 2 });
    const r1 = await m().runCampaign(c1.id);
    expect(r1.matched).toBe(2);
    let alerts = await alertsOf(o.id);
    expect(alerts.map((n) => n.workerId).sort()).toEqual(sameVillage.map((w) => w.id).sort());
    expect(alerts[0]!.matchReasons).toBe('缝纫·同村·近7天0条');
    expect(alerts[0]!.openingIds).toEqual([o.id]);

    // The next wave waits in the match queue for MATCH_WAVE_WAIT_HOURS.
    const job2 = await waveJob(o.id, 2);
    expect(job2?.data).toEqual({ openingId: o.id, wave: 2, after: { campaignId: c1.id, createdAt: expect.any(Number) } });
    expect(job2?.opts.delay).toBe(24 * 3_600_000);
    expect(await job2!.isDelayed()).toBe(true);
    await job2!.remove(); // what the match worker does when the delay ends: take it and run it

    // The wait is over and nobody was hired: the next best two, never the first wave again.
    await m().runWave(o.id, 2);
    alerts = await alertsOf(o.id);
    const wave2 = alerts.filter((n) => n.campaign!.wave === 2).map((n) => n.workerId).sort();
    expect(wave2).toEqual(sameTownship.map((w) => w.id).sort());
    expect(await waveJob(o.id, 3)).toBeDefined();

    // Filled: every queued alert is cancelled with the reason, and the pending wave is gone.
    const fill = await sys.app.inject({ method: 'POST', url: `/api/v1/openings/${o.id}/fill`, headers: auth });
    expect(fill.statusCode).toBe(200);
    expect(fill.json()).toEqual({ status: 'filled', cancelledNotifications: 4, removedJobs: 1 });
    expect(await waveJob(o.id, 3)).toBeUndefined();
    alerts = await alertsOf(o.id);
    expect(alerts.every((n) => n.status === 'cancelled' && n.errorCode === 'OPENING_FILLED')).toBe(true);
    expect((await db().opening.findUniqueOrThrow({ where: { id: o.id } })).status).toBe('filled');
    expect((await db().campaign.findMany({ where: { openingId: o.id } })).every((c) => c.status !== 'sending' && c.status !== 'pending')).toBe(true);
    // Even a wave job that escaped removal does nothing now.
    expect(await m().runWave(o.id, 3)).toMatchObject({ stopped: true });
    expect(await db().notification.count({ where: { campaign: { openingId: o.id } } })).toBe(4);

    // Sending a closed opening is refused, and a second stop is harmless.
    const again = await sys.app.inject({ method: 'POST', url: `/api/v1/openings/${o.id}/close`, headers: auth });
    expect(again.json()).toMatchObject({ status: 'closed', cancelledNotifications: 0 });
    expect((await sys.app.inject({ method: 'POST', url: `/api/v1/openings/999999/fill`, headers: auth })).statusCode).toBe(404);
  });

  it('two presses of 发送 at once make one broadcast: nobody gets the alert twice', async () => {
    const workers = [await addWorker(), await addWorker(), await addWorker()];
    const o = await addOpening({ headcount: 5 });
    const send = () => sys.app.inject({ method: 'POST', url: `/api/v1/openings/${o.id}/broadcast`, headers: auth, payload: { sendToAll: true } });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(a.json().campaignId).toBe(b.json().campaignId);
    expect(await db().campaign.count({ where: { openingId: o.id } })).toBe(1);
    // Even run twice at once, the one campaign writes each worker's alert once.
    await Promise.all([m().runCampaign(a.json().campaignId), m().runCampaign(a.json().campaignId)]);
    expect((await alertsOf(o.id)).map((n) => n.workerId).sort()).toEqual(workers.map((w) => w.id).sort());
    // Once its alerts are written, a new press reaches nobody already alerted (and is refused as empty).
    expect((await send()).statusCode).toBe(409);
    // Its send jobs go, so later tests (whose campaign ids start again at 1) count only their own.
    const notify = sys.ctx.queues.queue('notify');
    for (const j of await notify.getJobs(['prioritized', 'waiting', 'delayed'])) if (j.id?.startsWith(`c${a.json().campaignId}-`)) await j.remove();
  });

  it('queues a large broadcast in jobs of 1,000, best first, and a re-run after a crash adds nothing', async () => {
    // 12,000 in the same village, 500 of them returnees (the opening prefers them: they rank first): 5,000 + 5,000 + 2,000.
    await db().$executeRaw`
      INSERT INTO workers (phone, skills, division_code, returnee, updated_at)
      SELECT '137' || lpad(i::text, 8, '0'), ARRAY['缝纫'], ${SHENGCUN}, i % 24 = 0, now() FROM generate_series(1, 12000) AS i`;
    const o = await addOpening({ headcount: 50, preferReturnees: true });
    const c = await m().startBroadcast(o.id, { sendToAll: true });
    expect(await m().runCampaign(c.id)).toMatchObject({ matched: 12_000, jobs: 12 });

    const notify = sys.ctx.queues.queue('notify');
    const jobs = (await notify.getJobs(['prioritized', 'waiting', 'delayed'])).filter((j) => j.id?.startsWith(`c${c.id}-`));
    expect(jobs).toHaveLength(12);
    const ids = jobs.flatMap((j) => (j.data as { notificationIds: string[] }).notificationIds);
    expect(jobs.every((j) => (j.data as { notificationIds: string[] }).notificationIds.length === 1000)).toBe(true);
    expect(new Set(ids).size).toBe(12_000);
    const rows = await db().notification.findMany({ where: { campaignId: c.id }, select: { id: true, score: true, workerId: true } });
    expect(rows.map((r) => String(r.id)).sort()).toEqual([...ids].sort());
    // Best first: the returnees are in the lowest ids, which the first job carries.
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    const firstJob = jobs.find((j) => j.id === sys.ctx.queues.jobId(`c${c.id}-${rows.map((r) => r.id).sort((a, b) => (a < b ? -1 : 1))[0]}`))!;
    const returnees = new Set((await db().worker.findMany({ where: { returnee: true }, select: { id: true } })).map((w) => w.id));
    const firstWorkers = (firstJob.data as { notificationIds: string[] }).notificationIds.map((id) => byId.get(id)!.workerId!);
    expect(firstWorkers.filter((w) => returnees.has(w))).toHaveLength(500);
    expect((await db().campaign.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('sending');

    // The match job runs again (its process died before BullMQ heard it finished): the same
    // alerts, the same job ids, so nothing new is written or queued.
    await db().campaign.update({ where: { id: c.id }, data: { status: 'matching' } });
    await m().runCampaign(c.id);
    expect(await db().notification.count({ where: { campaignId: c.id } })).toBe(12_000);
    expect((await notify.getJobs(['prioritized', 'waiting', 'delayed'])).filter((j) => j.id?.startsWith(`c${c.id}-`))).toHaveLength(12);
    expect((await db().campaign.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('sending');
  });

  it('runs day-labour waves minutes apart and stops them at the start time', async () => {
    for (let i = 0; i < 5; i++) await addWorker({ skills: ['采摘'] });
    const dayLabour = (minutesToStart: number) => {
      const startsAt = new Date(Date.now() + minutesToStart * 60_000);
      return { title: '摘咖啡', skills: ['采摘'], wageMin: 120, wageMax: 150, wageUnit: 'day', dayLabour: true, startsAt, expiresAt: startsAt };
    };
    const soon = await addOpening(dayLabour(60));
    const r1 = await m().runCampaign((await m().startBroadcast(soon.id, { sendToAll: false })).id);
    expect(r1.matched).toBe(2);
    expect((await waveJob(soon.id, 2))?.opts.delay).toBe(20 * 60_000); // DAY_LABOUR_WAVE_MINUTES

    // Starting in 15 minutes: a wave 20 minutes later would be too late, so none is queued.
    const sooner = await addOpening(dayLabour(15));
    expect(await m().runCampaign((await m().startBroadcast(sooner.id, { sendToAll: false })).id)).toMatchObject({ matched: 2, nextWaveAt: null });
    expect(await waveJob(sooner.id, 2)).toBeUndefined();

    // Once the work has started the opening has expired: a late wave sends nothing.
    await db().opening.update({ where: { id: soon.id }, data: { startsAt: new Date(Date.now() - 1000), expiresAt: new Date(Date.now() - 1000) } });
    expect(await m().runWave(soon.id, 2)).toMatchObject({ matched: 0, stopped: true });
  });

  it('shows each match with its score and reasons, paginated, and skips capped workers', async () => {
    await addWorker({ returnee: true });
    await addWorker({ divisionCode: OTHER_VILLAGE });
    await addWorker({ divisionCode: OTHER_VILLAGE, latitude: 23.2, longitude: 102.8, maxDistanceKm: 20 });
    const capped = await addWorker();
    await pastAlerts(capped.id, 3);
    const o = await addOpening({ headcount: 5, preferReturnees: true });
    await db().workshop.update({ where: { id: o.workshopId }, data: { latitude: 23.21, longitude: 102.81 } });
    const c = await m().startBroadcast(o.id, { sendToAll: false });
    await m().runCampaign(c.id);

    const page1 = await sys.app.inject({ method: 'GET', url: `/api/v1/openings/${o.id}/matches?pageSize=2`, headers: auth });
    expect(page1.statusCode).toBe(200);
    const p1 = page1.json();
    expect(p1).toMatchObject({ total: 3, page: 1, pageSize: 2, skipped: { capped: 1 } });
    expect(p1.items[0]).toMatchObject({ reasons: ['缝纫', '同村', '近7天0条', '返乡'], wave: 1, status: 'queued', phone: expect.stringMatching(/^138\*{4}\d{4}$/) });
    expect(p1.items[0].place).toContain('胜村');
    expect(p1.items[1].reasons).toEqual(['缝纫', '同乡镇', '距离2km', '近7天0条']);
    expect(p1.items[0].score).toBeGreaterThan(p1.items[1].score);
    const p2 = (await sys.app.inject({ method: 'GET', url: `/api/v1/openings/${o.id}/matches?page=2&pageSize=2`, headers: auth })).json();
    expect(p2.items).toHaveLength(1);
    expect(p2.items[0].reasons).toEqual(['缝纫', '同乡镇', '近7天0条']);
    expect((await sys.app.inject({ method: 'GET', url: `/api/v1/openings/${o.id}/matches` })).statusCode).toBe(401);
  });

  it('agrees with the pure rules over a mixed population (the SQL narrowing loses no one)', async () => {
    const forms = ['county_workshop', 'village_plant', 'home_workshop'] as const;
    const places = [SHENGCUN, OTHER_VILLAGE, NANSHA_VILLAGE, MENGZI_VILLAGE, XINJIE, '532528', null];
    const ranges = ['village', 'township', 'county'] as const;
    const skills = [['缝纫'], ['手工'], ['编织'], [], ['普工'], ['采摘', '种植']];
    for (let i = 0; i < 60; i++) {
      await addWorker({
        divisionCode: places[i % places.length],
        placeRange: ranges[i % 3],
        skills: skills[i % skills.length],
        workForms: i % 5 === 0 ? [forms[i % 3]] : [],
        ...(i % 4 === 0 ? { latitude: 23.2 + (i % 7) * 0.05, longitude: 102.8, maxDistanceKm: 5 + (i % 3) * 10 } : {}),
      });
    }
    const all = await db().worker.findMany();
    const cases: [Record<string, unknown>, (typeof forms)[number], string][] = [
      [{ skills: ['缝纫'] }, 'county_workshop', SHENGCUN],
      [{ skills: [] }, 'county_workshop', XINJIE],
      [{ skills: ['编织'] }, 'home_workshop', SHENGCUN],
      [{ skills: ['编织'], deliveryTownships: ['532528101', '532503001'] }, 'home_workshop', SHENGCUN],
      [{ skills: ['采摘'] }, 'village_plant', SHENGCUN],
      [{ skills: ['采摘'], reachTownship: true }, 'village_plant', SHENGCUN],
    ];
    for (const [over, form, division] of cases) {
      const o = await addOpening(over, form, division);
      await db().workshop.update({ where: { id: o.workshopId }, data: { latitude: 23.25, longitude: 102.8 } });
      const full = (await db().opening.findUniqueOrThrow({ where: { id: o.id }, include: { workshop: true } })) as unknown as OpeningForMatch;
      const rules = openingForRules(full);
      const expected = all
        .filter((w) => evaluate(w as unknown as MatchableWorker, rules, NO_HISTORY, { now: new Date(), weeklyCap: 3 }).ok)
        .map((w) => w.id)
        .sort((a, b) => a - b);
      const got = (await m().planMatch(o.id)).matches.map((x) => x.workerId).sort((a, b) => a - b);
      expect(got, JSON.stringify({ over, form })).toEqual(expected);
      expect((await m().preflight(o.id)).matched).toBe(expected.length);
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('takes the new opening fields through the API and explains bad ones', async () => {
    const post = (url: string, payload: object) => sys.app.inject({ method: 'POST', url, payload, headers: auth });
    const home = (await post('/api/v1/workshops', { name: '梯田编织社', form: 'home_workshop', division: '532528102', contactPhone: '13900000009' })).json();
    const plant = (await post('/api/v1/workshops', { name: '胜村小厂', form: 'village_plant', division: SHENGCUN, contactPhone: '13900000009' })).json();
    const base = { title: '编织工', skills: ['编织'], headcount: 3, wage: { min: 2, max: 5, unit: 'piece' }, terms: { payDay: '完工结' } };

    const ok = await post('/api/v1/openings', { ...base, workshopId: home.id, deliveryTownships: ['元阳县南沙镇', '532528102'] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ deliveryTownships: ['532528101', '532528102'], dayLabour: false, reachTownship: false });
    const notTownship = await post('/api/v1/openings', { ...base, workshopId: home.id, deliveryTownships: ['元阳县'] });
    expect(notTownship.statusCode).toBe(400);
    expect(notTownship.json().message).toContain('is not a township');
    const notHome = await post('/api/v1/openings', { ...base, workshopId: plant.id, deliveryTownships: ['532528101'] });
    expect(notHome.json().message).toMatch(/^deliveryTownships: only home piecework/);
    expect((await post('/api/v1/openings', { ...base, workshopId: home.id, reachTownship: true })).json().message).toMatch(/^reachTownship/);
    expect((await post('/api/v1/openings', { ...base, workshopId: plant.id, reachTownship: true })).statusCode).toBe(201);

    const noStart = await post('/api/v1/openings', { ...base, workshopId: plant.id, dayLabour: true });
    expect(noStart.statusCode).toBe(400);
    expect(noStart.json().message).toContain('startsAt');
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const day = await post('/api/v1/openings', { ...base, workshopId: plant.id, dayLabour: true, startsAt, wage: { min: 120, max: 150, unit: 'day' } });
    expect(day.statusCode).toBe(201);
    expect(day.json()).toMatchObject({ dayLabour: true, startsAt, expiresAt: startsAt }); // expires when the work starts
  });

  // Two runs of the loader script (npx tsx), each allowed its 60 s: on a loaded machine the
  // runner's default 30 s ran out while the second was still starting.
  it('measures km limits from loaded division centroids where a worker has no coordinates', { timeout: 150_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'guiyan-coords-'));
    const file = path.join(dir, 'coords.csv');
    // 新街镇胜村 and a 蒙自 village 0.1° of latitude (≈11 km) apart: across a county line.
    await writeFile(file, `code,lat,lng\n${SHENGCUN},23.20,102.80\n${MENGZI_VILLAGE},23.30,102.80\n`);
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, `code,lat,lng\n${SHENGCUN},93,102.8\n`);
    const load = (f: string) =>
      spawnSync('npx', ['tsx', 'scripts/load-coordinates.ts', f], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: sys.config.DATABASE_URL }, timeout: 60_000 });
    try {
      const refused = load(bad);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('bad.csv:2: latitude must be a number between');
      const loaded = load(file);
      expect(loaded.stdout).toContain('loaded 2 point(s) from coords.csv');

      const near = await addWorker({ divisionCode: MENGZI_VILLAGE, maxDistanceKm: 15 });
      await addWorker({ divisionCode: MENGZI_VILLAGE, maxDistanceKm: 8 }); // too far by km
      await addWorker({ divisionCode: MENGZI_VILLAGE }); // no km limit: the township range decides
      const o = await addOpening({}, 'county_workshop', SHENGCUN);
      // A fresh service: running ones pick new centroids up within their cache time.
      const fresh = createMatchService({ config: sys.config, db: db(), queues: sys.ctx.queues, outbox: sys.ctx.services.outbox, log: pino({ level: 'silent' }) });
      const plan = await fresh.planMatch(o.id);
      expect(plan.matches.map((x) => [x.workerId, x.reasons])).toEqual([[near.id, ['缝纫', '距离11km', '近7天0条']]]);
      expect((await fresh.preflight(o.id)).skipped.too_far).toBe(1); // the 8 km one; the third is in another county
    } finally {
      await db().divisionCoordinate.deleteMany({ where: { divisionCode: { in: [SHENGCUN, MENGZI_VILLAGE] } } });
    }
  });

  it('reverse match: one SMS listing up to 3 open openings that fit, once per day and set', async () => {
    const w = await addWorker({ skills: ['手工'] });
    const weave = await addOpening({ title: '编织工', skills: ['编织'] }, 'home_workshop', XINJIE);
    const beads = await addOpening({ title: '串珠工', skills: ['手工'], wageMin: 2, wageMax: 5, wageUnit: 'piece' }, 'home_workshop', XINJIE);
    await addOpening({ title: '缝纫工', skills: ['缝纫'] }); // not their skill
    await addOpening({ title: '手工', skills: ['手工'], status: 'closed' }, 'home_workshop', XINJIE);
    await addOpening({ title: '手工', skills: ['手工'] }, 'home_workshop', '532503001'); // another county
    const alertedFor = await addOpening({ title: '串珠', skills: ['手工'] }, 'home_workshop', XINJIE);
    const c = await db().campaign.create({ data: { kind: 'opening_broadcast', openingId: alertedFor.id } });
    await db().notification.create({
      data: { campaignId: c.id, workerId: w.id, kind: 'alert', channel: 'sms', templateCode: 'T', templateParams: {}, content: 'x', segments: 1, openingIds: [alertedFor.id] },
    });

    const found = await m().findOpeningsForWorker(w.id);
    expect(found.map((f) => f.id)).toEqual([beads.id, weave.id]); // exact skill above the broader one
    const r = await m().reverseMatch(w.id);
    expect(r.queued).toBe(true);
    const n = await db().notification.findUniqueOrThrow({ where: { id: BigInt(r.notificationId!) } });
    expect(n).toMatchObject({ kind: 'alert', status: 'queued', openingIds: [beads.id, weave.id], templateCode: 'SMS_GUIYAN_OPENING_DIGEST' });
    expect(n.content).toBe(`适合您的岗位：${beads.code}串珠工计件2-5元/件；${weave.code}编织工月薪3000-4000元。回BM加编号报名，拒收请回复R`);
    expect([...`【归雁就业】${n.content}`].length).toBeLessThanOrEqual(70);
    const job = await sys.ctx.queues.queue('notify').getJob(sys.ctx.queues.jobId(`n-${r.notificationId}`));
    expect(job?.data).toEqual({ notificationIds: [r.notificationId] });

    // The same day and the same openings: no second message. Openings it listed count as alerted.
    expect(await m().reverseMatch(w.id)).toMatchObject({ queued: false });
    expect(await db().notification.count({ where: { workerId: w.id, campaignId: null } })).toBe(1);
    expect(await m().findOpeningsForWorker(w.id)).toEqual([]);
    // A worker nothing fits gets no message.
    const none = await addWorker({ skills: ['焊工'] });
    expect(await m().reverseMatch(none.id)).toMatchObject({ queued: false, openings: [] });
  });
});
