import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiAs, createEmployer, createKey } from '../helpers/api.js';
import { ADMIN_KEY, resetData, startSystem, type TestSystem } from '../helpers/app.js';

const XINJIE = '532528102';

describe('employer: openings, pre-flight, applicants', () => {
  let sys: TestSystem;
  let api: ReturnType<typeof apiAs>;
  let workshopId: number;

  beforeAll(async () => {
    sys = await startSystem({ workers: false, env: { SMS_PRICE_PER_SEGMENT: '0.05', SMS_SEND_RATE_PER_SECOND: '2' } });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    const employerId = await createEmployer(sys, '新街制衣');
    api = apiAs(sys, (await createKey(sys, { name: '新街制衣', role: 'employer', employerId })).key);
    const ws = await api('POST', '/api/v1/workshops', { name: '新街制衣', form: 'county_workshop', division: XINJIE, contactPhone: '13900000009' });
    expect(ws.json.employerId).toBe(employerId); // an employer key's workshops are its own
    workshopId = ws.json.id;
  });

  const openingBody = { title: '缝纫工', skills: ['车工'], headcount: 2, wage: { min: 3000, max: 4500, unit: 'month' }, terms: { payDay: '每月15日' } };

  it('drafts, edits and publishes an opening', async () => {
    const draft = await api('POST', '/api/v1/openings', { ...openingBody, workshopId, draft: true });
    expect(draft.json).toMatchObject({ status: 'draft', skills: ['缝纫'] });
    const blocked = await api('POST', `/api/v1/openings/${draft.json.id}/broadcast`, {});
    expect(blocked.status).toBe(409);
    expect(blocked.json.message).toContain('is draft');
    const edited = await api('PATCH', `/api/v1/openings/${draft.json.id}`, { title: '平车工', headcount: 3, skills: ['平车', '裁床'] });
    expect(edited.json).toMatchObject({ title: '平车工', headcount: 3, skills: ['缝纫', '裁剪'], status: 'draft' });
    const badWage = await api('PATCH', `/api/v1/openings/${draft.json.id}`, { wage: { min: 5, max: 1, unit: 'day' } });
    expect(badWage.json.message).toContain('body.wage.max');
    const open = await api('POST', `/api/v1/openings/${draft.json.id}/open`);
    expect(open.json.status).toBe('open');
    const list = await api('GET', '/api/v1/openings?status=open');
    expect(list.json.map((o: any) => o.id)).toEqual([draft.json.id]);
  });

  it('pre-flights a broadcast: recipients, skips by reason, segments, cost, finish time', async () => {
    const op = (await api('POST', '/api/v1/openings', { ...openingBody, workshopId })).json;
    const db = sys.ctx.db;
    const mk = (phone: string | null, extra: object = {}) => db.worker.create({ data: { phone, divisionCode: XINJIE, skills: ['缝纫'], ...extra } });
    await mk('13800000201');
    await mk('13800000202');
    await mk('13800000203', { status: 'opted_out' });
    await mk('13800000204', { status: 'paused' });
    await mk('13800000205', { phoneInvalid: true });
    await mk(null);
    const applied = await mk('13800000206');
    await db.application.create({ data: { openingId: op.id, workerId: applied.id, channel: 'sms' } });
    await mk('13800000207', { skills: ['包装'] }); // not in the opening's skills: not counted at all

    const r = await api('GET', `/api/v1/openings/${op.id}/preflight`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      canBroadcast: true,
      wouldAlert: 2,
      skipped: { opted_out: 1, paused: 1, no_phone: 1, phone_invalid: 1, already_alerted: 0, applied: 1 },
      matched: 2,
      byTownship: [{ code: XINJIE, count: 2 }],
      segmentsPerMessage: 1,
      totalSegments: 2,
      pricePerSegment: 0.05,
      estimatedCost: 0.1,
      deferredByQuietHours: 0, // quiet hours are off in tests
      ratePerSecond: 2,
    });
    expect(r.json.message).toMatch(/^新街制衣在元阳新街镇招缝纫工，月薪3000-4500元，每月15日。回BM\d+报名，拒收请回复R$/);
    // Two messages at 2 a second: about a second from now.
    const finish = new Date(r.json.estimatedFinishAt).getTime();
    expect(finish).toBeGreaterThan(Date.now() - 5_000);
    expect(finish).toBeLessThan(Date.now() + 60_000);
    // The pre-flight agrees with what the send's own dry run counts.
    expect((await api('POST', `/api/v1/openings/${op.id}/broadcast`, { dryRun: true })).json.matched).toBe(2);
  });

  it('lists applicants, marks them, and fills the opening when hires reach the headcount', async () => {
    const op = (await api('POST', '/api/v1/openings', { ...openingBody, workshopId })).json;
    const db = sys.ctx.db;
    const apps = [];
    for (const [i, channel] of (['sms', 'wechat', 'sms'] as const).entries()) {
      const w = await db.worker.create({ data: { phone: `1380000030${i}`, name: `工人${i}`, divisionCode: XINJIE, skills: ['缝纫'] } });
      apps.push(await db.application.create({ data: { openingId: op.id, workerId: w.id, channel } }));
    }
    const list = await api('GET', `/api/v1/openings/${op.id}/applications`);
    expect(list.json).toHaveLength(3);
    expect(list.json[1]).toMatchObject({ status: 'applied', channel: 'wechat', worker: { name: '工人1', phone: '13800000301', divisionName: expect.stringContaining('新街镇') } });

    const mark = (id: number, status: string, note?: string) => api('PATCH', `/api/v1/openings/${op.id}/applications/${id}`, { status, note });
    expect((await mark(apps[0]!.id, 'contacted', '周一来面试')).json).toMatchObject({ application: { status: 'contacted', note: '周一来面试' }, hired: 0, filled: false });
    expect((await mark(apps[0]!.id, 'hired')).json).toMatchObject({ application: { note: '周一来面试' }, hired: 1, headcount: 2, filled: false });
    expect((await mark(apps[1]!.id, 'declined')).json.filled).toBe(false);
    expect((await mark(apps[2]!.id, 'hired')).json).toMatchObject({ hired: 2, filled: true });
    expect((await api('GET', `/api/v1/openings/${op.id}`)).json.status).toBe('filled');
    expect((await api('GET', `/api/v1/openings/${op.id}/applications?status=hired`)).json).toHaveLength(2);
    const editFilled = await api('PATCH', `/api/v1/openings/${op.id}`, { headcount: 5 });
    expect(editFilled.status).toBe(409);
    expect(editFilled.json.message).toContain('reopen it');
    // A third hire past the headcount of 2 is refused (as the console's bulk action does), nothing changes.
    const third = await mark(apps[1]!.id, 'hired');
    expect(third.status).toBe(409);
    expect(third.json.code).toBe('application.over_headcount');
    expect((await api('GET', `/api/v1/openings/${op.id}/applications?status=hired`)).json).toHaveLength(2);
    const missing = await mark(999999, 'hired');
    expect(missing.status).toBe(404);

    const audit = await apiAs(sys, ADMIN_KEY)('GET', `/api/v1/admin/audit-log?entity=opening&entityId=${op.id}`);
    expect(audit.json.map((e: any) => e.action)).toContain('opening.filled');
  });

  it('never ends with more hired than the headcount when a hire races a lowered headcount; a headcount equal to the hires fills', async () => {
    const db = sys.ctx.db;
    for (let round = 0; round < 8; round++) {
      const op = (await api('POST', '/api/v1/openings', { ...openingBody, workshopId })).json;
      await api('POST', `/api/v1/openings/${op.id}/open`, {});
      const apps = [];
      for (let i = 0; i < 2; i++) {
        const w = await db.worker.create({ data: { phone: `1380000${String(round * 10 + i).padStart(4, '0')}`, divisionCode: XINJIE, skills: ['缝纫'] } });
        apps.push(await db.application.create({ data: { openingId: op.id, workerId: w.id, channel: 'sms' } }));
      }
      expect((await api('PATCH', `/api/v1/openings/${op.id}/applications/${apps[0]!.id}`, { status: 'hired' })).status).toBe(200);
      const [hire, lower] = await Promise.all([
        api('PATCH', `/api/v1/openings/${op.id}/applications/${apps[1]!.id}`, { status: 'hired' }),
        api('PATCH', `/api/v1/openings/${op.id}`, { headcount: 1 }),
      ]);
      const after = await db.opening.findUniqueOrThrow({ where: { id: op.id } });
      const hired = await db.application.count({ where: { openingId: op.id, status: 'hired' } });
      expect(hired, `round ${round}: hire ${hire.status}, lower ${lower.status}`).toBeLessThanOrEqual(after.headcount);
      expect([hire.status, lower.status].sort()).toEqual([200, 409]);
      expect(after.status).toBe('filled');
    }
    // Below the hires already made: refused in words a person can read.
    const op = (await api('POST', '/api/v1/openings', { ...openingBody, workshopId, headcount: 3 })).json;
    await api('POST', `/api/v1/openings/${op.id}/open`, {});
    for (let i = 0; i < 2; i++) {
      const w = await db.worker.create({ data: { phone: `1380000${String(900 + i).padStart(4, '0')}`, divisionCode: XINJIE, skills: ['缝纫'] } });
      const a = await db.application.create({ data: { openingId: op.id, workerId: w.id, channel: 'sms' } });
      await api('PATCH', `/api/v1/openings/${op.id}/applications/${a.id}`, { status: 'hired' });
    }
    const below = await api('PATCH', `/api/v1/openings/${op.id}`, { headcount: 1 });
    expect(below.status).toBe(409);
    expect(below.json.code).toBe('opening.headcount_below_hired');
  });

  it('expires openings past their date in the sweep', async () => {
    const op = (await api('POST', '/api/v1/openings', { ...openingBody, workshopId, expiresAt: new Date(Date.now() + 60_000).toISOString() })).json;
    await sys.ctx.db.opening.update({ where: { id: op.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sys.ctx.services.employer.expireOpenings()).toEqual([op.id]);
    expect(await sys.ctx.services.employer.expireOpenings()).toEqual([]);
    expect((await api('GET', `/api/v1/openings/${op.id}`)).json.status).toBe('expired');
    const reopen = await api('POST', `/api/v1/openings/${op.id}/open`);
    expect(reopen.status).toBe(409);
    expect(reopen.json.message).toContain('set a later expiresAt');
  });

  it('runs a repeated POST once and answers the repeat with the first result', async () => {
    const headers = { 'idempotency-key': 'create-opening-0001' };
    const body = { ...openingBody, workshopId };
    const [a, b] = await Promise.all([api('POST', '/api/v1/openings', body, headers), api('POST', '/api/v1/openings', body, headers)]);
    // Concurrent repeats: one runs; the other either replays it or is told to retry shortly.
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    const again = await api('POST', '/api/v1/openings', body, headers);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual((a.status === 201 ? a : b).json);
    expect(await sys.ctx.db.opening.count()).toBe(1);

    const reused = await api('POST', '/api/v1/openings', { ...body, title: '别的' }, headers);
    expect(reused.status).toBe(409);
    expect(reused.json.message).toContain('already used for a different request');
    // Keys are per caller: another key's same Idempotency-Key is a different request.
    const other = await apiAs(sys, ADMIN_KEY)('POST', '/api/v1/openings', body, headers);
    expect(other.status).toBe(201);
    expect(await sys.ctx.db.opening.count()).toBe(2);

    // Someone to alert: an empty broadcast is refused (opening.nobody_to_alert).
    await sys.ctx.db.worker.create({ data: { phone: '13800000401', divisionCode: XINJIE, skills: ['缝纫'] } });
    const broadcast = { 'idempotency-key': 'broadcast-0001' };
    const first = await api('POST', `/api/v1/openings/${a.json.id ?? b.json.id}/broadcast`, {}, broadcast);
    const second = await api('POST', `/api/v1/openings/${a.json.id ?? b.json.id}/broadcast`, {}, broadcast);
    expect(second.json).toEqual(first.json);
    expect(await sys.ctx.db.campaign.count()).toBe(1);
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = (await sys.app.inject('/docs/json')).json();
    expect(doc.paths['/api/v1/openings/{id}/preflight'].get.responses['200']).toBeTruthy();
    expect(doc.paths['/api/v1/caseworker/reminders'].post.requestBody.content['application/json'].schema.properties.schedule).toBeTruthy();
    expect(doc.paths['/api/v1/caseworker/reminders'].post.description).toBe('Roles: admin, caseworker. Honours Idempotency-Key.');
    expect(doc.paths['/api/v1/admin/api-keys'].get.description).toBe('Roles: admin.');
    const page = await sys.app.inject('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });
});

describe('call list', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());

  it('lists failed and unanswered alerts in scope, and drops a worker once a call is logged', async () => {
    await resetData(sys.ctx.db);
    const db = sys.ctx.db;
    const api = apiAs(sys, (await createKey(sys, { name: '元阳县站', role: 'caseworker', divisionPrefixes: ['532528'] })).key);
    const mk = (phone: string, divisionCode = XINJIE) => db.worker.create({ data: { phone, divisionCode, skills: ['缝纫'] } });
    const failed = await mk('13800000401');
    const silent = await mk('13800000402');
    const replied = await mk('13800000403');
    const mengzi = await mk('13800000404', '532503001');
    const ws = await db.workshop.create({ data: { name: '新街制衣', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009' } });
    const opening = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 2, wageMin: 3000, wageMax: 4000, wageUnit: 'month' } });
    const campaign = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: opening.id } });
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    const note = (workerId: number, status: 'failed' | 'delivered', errorCode?: string, createdAt = dayAgo) =>
      db.notification.create({
        data: { campaignId: campaign.id, workerId, kind: 'alert', channel: 'sms', templateCode: 'T', templateParams: {}, content: 'x', segments: 1, status, errorCode, createdAt },
      });
    await note(failed.id, 'failed', 'MOBILE_NOT_ON_SERVICE');
    await note(silent.id, 'delivered');
    await note(replied.id, 'delivered');
    await note(mengzi.id, 'failed', 'X');
    // Alerted an hour ago and not answered yet: too soon to phone.
    const recent = await mk('13800000405');
    await note(recent.id, 'delivered', undefined, new Date(Date.now() - 3_600_000));
    await db.inboundMessage.create({ data: { provider: 'aliyun', providerMessageId: 'm1', channel: 'sms', sender: replied.phone!, workerId: replied.id, content: 'GW', raw: {} } });

    const list = await api('GET', '/api/v1/caseworker/call-list');
    expect(list.json.map((r: any) => [r.workerId, r.reason, r.errorCode, r.job])).toEqual([
      [failed.id, 'alert_failed', 'MOBILE_NOT_ON_SERVICE', { title: '缝纫工', code: opening.code }],
      [silent.id, 'no_reply', null, { title: '缝纫工', code: opening.code }],
    ]);
    const call = await api('POST', `/api/v1/caseworker/workers/${silent.id}/calls`, { outcome: 'opted_out', note: '说不要再发了' });
    expect(call.status).toBe(201);
    const wrong = await api('POST', `/api/v1/caseworker/workers/${failed.id}/calls`, { outcome: 'wrong_number' });
    expect(wrong.status).toBe(201);
    expect((await api('GET', '/api/v1/caseworker/call-list')).json).toEqual([]);
    expect(await db.worker.findUniqueOrThrow({ where: { id: silent.id } })).toMatchObject({ status: 'opted_out' });
    expect(await db.worker.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ phoneInvalid: true });
    const consent = await db.consentEvent.findFirstOrThrow({ where: { workerId: silent.id } });
    expect(consent).toMatchObject({ kind: 'opt_out', source: 'caseworker', rawMessage: '说不要再发了' });
  });
});

describe('idempotency claims', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());

  it('lets a repeat take over a claim whose process died, but not a live one', async () => {
    const svc = sys.ctx.services.idempotency;
    await sys.ctx.db.idempotencyKey.deleteMany();
    const first = await svc.claim('key:1', 'k-00000001', 'POST', '/x', 'h');
    expect(first.state).toBe('claimed');
    expect(await svc.claim('key:1', 'k-00000001', 'POST', '/x', 'h')).toEqual({ state: 'in_progress' });
    await sys.ctx.db.idempotencyKey.updateMany({ data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    const again = await svc.claim('key:1', 'k-00000001', 'POST', '/x', 'h');
    expect(again.state).toBe('claimed');
    if (again.state !== 'claimed') return;
    await svc.complete(again.id, 201, '{"id":1}');
    expect(await svc.claim('key:1', 'k-00000001', 'POST', '/x', 'h')).toEqual({ state: 'replay', statusCode: 201, body: '{"id":1}' });
    expect(await svc.claim('key:2', 'k-00000001', 'POST', '/x', 'h')).toMatchObject({ state: 'claimed' });
    expect(await svc.claim('key:1', 'k-00000001', 'POST', '/y', 'other')).toEqual({ state: 'mismatch', method: 'POST', path: '/x' });
  });
});
