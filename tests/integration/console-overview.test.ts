import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { lastDays } from '../../src/console/charts.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, signIn, signInStaff } from '../helpers/console.js';

// Issue #18: the overview's charts (sends, deliveries, failures per day; registrations per week),
// drawn on the server and scoped to what the user may see, and the first-run guide.
let sys: TestSystem;
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const XINJIE = '532528102';
const XINJIE_VILLAGE = '532528102211';
const MENGZI_VILLAGE = '532503001001';
const PW = 'station-password-9';
const DAY = 86_400_000;

beforeAll(async () => {
  sys = await startSystem({ workers: false });
});
beforeEach(async () => resetData(sys.ctx.db));
afterAll(async () => sys?.close());

async function people() {
  const { admin } = await signInStaff(sys);
  const users = sys.ctx.services.consoleUsers;
  const empA = await sys.ctx.db.employer.create({ data: { name: '新街制衣厂' } });
  await users.create(ADMIN, { name: 'xinjie', password: PW, role: 'caseworker', divisionPrefixes: [XINJIE] });
  await users.create(ADMIN, { name: 'mengzi', password: PW, role: 'caseworker', divisionPrefixes: ['532503'] });
  await users.create(ADMIN, { name: 'boss-a', password: PW, role: 'employer', divisionPrefixes: [], employerId: empA.id });
  const jar = async (name: string) => (await signIn(sys.app, name, PW)).jar;
  return { admin, empA, station: await jar('xinjie'), neighbour: await jar('mengzi'), bossA: await jar('boss-a') };
}

/** A workshop and an open opening in a village, and a campaign of it with messages in the given states (sent now). */
async function sendsIn(village: string, states: ('sent' | 'delivered' | 'failed')[], employerId?: number, sentAt = new Date()) {
  const db = sys.ctx.db;
  const ws = await db.workshop.create({ data: { name: `车间${village}`, form: 'village_plant', divisionCode: village.slice(0, 9), contactPhone: '13900000007', employerId } });
  const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: [], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month', status: 'open' } });
  const c = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'completed' } });
  for (const [i, status] of states.entries()) {
    const w = await db.worker.create({ data: { phone: `139${village.slice(-4)}${String(i).padStart(4, '0')}`, skills: [], divisionCode: village } });
    await db.notification.create({
      data: { workerId: w.id, campaignId: c.id, kind: 'alert', channel: 'sms', phone: w.phone, templateCode: 'SMS_TEST', templateParams: {}, content: '测试', segments: 1, status, sentAt },
    });
  }
}

/** The numbers a chart's table shows for one row label. */
function row(body: string, chartId: string, label: string): number[] {
  const chart = body.slice(body.indexOf(`id="${chartId}"`));
  const m = new RegExp(`<tr><th>${label}</th>((?:<td>\\d+</td>)+)</tr>`).exec(chart.slice(0, chart.indexOf('</figure>')));
  return m ? [...m[1]!.matchAll(/<td>(\d+)<\/td>/g)].map((x) => Number(x[1])) : [];
}

describe('overview charts', () => {
  it('counts sends, deliveries and failures per day for the user’s own openings only', async () => {
    const { admin, station, neighbour, bossA, empA } = await people();
    await sendsIn(XINJIE_VILLAGE, ['sent', 'delivered', 'delivered', 'failed'], empA.id);
    await sendsIn(MENGZI_VILLAGE, ['delivered', 'failed', 'failed']);
    // Three days ago in 新街镇, and one older than the 14 days (left out).
    await sendsIn('532528102212', ['delivered'], undefined, new Date(Date.now() - 3 * DAY));
    await sendsIn('532528102213', ['delivered'], undefined, new Date(Date.now() - 20 * DAY));
    const days = lastDays(new Date(), 14).map((d) => d.slice(5));
    const today = days[13]!;
    const threeAgo = days[10]!;

    const s = (await getPage(sys.app, station, '/console')).res;
    expect(s.statusCode).toBe(200);
    expect(s.body).toContain('<title>近 14 天每天发出的消息</title>');
    expect(s.body).toMatch(/<svg viewBox="0 0 420 170" role="img" aria-label="近 14 天每天发出的消息（单位：条）：[^"]*/);
    expect(s.body).toContain(`${today} 已发3、送达2、失败1`);
    expect(row(s.body, 'chart-sends', today)).toEqual([3, 2, 1]);
    expect(row(s.body, 'chart-sends', threeAgo)).toEqual([1, 1, 0]);
    expect([...s.body.matchAll(/<tr><th>\d\d-\d\d<\/th>/g)].length).toBeGreaterThanOrEqual(14);

    expect(row((await getPage(sys.app, neighbour, '/console')).res.body, 'chart-sends', today)).toEqual([1, 1, 2]);
    expect(row((await getPage(sys.app, admin, '/console')).res.body, 'chart-sends', today)).toEqual([4, 3, 3]);
    // An employer: its own opening's messages, and no registration chart (workers are not its to count).
    const boss = (await getPage(sys.app, bossA, '/console')).res.body;
    expect(row(boss, 'chart-sends', today)).toEqual([3, 2, 1]);
    expect(boss).not.toContain('chart-registrations');
  });

  it('counts new registrations per week for 8 weeks in the station’s area', async () => {
    const { station, neighbour } = await people();
    const db = sys.ctx.db;
    const ago = (days: number) => new Date(Date.now() - days * DAY);
    for (const [i, [village, days]] of ([[XINJIE_VILLAGE, 0], [XINJIE_VILLAGE, 0], [XINJIE_VILLAGE, 7], [XINJIE_VILLAGE, 80], [MENGZI_VILLAGE, 0]] as const).entries()) {
      await db.worker.create({ data: { phone: `1370000000${i}`, skills: [], divisionCode: village, createdAt: ago(days) } });
    }
    const body = (await getPage(sys.app, station, '/console')).res.body;
    expect(body).toContain('<title>近 8 周每周新登记的工人</title>');
    const numbers = [...body.slice(body.indexOf('id="chart-registrations"')).matchAll(/<tr><th>\d\d-\d\d起<\/th><td>(\d+)<\/td><\/tr>/g)].map((m) => Number(m[1]));
    expect(numbers).toHaveLength(8);
    expect(numbers[7]).toBe(2);
    expect(numbers[6]).toBe(1);
    expect(numbers.reduce((a, b) => a + b, 0)).toBe(3);
    const n2 = [...(await getPage(sys.app, neighbour, '/console')).res.body.matchAll(/<tr><th>\d\d-\d\d起<\/th><td>(\d+)<\/td><\/tr>/g)].map((m) => Number(m[1]));
    expect(n2.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('never fails on an odd query or an empty database', async () => {
    const { station, admin } = await people();
    for (const url of ['/console', '/console?x=%3Cscript%3E&page=-1', '/console?days=99999999999']) {
      const res = (await getPage(sys.app, station, url)).res;
      expect(res.statusCode, url).toBe(200);
      expect(res.body).not.toContain('<script>');
    }
    expect((await getPage(sys.app, admin, '/console')).res.statusCode).toBe(200);
  });
});

describe('first-run guide', () => {
  it('shows 车间 → 招工 → 发送 with links, and explains 属相街 and 人群, until a workshop exists', async () => {
    const { station, bossA, empA } = await people();
    const first = (await getPage(sys.app, station, '/console')).res.body;
    expect(first).toContain('id="first-run"');
    expect(first).toMatch(/<li><strong>车间<\/strong>[\s\S]*<li><strong>招工<\/strong>[\s\S]*<li><strong>发送<\/strong>/);
    expect(first).toContain('href="/console/openings#new-workshop"');
    expect(first).toContain('href="/console/openings/new"');
    expect(first).toContain('<summary>什么是属相街？</summary>');
    expect(first).toContain('<summary>什么是人群？</summary>');
    expect(first).toMatch(/<dfn title="红河的集市按十二属相轮流赶/);
    // The link lands on the workshop form, open.
    expect((await getPage(sys.app, station, '/console/openings')).res.body).toContain('<details class="card" id="new-workshop" open>');
    // An employer gets the three steps without the station's words.
    const boss = (await getPage(sys.app, bossA, '/console')).res.body;
    expect(boss).toContain('id="first-run"');
    expect(boss).not.toContain('什么是属相街');

    await sys.ctx.db.workshop.create({ data: { name: '站里的车间', form: 'village_plant', divisionCode: XINJIE, contactPhone: '13900000007' } });
    expect((await getPage(sys.app, station, '/console')).res.body).not.toContain('id="first-run"');
    // Another station's workshop does not count as this one's; the employer's own does.
    expect((await getPage(sys.app, bossA, '/console')).res.body).toContain('id="first-run"');
    await sys.ctx.db.workshop.create({ data: { name: '老板的车间', form: 'village_plant', divisionCode: XINJIE, contactPhone: '13900000008', employerId: empA.id } });
    expect((await getPage(sys.app, bossA, '/console')).res.body).not.toContain('id="first-run"');
  });

  it('explains 属相街 and 人群 on the reminder form where they first appear', async () => {
    const { station } = await people();
    const body = (await getPage(sys.app, station, '/console/reminders')).res.body;
    const form = body.slice(body.indexOf('id="reminder-form"'), body.indexOf('</form>', body.indexOf('id="reminder-form"')));
    expect(form).toContain('<summary>什么是人群？</summary>');
    expect(form).toContain('<summary>什么是属相街？</summary>');
    expect(form.indexOf('什么是人群')).toBeLessThan(form.indexOf('选了人群就不用填'));
  });
});
