import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, Jar, signIn, signInStaff } from '../helpers/console.js';

// A hire's terms in the console (docs/after-hire.md): start time and place, first pay day, on the
// single and the bulk 录用, read as Beijing time; defaults when left empty; bad input in Chinese.
let sys: TestSystem;
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const PW = 'station-password-9';

beforeAll(async () => {
  sys = await startSystem({ workers: false });
});
beforeEach(async () => resetData(sys.ctx.db));
afterAll(async () => sys?.close());

async function post(jar: Jar, url: string, fields: [string, string][]) {
  const res = await sys.app.inject({
    method: 'POST',
    url,
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
  jar.take(res);
  return res;
}

async function setup() {
  await signInStaff(sys);
  const db = sys.ctx.db;
  await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'xinjie', password: PW, role: 'caseworker', divisionPrefixes: ['532528102'] });
  const ws = await db.workshop.create({ data: { name: '新街车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000007' } });
  const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: [], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month', startsAt: new Date('2026-12-21T00:00:00Z') } });
  const apps = [];
  for (let i = 0; i < 3; i++) {
    const w = await db.worker.create({ data: { phone: `1380000810${i}`, name: `工人${i}`, skills: [], divisionCode: '532528102211' } });
    apps.push(await db.application.create({ data: { openingId: o.id, workerId: w.id, channel: 'sms' } }));
  }
  return { o, apps, station: (await signIn(sys.app, 'xinjie', PW)).jar };
}

describe('console: a hire’s terms', () => {
  it('takes start time, place and first pay day on the bulk 录用, and defaults on the single one', async () => {
    const { o, apps, station } = await setup();
    const page = await getPage(sys.app, station, `/console/openings/${o.id}/applicants`);
    expect(page.res.body).toContain('name="startAt"');
    expect(page.res.body).toContain('name="firstPayDay"');
    const bulk = await post(station, `/console/openings/${o.id}/applications/bulk`, [
      ['_csrf', page.token ?? ''], ['ids', String(apps[0]!.id)], ['ids', String(apps[1]!.id)], ['status', 'hired'],
      ['startAt', '2026-12-20T07:30'], ['startPlace', '新街镇政府门口'], ['firstPayDay', '2027-01-15'],
    ]);
    expect(bulk.statusCode, bulk.body.slice(0, 300)).toBe(303);
    const hired = await sys.ctx.db.application.findMany({ where: { id: { in: [apps[0]!.id, apps[1]!.id] } } });
    for (const a of hired) {
      expect(a).toMatchObject({ status: 'hired', startAt: new Date('2026-12-20T07:30:00+08:00'), startPlace: '新街镇政府门口', firstPayAt: new Date('2027-01-15T00:00:00+08:00') });
      expect(a.hiredAt).not.toBeNull();
    }
    // The single 录用 with the terms left empty: the opening's start, the workshop and its township.
    const { token } = await getPage(sys.app, station, `/console/openings/${o.id}/applicants`);
    const one = await post(station, `/console/openings/${o.id}/applications/${apps[2]!.id}`, [['_csrf', token ?? ''], ['status', 'hired'], ['startAt', ''], ['startPlace', ''], ['firstPayDay', '']]);
    expect(one.statusCode).toBe(303);
    expect(await sys.ctx.db.application.findUniqueOrThrow({ where: { id: apps[2]!.id } })).toMatchObject({ startAt: o.startsAt, startPlace: '新街镇新街车间', firstPayAt: null });
  });

  it('answers a bad start time or pay day in Chinese and changes nothing', async () => {
    const { o, apps, station } = await setup();
    const { token } = await getPage(sys.app, station, `/console/openings/${o.id}/applicants`);
    const bad = await post(station, `/console/openings/${o.id}/applications/${apps[0]!.id}`, [['_csrf', token ?? ''], ['status', 'hired'], ['startAt', '明天早上']]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('上工时间请选日期和钟点');
    const { token: t2 } = await getPage(sys.app, station, `/console/openings/${o.id}/applicants`);
    const badDay = await post(station, `/console/openings/${o.id}/applications/bulk`, [['_csrf', t2 ?? ''], ['ids', String(apps[0]!.id)], ['status', 'hired'], ['firstPayDay', '2027-02-30']]);
    expect(badDay.statusCode).toBe(400);
    expect(badDay.body).toContain('请填写日期，如 2026-12-05');
    expect((await sys.ctx.db.application.findUniqueOrThrow({ where: { id: apps[0]!.id } })).status).toBe('applied');
  });
});
