import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { slotInstant, spokenDigits } from '../../src/domain/bulletin.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';

// Issue 16 §4: bulletins generated ahead of the slots, kept current until a station edits
// them, and posted once each to a broadcasting platform (a small HTTP server here).
const XINJIE = '532528102';
const SHENGCUN = '532528102211';
const NANSHA = '532528101';
const OTHER_XINJIE_VILLAGE = '532525103208';
const DAY = '2026-12-03';
const NOON = slotInstant(DAY, '12:30');
const at = (minutesBeforeNoon: number) => new Date(NOON.getTime() - minutesBeforeNoon * 60_000);
const STATION: Principal = { actor: 'key:xinjie', keyId: null, role: 'caseworker', divisionPrefixes: [XINJIE], employerId: null };
const NANSHA_STATION: Principal = { actor: 'key:nansha', keyId: null, role: 'caseworker', divisionPrefixes: [NANSHA], employerId: null };

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** The platform: answers each request from `plan` (by idempotency key, in order), then 200. */
function platform() {
  const received: Received[] = [];
  const plan = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ method: req.method ?? '', headers: req.headers, body });
      const key = String(req.headers['idempotency-key']);
      const status = plan.get(key)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"ok":true}' : '{"error":"busy"}');
    });
  });
  return { server, received, plan };
}

async function openJob(sys: TestSystem, o: { division: string; form?: 'county_workshop' | 'village_plant' | 'home_workshop'; title?: string; status?: 'open' | 'filled' }) {
  const db = sys.ctx.db;
  const ws = await db.workshop.create({ data: { name: `${o.title ?? '缝纫'}车间`, form: o.form ?? 'county_workshop', divisionCode: o.division, contactPhone: '13900000007' } });
  return db.opening.create({ data: { workshopId: ws.id, title: o.title ?? '缝纫工', skills: [], headcount: 3, wageMin: 4500, wageMax: 4500, wageUnit: 'month', status: o.status ?? 'open' } });
}

describe('bulletins: generation, edits, the broadcasting hook', () => {
  const p = platform();
  let sys: TestSystem;

  beforeAll(async () => {
    await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}/broadcast`;
    sys = await startSystem({
      workers: false,
      env: {
        BULLETIN_HOOK_URL: url,
        BULLETIN_HOOK_TOKEN: 'Bearer platform-token',
        BULLETIN_HOOK_BACKOFF_MS: '60000',
        BULLETIN_HOOK_ATTEMPTS: '3',
        BULLETIN_SMS_NUMBER: '1069012345',
        BULLETIN_STATION_PHONES: `${XINJIE}=0873-5621234`,
      },
    });
  });
  afterAll(async () => {
    await sys?.close();
    await new Promise((r) => p.server.close(r));
  });
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE bulletins RESTART IDENTITY');
    p.received.length = 0;
    p.plan.clear();
  });

  const bulletinOf = (code: string, slot = '12:30') => sys.ctx.db.bulletin.findUnique({ where: { day_slot_divisionCode: { day: DAY, slot, divisionCode: code } } });

  it('generates ahead of the slot, for places with jobs only, and lists exactly 新街镇’s open jobs', async () => {
    const here = await openJob(sys, { division: XINJIE, title: '包装工' });
    const filled = await openJob(sys, { division: XINJIE, title: '保安', status: 'filled' });
    const elsewhere = await openJob(sys, { division: OTHER_XINJIE_VILLAGE, form: 'village_plant', title: '采摘工' });
    const svc = sys.ctx.services.bulletins;
    // Four hours before: outside the three-hour window, nothing yet.
    expect((await svc.tick(at(240))).created).toBe(0);
    const r = await svc.tick(at(120));
    expect(r.created).toBeGreaterThan(0);
    const b = await bulletinOf(XINJIE);
    expect(b).not.toBeNull();
    expect(b!.text).toContain(`报名${spokenDigits(here.code)}`);
    expect(b!.text).not.toContain(spokenDigits(filled.code));
    expect(b!.text).not.toContain(spokenDigits(elsewhere.code));
    expect(b!.text).toContain('零八七三，五六二幺二三四');
    expect(b!.jobCount).toBe(1);
    // Its villages hear the county-town workshop too; 南沙镇 has no job and gets no bulletin.
    expect((await bulletinOf(SHENGCUN))?.jobCount).toBe(1);
    expect(await bulletinOf(NANSHA)).toBeNull();
    // The village with the other 新街村 plant gets its own, and only that job.
    expect((await bulletinOf(OTHER_XINJIE_VILLAGE))?.text).toContain(spokenDigits(elsewhere.code));
    // The evening slot is not generated yet.
    expect(await bulletinOf(XINJIE, '18:30')).toBeNull();
    // A tick later with nothing new writes nothing.
    expect(await svc.tick(at(119))).toMatchObject({ created: 0, updated: 0 });
  });

  it('generates only days from yesterday to a week ahead (9999-12-31 or 1900-01-01 is a slip, not 48 bulletins)', async () => {
    const svc = sys.ctx.services.bulletins;
    for (const day of ['9999-12-31', '1900-01-01']) await expect(svc.generateDay(STATION, day)).rejects.toMatchObject({ code: 'bulletin.day_out_of_range' });
    await expect(svc.generateDay(STATION, '2026-13-45')).rejects.toMatchObject({ code: 'bulletin.bad_day' });
    expect(await sys.ctx.db.bulletin.count()).toBe(0);
  });

  it('keeps a station’s edit (audited) while unedited bulletins follow the openings; regenerate replaces the edit', async () => {
    await openJob(sys, { division: XINJIE, title: '包装工' });
    const svc = sys.ctx.services.bulletins;
    await svc.tick(at(120));
    const b = (await bulletinOf(XINJIE))!;
    await svc.edit(STATION, b.id, '乡亲们，今天新街镇有包装工岗位，请到就业站报名。');
    const later = await openJob(sys, { division: XINJIE, title: '质检员' });
    const r = await svc.tick(at(60));
    expect(r.updated).toBeGreaterThan(0);
    expect((await bulletinOf(XINJIE))!.text).toBe('乡亲们，今天新街镇有包装工岗位，请到就业站报名。');
    expect((await bulletinOf(SHENGCUN))!.text).toContain(spokenDigits(later.code));
    const log = await svc.history(STATION, b.id);
    expect(log[0]).toMatchObject({ action: 'bulletin.edited', actor: 'key:xinjie' });
    // Another station cannot see it, let alone edit it.
    await expect(svc.edit(NANSHA_STATION, b.id, '改了')).rejects.toMatchObject({ code: 'bulletin.not_found' });
    await expect(svc.edit(STATION, b.id, '   ')).rejects.toMatchObject({ code: 'bulletin.text_empty' });
    const again = await svc.regenerate(STATION, b.id, at(50));
    expect(again.editedAt).toBeNull();
    expect(again.text).toContain(spokenDigits(later.code));
    expect((await svc.history(STATION, b.id))[0]).toMatchObject({ action: 'bulletin.regenerated' });
  });

  it('posts each bulletin once at its slot, with the token and an idempotency key, and never again', async () => {
    await openJob(sys, { division: SHENGCUN, form: 'village_plant', title: '组装工' });
    const svc = sys.ctx.services.bulletins;
    await svc.tick(at(120));
    const b = (await bulletinOf(SHENGCUN))!;
    expect(b.hookStatus).toBe('pending');
    // Not yet: the lead is five minutes.
    expect((await svc.tick(at(30))).posted).toBe(0);
    expect(p.received).toHaveLength(0);
    const r = await svc.tick(at(4));
    const count = await sys.ctx.db.bulletin.count();
    expect(r.posted).toBe(count);
    const mine = p.received.filter((x) => x.headers['idempotency-key'] === `guiyan-bulletin-${SHENGCUN}-${DAY}-1230`);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.method).toBe('POST');
    expect(mine[0]!.headers.authorization).toBe('Bearer platform-token');
    expect(mine[0]!.body).toMatchObject({ division: { code: SHENGCUN, name: '胜村' }, day: DAY, slot: '12:30', slotAt: NOON.toISOString(), text: b.text, jobCount: 1 });
    expect((await bulletinOf(SHENGCUN))!.hookStatus).toBe('sent');
    await svc.tick(at(3));
    await svc.tick(at(-10));
    expect(p.received).toHaveLength(count);
  });

  it('retries a 500 after the backoff with the same key, and shows a 4xx as failed until retried by hand', async () => {
    await openJob(sys, { division: SHENGCUN, form: 'village_plant', title: '组装工' });
    const svc = sys.ctx.services.bulletins;
    await svc.tick(at(120));
    const key = `guiyan-bulletin-${SHENGCUN}-${DAY}-1230`;
    p.plan.set(key, [500]);
    await svc.tick(at(5));
    let b = (await bulletinOf(SHENGCUN))!;
    expect(b).toMatchObject({ hookStatus: 'retry', hookAttempts: 1 });
    expect(b.hookLastError).toContain('500');
    // Before the backoff (one minute) nothing is sent again.
    await svc.tick(at(4.5));
    expect(p.received.filter((x) => x.headers['idempotency-key'] === key)).toHaveLength(1);
    await svc.tick(at(3.9));
    b = (await bulletinOf(SHENGCUN))!;
    expect(b).toMatchObject({ hookStatus: 'sent', hookAttempts: 2, hookLastError: null });
    expect(p.received.filter((x) => x.headers['idempotency-key'] === key)).toHaveLength(2);

    // The evening: the platform refuses the request itself (a wrong token): no retry.
    const evening = slotInstant(DAY, '18:30');
    await svc.tick(new Date(evening.getTime() - 120 * 60_000));
    const eveningKey = `guiyan-bulletin-${SHENGCUN}-${DAY}-1830`;
    p.plan.set(eveningKey, [401]);
    await svc.tick(new Date(evening.getTime() - 5 * 60_000));
    const e = (await bulletinOf(SHENGCUN, '18:30'))!;
    expect(e.hookStatus).toBe('failed');
    expect(e.hookLastError).toContain('401');
    await svc.tick(new Date(evening.getTime() - 1 * 60_000));
    expect(p.received.filter((x) => x.headers['idempotency-key'] === eveningKey)).toHaveLength(1);
    expect(await svc.retryHook(STATION, e.id, new Date(evening.getTime() - 60_000))).toBe(true);
    await svc.tick(new Date(evening.getTime() - 30_000));
    expect((await bulletinOf(SHENGCUN, '18:30'))!.hookStatus).toBe('sent');
    expect(p.received.filter((x) => x.headers['idempotency-key'] === eveningKey)).toHaveLength(2);
  });

  it('gives up on a platform that is down once the attempts are spent', async () => {
    await openJob(sys, { division: SHENGCUN, form: 'village_plant', title: '组装工' });
    const svc = sys.ctx.services.bulletins;
    await svc.tick(at(120));
    const key = `guiyan-bulletin-${SHENGCUN}-${DAY}-1230`;
    p.plan.set(key, [503, 503, 503, 503]);
    await svc.tick(at(5)); // try 1
    await svc.tick(at(3.9)); // try 2 after 1 min
    await svc.tick(at(1.8)); // try 3 after 2 min: the last
    await svc.tick(at(-5));
    const b = (await bulletinOf(SHENGCUN))!;
    expect(b).toMatchObject({ hookStatus: 'failed', hookAttempts: 3 });
    expect(p.received.filter((x) => x.headers['idempotency-key'] === key)).toHaveLength(3);
  });
});

describe('bulletins from the real sweep', () => {
  let sys: TestSystem;
  afterAll(async () => sys?.close());

  it('the maintenance sweep generates the bulletins of a slot an hour ahead', async () => {
    const soon = new Date(Date.now() + 8 * 3600_000 + 3600_000);
    const slot = soon.toISOString().slice(11, 16);
    sys = await startSystem({ env: { BULLETIN_SLOTS: slot } });
    await resetData(sys.ctx.db);
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE bulletins RESTART IDENTITY');
    await openJob(sys, { division: XINJIE, title: '包装工' });
    // The sweep runs every minute; ask for one now rather than wait.
    await sys.ctx.queues.queue('maintenance').add('maintenance', { task: 'sweep' });
    const b = await waitFor(() => sys.ctx.db.bulletin.findFirst({ where: { divisionCode: XINJIE, slot } }), 'the sweep to make 新街镇’s bulletin', 20_000);
    expect(b.text).toContain('包装工');
    expect(b.hookStatus).toBe('none');
  });
});
