import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { planSends } from '../../src/domain/broadcast-plan.js';
import { quietHoursEnd } from '../../src/domain/quiet-hours.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, Jar, postForm, signIn, signInStaff } from '../helpers/console.js';

const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const XINJIE = '532528102';

/** Issue 18, "numbers that mislead": 送达率, 第 N 次发送, the day's SMS bill, the finish time, empty sends. */
describe('console numbers that must not mislead', () => {
  let sys: TestSystem;
  let admin: Jar;
  let station: Jar;

  beforeAll(async () => {
    // The console driver with its receipts on, as a demo runs.
    sys = await startSystem({ env: { SMS_CONSOLE_RECEIPT_MS: '50' } });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    ({ admin, station } = await signInStaff(sys));
  });

  const db = () => sys.ctx.db;
  const addWorker = (phone: string) => db().worker.create({ data: { phone, divisionCode: XINJIE, skills: ['缝纫'] } });
  async function addOpening(status: 'draft' | 'open' | 'closed' = 'open') {
    const ws = await db().workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: XINJIE, contactPhone: '13900000009' } });
    return db().opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month', status } });
  }
  async function send(jar: Jar, id: number) {
    const { token } = await getPage(sys.app, jar, `/console/openings/${id}`);
    return postForm(sys.app, jar, `/console/openings/${id}/send`, { _csrf: token! });
  }
  async function until(what: () => Promise<boolean>, ms = 20_000) {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const progress = async (jar: Jar, id: number) => (await sys.app.inject({ method: 'GET', url: `/console/openings/${id}/progress`, headers: { cookie: jar.header() } })).json().html as string;

  it('colours 送达率 by threshold, says 回执未到 until receipts come, and numbers sends per opening', async () => {
    // Another opening's campaign first, so this opening's first campaign has global id 2.
    const other = await addOpening('closed');
    await db().campaign.create({ data: { kind: 'opening_broadcast', openingId: other.id, status: 'completed' } });
    await addWorker('13800000101');
    await addWorker('13800000102');
    const o = await addOpening();
    expect((await send(station, o.id)).statusCode).toBe(303);
    // The console driver's receipts come through the receipt path: both messages delivered.
    await until(async () => (await db().notification.count({ where: { status: 'delivered' } })) === 2);
    expect(await db().deliveryReport.count()).toBe(2);
    let html = await progress(station, o.id);
    expect(html).toContain('第 1 次发送');
    expect(html).not.toContain('第 2 次发送');
    expect(html).toMatch(/<strong class="ok" data-rate="ok">100%<\/strong>/);

    // No receipts yet: not "0%".
    await db().notification.updateMany({ data: { status: 'sent', deliveredAt: null } });
    html = await progress(station, o.id);
    expect(html).toContain('回执未到');
    expect(html).not.toContain('0%');
    // Half failed: red, not green.
    const [first] = await db().notification.findMany({ orderBy: { id: 'asc' }, take: 1 });
    await db().notification.update({ where: { id: first!.id }, data: { status: 'failed' } });
    html = await progress(station, o.id);
    expect(html).not.toContain('回执未到');
    expect(html).toMatch(/<strong class="bad" data-rate="bad">0%<\/strong>/);
    const overview = (await getPage(sys.app, admin, '/console')).res.body;
    expect(overview).toMatch(/送达率 <strong class="bad" data-rate="bad">0%/);
    expect(overview).not.toMatch(/送达率 <strong class="ok"/);

    // A second send of the same opening is its 第 2 次.
    await addWorker('13800000103');
    expect((await send(station, o.id)).statusCode).toBe(303);
    await until(async () => (await db().campaign.count({ where: { openingId: o.id, status: 'completed' } })) === 2);
    html = await progress(station, o.id);
    expect(html).toContain('第 2 次发送');
    expect(html).toContain('第 1 次发送');
    expect(html).not.toContain('第 3 次发送');
  });

  it('counts every SMS paid for today by kind, as the ledger has them', async () => {
    const w = await addWorker('13800000201');
    const o = await addOpening();
    const campaign = await db().campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'completed' } });
    const base = { channel: 'sms' as const, phone: '13800000201', templateCode: 'T', templateParams: {}, content: '…', sentAt: new Date() };
    await db().notification.createMany({
      data: [
        { ...base, kind: 'alert', campaignId: campaign.id, workerId: w.id, segments: 2, status: 'delivered' },
        { ...base, kind: 'alert', workerId: w.id, segments: 1, status: 'sent' }, // a digest: an alert outside a campaign
        { ...base, kind: 'reply', workerId: w.id, segments: 1, status: 'delivered', dedupeKey: 'reply:1' },
        { ...base, kind: 'reply', workerId: w.id, segments: 1, status: 'sent', dedupeKey: 'reply:2' },
        { ...base, kind: 'employer_notice', segments: 1, status: 'sent', dedupeKey: 'notice:1' },
        { ...base, kind: 'verification', segments: 1, status: 'sent', dedupeKey: 'verify:1' },
        { ...base, kind: 'reminder', workerId: w.id, segments: 3, status: 'delivered' },
        // Not billed, or not today: left out.
        { ...base, kind: 'reply', workerId: w.id, segments: 1, status: 'failed', dedupeKey: 'reply:3' },
        { ...base, kind: 'reply', workerId: w.id, segments: 0, status: 'sent', channel: 'wechat', dedupeKey: 'reply:4' },
        { ...base, kind: 'reply', workerId: w.id, segments: 1, status: 'queued', sentAt: null, dedupeKey: 'reply:5' },
        { ...base, kind: 'reply', workerId: w.id, segments: 1, status: 'sent', sentAt: new Date(Date.now() - 3 * 86_400_000), dedupeKey: 'reply:6' },
      ],
    });
    const body = (await getPage(sys.app, admin, '/console')).res.body;
    const row = (kind: string) => new RegExp(`<tr data-kind="${kind}"><td>(?:<strong>)?[^<]*(?:</strong>)?</td><td>(?:<strong>)?(\\d+)(?:</strong>)?</td><td>(?:<strong>)?(\\d+)`).exec(body)?.slice(1, 3).map(Number);
    expect(row('alert')).toEqual([1, 2]);
    expect(row('digest')).toEqual([1, 1]);
    expect(row('reply')).toEqual([2, 2]);
    expect(row('employer_notice')).toEqual([1, 1]);
    expect(row('verification')).toEqual([1, 1]);
    expect(row('reminder')).toEqual([1, 3]);
    // The total agrees with the ledger: segments of today's sent and delivered SMS.
    const [ledger] = await db().$queryRaw<{ n: bigint; s: bigint }[]>`
      SELECT count(*) AS n, sum(segments) AS s FROM notifications
      WHERE channel = 'sms' AND status IN ('sent', 'delivered') AND sent_at >= now() - interval '1 day'`;
    expect(row('total')).toEqual([Number(ledger!.n), Number(ledger!.s)]);
    expect(row('total')).toEqual([7, 10]);
    // An account-wide bill is the admin's, not a station's.
    expect((await getPage(sys.app, station, '/console')).res.body).not.toContain('data-kind="total"');
  });

  it('puts the quiet-hours spread into the finish time and says why alerts wait', () => {
    const quiet = { startMinute: 21 * 60, endMinute: 8 * 60 };
    // 23:00 Beijing: everything waits for 08:00 and is spread over the next 30 minutes.
    const plan = planSends(10, new Date('2026-12-01T15:00:00Z'), 100, quiet, 30 * 60_000);
    expect(plan).toEqual({ deferredByQuietHours: 10, finishAt: new Date('2026-12-02T00:30:00Z') });
  });

  it('shows why queued alerts wait: quiet hours, or pacing', async () => {
    const night = await startSystem({ env: { QUIET_HOURS: '00:00-23:59', SMS_CONSOLE_RECEIPT_MS: '0' }, workers: false });
    try {
      const w = await addWorker('13800000301');
      const o = await addOpening();
      const c = await db().campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'sending', matched: 1 } });
      await db().notification.create({ data: { campaignId: c.id, workerId: w.id, kind: 'alert', channel: 'sms', phone: '13800000301', templateCode: 'T', templateParams: {}, content: '…', segments: 1 } });
      const jar = (await signIn(night.app, 'wang', 'admin-password')).jar;
      const atNight = (await night.app.inject({ method: 'GET', url: `/console/openings/${o.id}/progress`, headers: { cookie: jar.header() } })).json().html as string;
      expect(atNight).toContain('等待原因：现在是免打扰时段');
      // Without quiet hours the same queue waits only for pacing.
      expect(await progress(admin, o.id)).toMatch(/等待原因：限速发送，每秒 \d+ 条/);
      // The pre-flight's finish time counts the 30-minute spread after quiet hours (08:22 is not "08:00").
      await addWorker('13800000302');
      const before = new Date();
      const pre = await night.ctx.services.employer.preflight(ADMIN, o.id);
      expect(pre.deferredByQuietHours).toBe(1);
      expect(pre.estimatedFinishAt).toEqual(new Date(quietHoursEnd(before, night.config.QUIET_HOURS).getTime() + 30 * 60_000));
      const page = (await night.app.inject({ method: 'POST', url: `/console/openings/${o.id}/preflight`, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', 'csrf-token': (await getPage(night.app, jar, `/console/openings/${o.id}`)).token! }, payload: '' })).json();
      expect(page.html).toContain('并在 30 分钟内分散发出');
    } finally {
      await night.close();
    }
  });

  it('refuses an empty send: 发送 is disabled and the service says why in Chinese', async () => {
    const o = await addOpening('draft');
    const page = (await getPage(sys.app, station, `/console/openings/${o.id}`)).res.body;
    expect(page).toMatch(/<button id="send" disabled>发送<\/button>/);
    expect(page).toContain('现在没有可以通知的人');
    const res = await send(station, o.id);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('现在没有可以通知的人');
    expect(await db().campaign.count()).toBe(0);
    // Refused before publishing: the draft stays a draft.
    expect((await db().opening.findUniqueOrThrow({ where: { id: o.id } })).status).toBe('draft');
    // The API's broadcast refuses too, with a typed code.
    await db().opening.update({ where: { id: o.id }, data: { status: 'open' } });
    await expect(sys.ctx.services.employer.broadcast(ADMIN, o.id, { dryRun: false })).rejects.toMatchObject({ code: 'opening.nobody_to_alert' });
    // With someone to alert the button is on.
    await addWorker('13800000401');
    expect((await getPage(sys.app, station, `/console/openings/${o.id}`)).res.body).toMatch(/<button id="send">发送<\/button>/);
  });
});
