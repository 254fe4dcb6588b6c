import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createEmployer, createKey } from '../helpers/api.js';
import { ADMIN_KEY, resetData, startSystem, type TestSystem } from '../helpers/app.js';

/**
 * Every /api/v1 endpoint × every role × a resource in and out of the caller's scope.
 * Two sides: 元阳县 (caseworker Y, employer A) and 蒙自市 (caseworker M, employer B).
 * Each case targets the 蒙自/B side, so Y and A are the out-of-scope callers, M and B the in-scope ones.
 */
type Who = 'none' | 'admin' | 'cwY' | 'cwM' | 'empA' | 'empB';
const WHO: Who[] = ['none', 'admin', 'cwY', 'cwM', 'empA', 'empB'];

interface Ids {
  wsB: number;
  opB: number;
  /** An opening the fill/close cases may stop without disturbing the others. */
  opStop: number;
  campaignB: number;
  appB: number;
  wM: number;
  segM: number;
  remM: number;
  employerB: number;
}

interface Case {
  /** The OpenAPI path, so the test can prove every documented endpoint is covered. */
  route: string;
  url: (ids: Ids) => string;
  body?: (who: Who, ids: Ids) => unknown;
  contentType?: string;
  expect: Partial<Record<Who, number>>;
  check?: (who: Who, json: any, ids: Ids) => void;
}

const MENGZI_TOWNSHIP = '532503001'; // 文澜街道
const XINJIE = '532528102'; // 元阳县新街镇
const phoneFor = (who: Who, base: number) => `1390000${String(base + WHO.indexOf(who)).padStart(4, '0')}`;
// A month ahead, Beijing time (the service refuses dates more than a year out).
const future = `${new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)} 09:00`;

const ADMIN_ONLY = { admin: 200, cwY: 403, cwM: 403, empA: 403, empB: 403 };
const B_SIDE = { admin: 200, cwY: 404, cwM: 200, empA: 404, empB: 200 };
const M_SIDE = { admin: 200, cwY: 404, cwM: 200, empA: 403, empB: 403 };
const CASEWORK_ANY = { admin: 200, cwY: 200, cwM: 200, empA: 403, empB: 403 };

const cases: Case[] = [
  // admin
  { route: 'GET /api/v1/admin/api-keys', url: () => '/api/v1/admin/api-keys', expect: ADMIN_ONLY, check: (_w, j) => expect(j.every((k: any) => !('key' in k) && !('keyHash' in k))).toBe(true) },
  {
    route: 'POST /api/v1/admin/api-keys',
    url: () => '/api/v1/admin/api-keys',
    body: (who) => ({ name: `made by ${who}`, role: 'caseworker', divisionPrefixes: ['532528'] }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  { route: 'DELETE /api/v1/admin/api-keys/{id}', url: () => '/api/v1/admin/api-keys/999999', expect: { ...ADMIN_ONLY, admin: 404 } },
  { route: 'GET /api/v1/admin/employers', url: () => '/api/v1/admin/employers', expect: ADMIN_ONLY },
  { route: 'POST /api/v1/admin/employers', url: () => '/api/v1/admin/employers', body: (who) => ({ name: `employer of ${who}` }), expect: { ...ADMIN_ONLY, admin: 201 } },
  { route: 'GET /api/v1/admin/audit-log', url: () => '/api/v1/admin/audit-log', expect: ADMIN_ONLY },
  {
    route: 'PUT /api/v1/admin/ladder-settings/{division}',
    url: () => '/api/v1/admin/ladder-settings/532528102',
    body: () => ({ enabled: false }),
    expect: ADMIN_ONLY,
  },

  // employer
  {
    route: 'GET /api/v1/workshops',
    url: () => '/api/v1/workshops',
    expect: { admin: 200, cwY: 200, cwM: 200, empA: 200, empB: 200 },
    check: (who, j, ids) => {
      const seen = j.map((w: any) => w.id);
      if (who === 'admin') expect(seen).toContain(ids.wsB);
      else if (who === 'cwM' || who === 'empB') expect(seen).toEqual([ids.wsB]);
      else expect(seen).not.toContain(ids.wsB);
    },
  },
  {
    route: 'POST /api/v1/workshops',
    url: () => '/api/v1/workshops',
    body: (_w, ids) => ({ name: '文澜包装', form: 'county_workshop', division: MENGZI_TOWNSHIP, contactPhone: '13900000009', employerId: ids.employerB }),
    // An employer key makes workshops for its own employer only; a 元阳 station cannot place one in 蒙自.
    expect: { admin: 201, cwY: 403, cwM: 201, empA: 403, empB: 201 },
  },
  { route: 'PATCH /api/v1/workshops/{id}', url: (i) => `/api/v1/workshops/${i.wsB}`, body: () => ({ contactPhone: '13900000010' }), expect: B_SIDE },
  // A station's check and the review option (docs/honest-posts.md): stations of the workshop's place and admins.
  { route: 'POST /api/v1/workshops/{id}/verification', url: (i) => `/api/v1/workshops/${i.wsB}/verification`, body: () => ({ licence: true, contactName: '李四' }), expect: M_SIDE },
  { route: 'DELETE /api/v1/workshops/{id}/verification', url: (i) => `/api/v1/workshops/${i.wsB}/verification`, expect: M_SIDE },
  { route: 'PUT /api/v1/workshops/{id}/review', url: (i) => `/api/v1/workshops/${i.wsB}/review`, body: () => ({ mode: 'off' }), expect: M_SIDE },
  { route: 'GET /api/v1/wage-benchmark', url: () => `/api/v1/wage-benchmark?skill=${encodeURIComponent('缝纫')}&division=532528`, expect: { admin: 200, cwY: 200, cwM: 200, empA: 200, empB: 200 } },
  {
    route: 'GET /api/v1/openings',
    url: () => '/api/v1/openings',
    expect: { admin: 200, cwY: 200, cwM: 200, empA: 200, empB: 200 },
    check: (who, j, ids) => {
      const seen = j.map((o: any) => o.id);
      if (who === 'admin' || who === 'cwM' || who === 'empB') expect(seen).toContain(ids.opB);
      else expect(seen).not.toContain(ids.opB);
    },
  },
  {
    route: 'POST /api/v1/openings',
    url: () => '/api/v1/openings',
    body: (_w, ids) => ({ workshopId: ids.wsB, title: '包装工', skills: ['包装'], headcount: 2, wage: { min: 100, max: 120, unit: 'day' }, terms: { payDay: '日结' }, draft: true }),
    expect: { admin: 201, cwY: 400, cwM: 201, empA: 400, empB: 201 },
    check: (who, j) => {
      if (who === 'empA') expect(j.message).toMatch(/^workshopId: no workshop \d+ among yours$/);
    },
  },
  { route: 'GET /api/v1/openings/{id}', url: (i) => `/api/v1/openings/${i.opB}`, expect: B_SIDE },
  { route: 'PATCH /api/v1/openings/{id}', url: (i) => `/api/v1/openings/${i.opB}`, body: () => ({ headcount: 3 }), expect: B_SIDE },
  { route: 'POST /api/v1/openings/{id}/open', url: (i) => `/api/v1/openings/${i.opB}/open`, expect: B_SIDE },
  { route: 'GET /api/v1/openings/{id}/preflight', url: (i) => `/api/v1/openings/${i.opB}/preflight`, expect: B_SIDE },
  { route: 'POST /api/v1/openings/{id}/broadcast', url: (i) => `/api/v1/openings/${i.opB}/broadcast`, body: () => ({ dryRun: true }), expect: B_SIDE },
  { route: 'GET /api/v1/openings/{id}/matches', url: (i) => `/api/v1/openings/${i.opB}/matches`, expect: B_SIDE },
  { route: 'GET /api/v1/openings/{id}/campaigns', url: (i) => `/api/v1/openings/${i.opB}/campaigns`, expect: B_SIDE },
  {
    route: 'GET /api/v1/openings/{id}/applications',
    url: (i) => `/api/v1/openings/${i.opB}/applications`,
    expect: B_SIDE,
    check: (_who, j, ids) => {
      expect(j.map((a: any) => a.id)).toEqual([ids.appB]);
      expect(j[0].worker.phone).toBe('13800000002');
    },
  },
  {
    route: 'PATCH /api/v1/openings/{id}/applications/{applicationId}',
    url: (i) => `/api/v1/openings/${i.opB}/applications/${i.appB}`,
    body: () => ({ status: 'contacted' }),
    expect: B_SIDE,
  },

  // caseworker
  {
    route: 'GET /api/v1/caseworker/workers',
    url: () => '/api/v1/caseworker/workers',
    expect: CASEWORK_ANY,
    check: (who, j, ids) => {
      const seen = j.workers.map((w: any) => w.id);
      if (who === 'admin' || who === 'cwM') expect(seen).toContain(ids.wM);
      if (who === 'cwY') expect(seen).not.toContain(ids.wM);
      if (who === 'cwY') expect(j.workers.every((w: any) => w.divisionCode.startsWith('532528'))).toBe(true);
    },
  },
  {
    route: 'POST /api/v1/caseworker/workers',
    url: () => '/api/v1/caseworker/workers',
    body: (who) => ({ phone: phoneFor(who, 100), division: MENGZI_TOWNSHIP, skills: ['缝纫'], consent: true }),
    expect: { admin: 201, cwY: 403, cwM: 201, empA: 403, empB: 403 },
  },
  { route: 'GET /api/v1/caseworker/workers/{id}', url: (i) => `/api/v1/caseworker/workers/${i.wM}`, expect: M_SIDE },
  { route: 'PATCH /api/v1/caseworker/workers/{id}', url: (i) => `/api/v1/caseworker/workers/${i.wM}`, body: () => ({ name: '马文' }), expect: M_SIDE },
  {
    route: 'POST /api/v1/caseworker/workers/import',
    url: () => '/api/v1/caseworker/workers/import',
    body: (who) => `手机,住址,同意\n${phoneFor(who, 200)},文澜街道,是\n`,
    contentType: 'text/csv',
    expect: CASEWORK_ANY,
    check: (who, j) => {
      if (who === 'cwY') expect(j.rows[0]).toMatchObject({ outcome: 'error', problems: [expect.stringContaining('outside your divisions')] });
      if (who === 'cwM' || who === 'admin') expect(j.rows[0].outcome).toBe('created');
    },
  },
  { route: 'GET /api/v1/caseworker/call-list', url: () => '/api/v1/caseworker/call-list', expect: CASEWORK_ANY },
  { route: 'GET /api/v1/caseworker/outcomes/weekly', url: () => '/api/v1/caseworker/outcomes/weekly', expect: CASEWORK_ANY },
  {
    route: 'POST /api/v1/caseworker/workers/{id}/calls',
    url: (i) => `/api/v1/caseworker/workers/${i.wM}/calls`,
    body: () => ({ outcome: 'no_answer' }),
    expect: { ...M_SIDE, admin: 201, cwM: 201 },
  },
  {
    route: 'GET /api/v1/caseworker/segments',
    url: () => '/api/v1/caseworker/segments',
    expect: CASEWORK_ANY,
    check: (who, j, ids) => {
      const seen = j.map((s: any) => s.id);
      if (who === 'cwY') expect(seen).not.toContain(ids.segM);
      else expect(seen).toContain(ids.segM);
    },
  },
  {
    route: 'POST /api/v1/caseworker/segments',
    url: () => '/api/v1/caseworker/segments',
    body: () => ({ name: '蒙自缝纫', filter: { divisions: ['532503'], skills: ['车工'] } }),
    expect: { admin: 201, cwY: 403, cwM: 201, empA: 403, empB: 403 },
    check: (who, j) => {
      if (who === 'cwM') expect(j.filter.skills).toEqual(['缝纫']);
    },
  },
  { route: 'GET /api/v1/caseworker/segments/{id}', url: (i) => `/api/v1/caseworker/segments/${i.segM}`, expect: M_SIDE },
  { route: 'PUT /api/v1/caseworker/segments/{id}', url: (i) => `/api/v1/caseworker/segments/${i.segM}`, body: () => ({ name: '蒙自全部', filter: {} }), expect: M_SIDE },
  { route: 'GET /api/v1/caseworker/segments/{id}/preview', url: (i) => `/api/v1/caseworker/segments/${i.segM}/preview`, expect: M_SIDE },
  {
    route: 'POST /api/v1/caseworker/reminders/preview',
    url: () => '/api/v1/caseworker/reminders/preview',
    body: (_w, i) => ({ sender: '文澜街道就业站', text: '周六招聘会', workerIds: [i.wM], schedule: { type: 'once', at: future } }),
    // A 元阳 caseworker cannot message a 蒙自 worker, not even in a preview.
    expect: { admin: 200, cwY: 403, cwM: 200, empA: 403, empB: 403 },
    check: (who, j) => {
      if (who === 'cwM') expect(j.recipients).toBe(1);
      if (who === 'cwY') expect(j.message).toMatch(/^workerIds: \d+ not found in your divisions$/);
    },
  },
  {
    route: 'POST /api/v1/caseworker/reminders',
    url: () => '/api/v1/caseworker/reminders',
    body: (_w, i) => ({ sender: '文澜街道就业站', text: '周六招聘会', workerIds: [i.wM], schedule: { type: 'once', at: future } }),
    expect: { admin: 201, cwY: 403, cwM: 201, empA: 403, empB: 403 },
  },
  {
    route: 'GET /api/v1/caseworker/reminders',
    url: () => '/api/v1/caseworker/reminders',
    expect: CASEWORK_ANY,
    check: (who, j, ids) => {
      if (who === 'cwY') expect(j.map((r: any) => r.id)).not.toContain(ids.remM);
      if (who === 'cwM') expect(j.map((r: any) => r.id)).toContain(ids.remM);
    },
  },
  { route: 'GET /api/v1/caseworker/reminders/{id}', url: (i) => `/api/v1/caseworker/reminders/${i.remM}`, expect: M_SIDE },
  { route: 'PATCH /api/v1/caseworker/reminders/{id}', url: (i) => `/api/v1/caseworker/reminders/${i.remM}`, body: () => ({ text: '周日招聘会' }), expect: M_SIDE },
  { route: 'POST /api/v1/caseworker/reminders/{id}/pause', url: (i) => `/api/v1/caseworker/reminders/${i.remM}/pause`, expect: M_SIDE },
  { route: 'POST /api/v1/caseworker/reminders/{id}/resume', url: (i) => `/api/v1/caseworker/reminders/${i.remM}/resume`, expect: M_SIDE },
  { route: 'POST /api/v1/caseworker/reminders/{id}/cancel', url: (i) => `/api/v1/caseworker/reminders/${i.remM}/cancel`, expect: M_SIDE },
  { route: 'GET /api/v1/campaigns/{id}', url: (i) => `/api/v1/campaigns/${i.campaignB}`, expect: B_SIDE },
  { route: 'POST /api/v1/admin/queues/{name}/pause', url: () => '/api/v1/admin/queues/maintenance/pause', expect: ADMIN_ONLY },
  { route: 'POST /api/v1/admin/queues/{name}/resume', url: () => '/api/v1/admin/queues/maintenance/resume', expect: ADMIN_ONLY },
  // Stopping is idempotent, so every in-scope caller gets 200 on the same opening.
  { route: 'POST /api/v1/openings/{id}/fill', url: (i) => `/api/v1/openings/${i.opStop}/fill`, expect: B_SIDE },
  { route: 'POST /api/v1/openings/{id}/close', url: (i) => `/api/v1/openings/${i.opStop}/close`, expect: B_SIDE },
];

describe('authorization matrix', () => {
  let sys: TestSystem;
  let keys: Record<Who, string | null>;
  let ids: Ids;

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
    await resetData(sys.ctx.db);
    const employerA = await createEmployer(sys, '元阳制衣');
    const employerB = await createEmployer(sys, '蒙自食品');
    keys = {
      none: null,
      admin: ADMIN_KEY,
      cwY: (await createKey(sys, { name: '元阳县站', role: 'caseworker', divisionPrefixes: ['532528'] })).key,
      cwM: (await createKey(sys, { name: '蒙自市站', role: 'caseworker', divisionPrefixes: ['532503'] })).key,
      empA: (await createKey(sys, { name: '元阳制衣', role: 'employer', employerId: employerA })).key,
      empB: (await createKey(sys, { name: '蒙自食品', role: 'employer', employerId: employerB })).key,
    };
    const db = sys.ctx.db;
    await db.workshop.create({ data: { employerId: employerA, name: '新街制衣', form: 'county_workshop', divisionCode: XINJIE, contactPhone: '13900000001' } });
    const wsB = await db.workshop.create({ data: { employerId: employerB, name: '文澜食品', form: 'county_workshop', divisionCode: MENGZI_TOWNSHIP, contactPhone: '13900000002' } });
    const opB = await db.opening.create({ data: { workshopId: wsB.id, title: '分拣工', skills: ['分拣'], headcount: 10, wageMin: 100, wageMax: 120, wageUnit: 'day' } });
    const campaignB = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: opB.id, status: 'completed' } });
    const opStop = await db.opening.create({ data: { workshopId: wsB.id, title: '搬运工', skills: ['搬运'], headcount: 2, wageMin: 100, wageMax: 120, wageUnit: 'day' } });
    await db.worker.create({ data: { phone: '13800000001', divisionCode: XINJIE, skills: ['缝纫'] } });
    const wM = await db.worker.create({ data: { phone: '13800000002', divisionCode: MENGZI_TOWNSHIP, skills: ['分拣'] } });
    const appB = await db.application.create({ data: { openingId: opB.id, workerId: wM.id, channel: 'sms' } });
    const segM = await apiAs(sys, keys.cwM)('POST', '/api/v1/caseworker/segments', { name: '蒙自分拣', filter: { skills: ['分拣'] } });
    const remM = await apiAs(sys, keys.cwM)('POST', '/api/v1/caseworker/reminders', {
      sender: '文澜街道就业站',
      text: '明天招聘会',
      segmentId: segM.json.id,
      schedule: { type: 'market_day', day: '狗街', time: '09:00' },
    });
    expect(remM.status).toBe(201);
    ids = { wsB: wsB.id, opB: opB.id, opStop: opStop.id, campaignB: campaignB.id, appB: appB.id, wM: wM.id, segM: segM.json.id, remM: remM.json.id, employerB };
  });
  afterAll(async () => sys?.close());

  it('covers every documented /api/v1 endpoint', async () => {
    const doc = (await sys.app.inject('/docs/json')).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([p]) => p.startsWith('/api/v1/'))
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(cases.map((c) => c.route).sort());
  });

  for (const c of cases) {
    it(`${c.route}`, async () => {
      for (const who of WHO) {
        const method = c.route.split(' ')[0]!;
        const body = c.body?.(who, ids);
        const r = await apiAs(sys, keys[who])(method, c.url(ids), body, c.contentType ? { 'content-type': c.contentType } : {});
        const expected = who === 'none' ? 401 : c.expect[who];
        expect({ who, status: r.status, message: r.json?.message }).toMatchObject({ who, status: expected });
        if (r.status >= 400) {
          // One error shape, with a message a person can act on.
          expect(r.json).toMatchObject({ statusCode: r.status, error: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
          expect(r.json.message.length).toBeGreaterThan(10);
          expect(JSON.stringify(r.json)).not.toContain('13800000002'); // nothing of the 蒙自 worker leaks
        } else c.check?.(who, r.json, ids);
      }
    });
  }

  it('tells a caller which role a route needs', async () => {
    const r = await apiAs(sys, keys.empA)('GET', '/api/v1/caseworker/workers');
    expect(r.json.message).toBe('this key (role employer) cannot use GET /api/v1/caseworker/workers; it needs a key of role admin or caseworker');
    const none = await apiAs(sys, null)('GET', '/api/v1/workshops');
    expect(none.json.message).toBe('missing Authorization: Bearer <api key>');
  });

  it('a revoked key stops working at once', async () => {
    const k = await createKey(sys, { name: 'temp', role: 'caseworker', divisionPrefixes: ['532503'] });
    expect((await apiAs(sys, k.key)('GET', '/api/v1/caseworker/workers')).status).toBe(200);
    expect((await apiAs(sys, ADMIN_KEY)('DELETE', `/api/v1/admin/api-keys/${k.id}`)).json.revokedAt).toBeTruthy();
    const r = await apiAs(sys, k.key)('GET', '/api/v1/caseworker/workers');
    expect(r.status).toBe(401);
    expect(r.json.message).toMatch(/revoked/);
  });

  it('stores keys hashed and shows them once', async () => {
    const k = await createKey(sys, { name: 'once', role: 'employer', employerId: ids.employerB });
    expect(k.key).toMatch(/^gy_[\w-]{43}$/);
    const row = await sys.ctx.db.apiKey.findUniqueOrThrow({ where: { id: k.id } });
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(k.key);
    const listed = await apiAs(sys, ADMIN_KEY)('GET', '/api/v1/admin/api-keys');
    expect(JSON.stringify(listed.json)).not.toContain(k.key);
    const bad = await apiAs(sys, ADMIN_KEY)('POST', '/api/v1/admin/api-keys', { name: 'x', role: 'caseworker' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('body.divisionPrefixes: a caseworker key needs at least one county or township code');
  });

  it('records who changed what in the audit log', async () => {
    const log = await apiAs(sys, ADMIN_KEY)('GET', `/api/v1/admin/audit-log?entity=worker&entityId=${ids.wM}`);
    const update = log.json.find((e: any) => e.action === 'worker.update');
    expect(update).toMatchObject({ role: expect.stringMatching(/admin|caseworker/), before: expect.any(Object), after: { name: '马文' } });
    expect(log.json.some((e: any) => e.actor.startsWith('key:'))).toBe(true);
  });
});
