import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, Jar, signIn, signInStaff } from '../helpers/console.js';

// Issue #18: bulk actions on an opening's applicants (one confirmed POST, CSRF, scope, headcount,
// audited), and the applicants list laid out for a phone. One system for the file, empty tables per test.
let sys: TestSystem;
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const XINJIE = '532528102';
const XINJIE_VILLAGE = '532528102211';
const PW = 'station-password-9';

beforeAll(async () => {
  sys = await startSystem({ workers: false });
});
beforeEach(async () => resetData(sys.ctx.db));
afterAll(async () => sys?.close());

/** Posts a form whose fields may repeat (ticked checkboxes), as a browser does. */
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

/** 新街镇 station, 蒙自 station, employer A (owns the workshop) and B; an opening for 3 with 4 applicants. */
async function setup(headcount = 3) {
  await signInStaff(sys);
  const db = sys.ctx.db;
  const users = sys.ctx.services.consoleUsers;
  const empA = await db.employer.create({ data: { name: '新街制衣厂' } });
  const empB = await db.employer.create({ data: { name: '蒙自竹编' } });
  await users.create(ADMIN, { name: 'xinjie', password: PW, role: 'caseworker', divisionPrefixes: [XINJIE] });
  await users.create(ADMIN, { name: 'mengzi', password: PW, role: 'caseworker', divisionPrefixes: ['532503'] });
  await users.create(ADMIN, { name: 'boss-a', password: PW, role: 'employer', divisionPrefixes: [], employerId: empA.id });
  await users.create(ADMIN, { name: 'boss-b', password: PW, role: 'employer', divisionPrefixes: [], employerId: empB.id });
  const ws = await db.workshop.create({ data: { name: '新街车间', form: 'village_plant', divisionCode: XINJIE, contactPhone: '13900000007', employerId: empA.id } });
  const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: [], headcount, wageMin: 3500, wageMax: 5000, wageUnit: 'month', status: 'open' } });
  const other = await db.opening.create({ data: { workshopId: ws.id, title: '包装工', skills: [], headcount: 5, wageMin: 100, wageMax: 150, wageUnit: 'day', status: 'open' } });
  const apps = [];
  for (let i = 0; i < 4; i++) {
    const w = await db.worker.create({ data: { phone: `1380000900${i}`, name: `工人${i}`, skills: [], divisionCode: XINJIE_VILLAGE } });
    apps.push(await db.application.create({ data: { openingId: o.id, workerId: w.id, channel: 'sms' } }));
  }
  const w9 = await db.worker.create({ data: { phone: '13800009009', name: '别的招工', skills: [], divisionCode: XINJIE_VILLAGE } });
  const foreign = await db.application.create({ data: { openingId: other.id, workerId: w9.id, channel: 'sms' } });
  const jar = async (name: string) => (await signIn(sys.app, name, PW)).jar;
  return { o, apps, foreign, station: await jar('xinjie'), neighbour: await jar('mengzi'), bossA: await jar('boss-a'), bossB: await jar('boss-b') };
}

const statuses = async (openingId: number) => (await sys.ctx.db.application.findMany({ where: { openingId }, orderBy: { id: 'asc' } })).map((a) => a.status);
const bulkUrl = (id: number) => `/console/openings/${id}/applications/bulk`;

/** The page's CSRF token, then a bulk POST with it. */
async function bulk(jar: Jar, openingId: number, fields: [string, string][]) {
  const { token } = await getPage(sys.app, jar, `/console/openings/${openingId}/applicants`);
  return post(jar, bulkUrl(openingId), [['_csrf', token ?? ''], ...fields]);
}

describe('bulk actions on applicants', () => {
  it('shows a checkbox per row tied to one bulk form, 全选本页, and confirming buttons; rows stack on a phone', async () => {
    const { o, apps, station } = await setup();
    const body = (await getPage(sys.app, station, `/console/openings/${o.id}/applicants`)).res.body;
    expect(body).toContain(`<form method="post" action="/console/openings/${o.id}/applications/bulk" id="bulk-${o.id}"`);
    for (const a of apps) expect(body).toContain(`name="ids" value="${a.id}" form="bulk-${o.id}"`);
    expect(body).toContain('全选本页（4 人）');
    expect(body).toContain(`name="pageIds" value="${apps.map((a) => a.id).join(',')}"`);
    expect(body).toMatch(/value="hired" data-confirm="确定录用选中的人吗？/);
    expect(body).toContain('<table class="stack">');
    expect(body).toContain('<td data-label="手机"><a href="tel:13800009000">');
    // The opening page carries the same form and the call list stacks too.
    expect((await getPage(sys.app, station, `/console/openings/${o.id}`)).res.body).toContain(`id="bulk-${o.id}"`);
  });

  it('marks the ticked applicants in one POST, each change audited, and returns to the filtered list', async () => {
    const { o, apps, station } = await setup();
    const back = `/console/openings/${o.id}/applicants?status=applied`;
    const res = await bulk(station, o.id, [['ids', String(apps[0]!.id)], ['ids', String(apps[2]!.id)], ['status', 'contacted'], ['back', back]]);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(res.headers.location).toBe(back);
    expect(await statuses(o.id)).toEqual(['contacted', 'applied', 'contacted', 'applied']);
    const audit = await sys.ctx.db.auditLog.findMany({ where: { action: 'application.contacted' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.entityId)).toEqual([String(apps[0]!.id), String(apps[2]!.id)]);
    expect(audit.every((a) => a.actor.startsWith('user:'))).toBe(true);
    expect((await getPage(sys.app, station, back)).res.body).toContain('已把 2 人标为已联系（已录用 0/3）');
  });

  it('全选本页 sends the page’s ids: declining everyone on the page at once', async () => {
    const { o, apps, station } = await setup();
    const res = await bulk(station, o.id, [['all', 'page'], ['pageIds', apps.map((a) => a.id).join(',')], ['status', 'declined']]);
    expect(res.statusCode).toBe(303);
    expect(await statuses(o.id)).toEqual(['declined', 'declined', 'declined', 'declined']);
  });

  it('refuses hiring past the headcount whole, in Chinese, and fills the opening at exactly the headcount', async () => {
    const { o, apps, station } = await setup(3);
    const all = apps.map((a): [string, string] => ['ids', String(a.id)]);
    const over = await bulk(station, o.id, [...all, ['status', 'hired']]);
    expect(over.statusCode).toBe(409);
    expect(over.body).toContain('这个招工只招 3 人，已录用 0 人，不能再录用 4 人（最多还能录用 3 人）；没有改动任何人');
    expect(await statuses(o.id)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await sys.ctx.db.auditLog.count({ where: { action: 'application.hired' } })).toBe(0);

    const ok = await bulk(station, o.id, [...all.slice(0, 3), ['status', 'hired']]);
    expect(ok.statusCode).toBe(303);
    expect(await statuses(o.id)).toEqual(['hired', 'hired', 'hired', 'applied']);
    expect((await sys.ctx.db.opening.findUniqueOrThrow({ where: { id: o.id } })).status).toBe('filled');
    // Hiring one already hired again adds nobody; one more is refused.
    const more = await bulk(station, o.id, [['ids', String(apps[3]!.id)], ['status', 'hired']]);
    expect(more.statusCode).toBe(409);
    expect(more.body).toContain('已录用 3 人，不能再录用 1 人');
  });

  it('is scoped: a neighbour station and another employer get 404 and change nothing; the owning employer may', async () => {
    const { o, apps, foreign, neighbour, bossA, bossB, station } = await setup();
    const ids = apps.map((a): [string, string] => ['ids', String(a.id)]);
    for (const jar of [neighbour, bossB]) {
      // Their own token (from a page they may open) with the other station's opening.
      const { token } = await getPage(sys.app, jar, '/console/openings');
      const res = await post(jar, bulkUrl(o.id), [['_csrf', token!], ...ids, ['status', 'declined']]);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('找不到');
    }
    expect(await statuses(o.id)).toEqual(['applied', 'applied', 'applied', 'applied']);
    // An application of another opening slipped into the list: refused whole.
    const mixed = await bulk(station, o.id, [['ids', String(apps[0]!.id)], ['ids', String(foreign.id)], ['status', 'contacted']]);
    expect(mixed.statusCode).toBe(409);
    expect(mixed.body).toContain(`没有报名 ${foreign.id}`);
    expect(await statuses(o.id)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect((await sys.ctx.db.application.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe('applied');
    expect((await bulk(bossA, o.id, [...ids.slice(0, 1), ['status', 'contacted']])).statusCode).toBe(303);
    expect(await statuses(o.id)).toEqual(['contacted', 'applied', 'applied', 'applied']);
  });

  it('refuses a POST without the CSRF token, or with another session’s', async () => {
    const { o, apps, station, neighbour } = await setup();
    expect((await post(station, bulkUrl(o.id), [['ids', String(apps[0]!.id)], ['status', 'hired']])).statusCode).toBe(403);
    const { token } = await getPage(sys.app, neighbour, '/console/openings');
    expect((await post(station, bulkUrl(o.id), [['_csrf', token!], ['ids', String(apps[0]!.id)], ['status', 'hired']])).statusCode).toBe(403);
    expect(await statuses(o.id)).toEqual(['applied', 'applied', 'applied', 'applied']);
  });

  it('answers bad input with a clear Chinese message, never a 500', async () => {
    const { o, apps, station } = await setup();
    const cases: [[string, string][], number, string][] = [
      [[['status', 'hired']], 400, '请先勾选要处理的人'],
      [[['ids', 'abc'], ['status', 'hired']], 400, '勾选的报名不对，请刷新页面再试'],
      [[['ids', '99999999999'], ['status', 'hired']], 400, '勾选的报名不对'],
      [[['ids', String(apps[0]!.id)], ['status', 'applied']], 400, '请点“标为已联系”“录用”或“不合适”'],
      [[['ids', String(apps[0]!.id)]], 400, '请点“标为已联系”'],
      [[...Array.from({ length: 101 }, (_, i): [string, string] => ['ids', String(i + 1)]), ['status', 'declined']], 400, '一次最多处理 100 人'],
      [[['ids', '2147483000'], ['status', 'declined']], 409, '没有报名 2147483000'],
      [[['all', 'page'], ['pageIds', 'x,y'], ['status', 'declined']], 400, '勾选的报名不对'],
    ];
    for (const [fields, code, text] of cases) {
      const res = await bulk(station, o.id, fields);
      expect(res.statusCode, JSON.stringify(fields).slice(0, 80)).toBe(code);
      expect(res.body).toContain(text);
    }
    const { token } = await getPage(sys.app, station, `/console/openings/${o.id}`);
    for (const url of ['/console/openings/99999999999/applications/bulk', '/console/openings/abc/applications/bulk', `/console/openings/${o.id + 1000}/applications/bulk`]) {
      const res = await post(station, url, [['_csrf', token!], ['ids', String(apps[0]!.id)], ['status', 'hired']]);
      expect(res.statusCode, url).toBe(404);
    }
    expect(await statuses(o.id)).toEqual(['applied', 'applied', 'applied', 'applied']);
  });
});
