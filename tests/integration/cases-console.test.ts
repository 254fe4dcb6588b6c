import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, postForm, signIn, signInStaff } from '../helpers/console.js';

/**
 * Cases in the console (issue #17 §2, docs/cases.md): a station sees and works only its own
 * cases (another station's is a 404), the county sees all of its townships' with the overdue
 * ones flagged, employers never get in; an employer with open cases has its broadcasts held
 * until a station releases or cancels them. Everything is audited.
 */
let sys: TestSystem;
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
beforeAll(async () => {
  sys = await startSystem({ workers: false, env: { CASE_HOLD_OPEN_CASES: '2' } });
});
beforeEach(async () => resetData(sys.ctx.db));
afterAll(async () => sys?.close());

async function world() {
  const db = sys.ctx.db;
  const employer = await db.employer.create({ data: { name: '元阳制衣公司' } });
  const ws = await db.workshop.create({ data: { name: '新街制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900000009', employerId: employer.id } });
  const opening = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 2, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
  // 新街镇 (532528102) and 南沙镇 (532528101), both in 元阳县 (532528).
  const xinjie = await db.worker.create({ data: { phone: '13800007001', name: '李阿姐', skills: ['缝纫'], divisionCode: '532528102211' } });
  const nansha = await db.worker.create({ data: { phone: '13800007002', skills: ['缝纫'], divisionCode: '532528101201' } });
  return { employer, ws, opening, xinjie, nansha };
}

/** A case as a text opens it, through the service the conversation calls. */
async function report(worker: { id: number; divisionCode: string | null }, content: string, code: string | null, inboundId: bigint) {
  return sys.ctx.db.$transaction((tx) => sys.ctx.services.cases.openFromReport(tx, { worker, channel: 'sms', inboundId, content, code }));
}

describe('案件 in the console', () => {
  it('shows a station its own cases only, a 404 for another’s, and the county all with the overdue flagged', async () => {
    const { opening, xinjie, nansha } = await world();
    await signInStaff(sys);
    const users = sys.ctx.services.consoleUsers;
    await users.create(ADMIN, { name: 'xinjie', password: 'xinjie-password', role: 'caseworker', divisionPrefixes: ['532528102'] });
    await users.create(ADMIN, { name: 'county', password: 'county-password', role: 'caseworker', divisionPrefixes: ['532528'] });
    const mine = await report(xinjie, '举报 1003 老板骗人 押金不退', opening.code, 1n);
    const theirs = await report(nansha, '欠薪 老板跑了', null, 2n);
    // The other one is overdue.
    await sys.ctx.db.case.update({ where: { id: theirs.caseId }, data: { dueAt: new Date(Date.now() - 3_600_000) } });

    const station = (await signIn(sys.app, 'xinjie', 'xinjie-password')).jar;
    const list = (await getPage(sys.app, station, '/console/cases')).res;
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`AJ${mine.caseId}`);
    expect(list.body).not.toContain(`AJ${theirs.caseId}`);
    expect((await getPage(sys.app, station, `/console/cases/${theirs.caseId}`)).res.statusCode).toBe(404);
    // Nor can it note or close it: still 404, and nothing changed.
    const page = await getPage(sys.app, station, `/console/cases/${mine.caseId}`);
    expect(page.res.statusCode).toBe(200);
    expect(page.res.body).toContain('举报 1003 老板骗人 押金不退');
    expect(page.res.body).toContain('href="tel:13800007001"');
    const closeOther = await postForm(sys.app, station, `/console/cases/${theirs.caseId}/close`, { _csrf: page.token!, outcome: 'resolved' });
    expect(closeOther.statusCode).toBe(404);
    const noteOther = await postForm(sys.app, station, `/console/cases/${theirs.caseId}/notes`, { _csrf: page.token!, text: '看看' });
    expect(noteOther.statusCode).toBe(404);
    expect((await sys.ctx.db.case.findUniqueOrThrow({ where: { id: theirs.caseId } })).status).toBe('open');

    const county = (await signIn(sys.app, 'county', 'county-password')).jar;
    const all = (await getPage(sys.app, county, '/console/cases')).res.body;
    expect(all).toContain(`AJ${mine.caseId}`);
    expect(all).toContain(`AJ${theirs.caseId}`);
    expect(all).toContain('超期 1 件');
    // The county's overview flags the overdue case too.
    expect((await getPage(sys.app, county, '/console')).res.body).toMatch(/id="my-cases"[\s\S]*超期 1 件/);
    const overdueOnly = (await getPage(sys.app, county, '/console/cases?status=open&overdue=1')).res.body;
    expect(overdueOnly).toContain(`AJ${theirs.caseId}`);
    expect(overdueOnly).not.toContain(`>AJ${mine.caseId}<`);
    // A hostile query string is a list page, not a 500.
    expect((await getPage(sys.app, county, '/console/cases?status=bogus&page=-5&overdue=x')).res.statusCode).toBe(200);
    expect((await getPage(sys.app, county, '/console/cases?status=%00')).res.statusCode).toBeLessThan(500);
  });

  it('notes and closes a case with an outcome, audited; a closed case cannot be closed again', async () => {
    const { opening, xinjie } = await world();
    const { station } = await signInStaff(sys);
    const c = await report(xinjie, '没拿到工资', opening.code, 3n);
    const page = await getPage(sys.app, station, `/console/cases/${c.caseId}`);
    // A note that is empty or too long is an error beside the field.
    const empty = await postForm(sys.app, station, `/console/cases/${c.caseId}/notes`, { _csrf: page.token!, text: '   ' });
    expect(empty.statusCode).toBe(400);
    const long = await postForm(sys.app, station, `/console/cases/${c.caseId}/notes`, { _csrf: page.token!, text: '字'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    const noted = await postForm(sys.app, station, `/console/cases/${c.caseId}/notes`, { _csrf: page.token!, text: '已打电话，老板答应周五结清' });
    expect(noted.statusCode).toBe(303);
    const noOutcome = await postForm(sys.app, station, `/console/cases/${c.caseId}/close`, { _csrf: page.token!, outcome: 'paid_in_gold' });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.body).toContain('请选择结案结果');
    const closed = await postForm(sys.app, station, `/console/cases/${c.caseId}/close`, { _csrf: page.token!, outcome: 'referred', note: '转县劳动监察大队' });
    expect(closed.statusCode).toBe(303);
    const row = await sys.ctx.db.case.findUniqueOrThrow({ where: { id: c.caseId } });
    expect(row).toMatchObject({ status: 'closed', outcome: 'referred' });
    const again = await postForm(sys.app, station, `/console/cases/${c.caseId}/close`, { _csrf: page.token!, outcome: 'resolved' });
    expect(again.statusCode).toBe(409);
    expect((await sys.ctx.db.case.findUniqueOrThrow({ where: { id: c.caseId } })).outcome).toBe('referred');
    const after = (await getPage(sys.app, station, `/console/cases/${c.caseId}`)).res.body;
    expect(after).toContain('已转劳动监察');
    expect(after).toContain('已打电话，老板答应周五结清');
    // Who wrote each note, by name, never user:3.
    const writer = await sys.ctx.db.consoleUser.findUniqueOrThrow({ where: { id: Number((await sys.ctx.db.caseNote.findFirstOrThrow({ where: { caseId: c.caseId, kind: 'note' } })).actor!.slice(5)) } });
    expect(after).toContain(`已打电话，老板答应周五结清</td><td>${writer.name}</td>`);
    expect(after).not.toMatch(/<td>(?:user|worker|key):/);
    const audited = await sys.ctx.db.auditLog.findMany({ where: { entity: 'case', entityId: String(c.caseId) }, orderBy: { id: 'asc' } });
    expect(audited.map((a) => a.action)).toEqual(['case.open', 'case.note', 'case.close']);
  });

  it('keeps employers out', async () => {
    const { employer, opening, xinjie } = await world();
    await signInStaff(sys);
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'boss', password: 'boss-password', role: 'employer', divisionPrefixes: [], employerId: employer.id });
    const c = await report(xinjie, '老板不发工资', opening.code, 4n);
    const boss = (await signIn(sys.app, 'boss', 'boss-password')).jar;
    for (const url of ['/console/cases', `/console/cases/${c.caseId}`]) {
      const res = (await getPage(sys.app, boss, url)).res;
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain('老板不发工资');
    }
    const overview = (await getPage(sys.app, boss, '/console')).res.body;
    expect(overview).not.toContain('/console/cases');
    expect(overview).not.toContain('my-cases');
  });
});

describe('a report over WeChat', () => {
  it('opens a case for a WeChat user and answers in the chat with the case number', async () => {
    const { opening } = await world();
    const msg = await sys.ctx.db.inboundMessage.create({
      data: { provider: 'wechat', providerMessageId: 'wx-1', channel: 'wechat', sender: 'oWORKER1', content: `举报${opening.code} 老板扣我工资`, raw: { MsgType: 'text' } },
    });
    const r = await sys.ctx.services.conversation.handleWithoutWechatDelivery(msg.id);
    expect(r?.intent).toBe('report');
    const c = await sys.ctx.db.case.findFirstOrThrow({ where: { worker: { wechatOpenId: 'oWORKER1' } } });
    expect(c).toMatchObject({ channel: 'wechat', openingId: opening.id, divisionCode: '532528102' });
    const reply = await sys.ctx.db.notification.findUniqueOrThrow({ where: { id: BigInt(r!.wechatReplyIds[0]!) } });
    expect(reply.content).toContain(`AJ${c.id}`);
    expect(reply.content).toContain('12333');
  });
});

describe('broadcasts of an employer with open cases', () => {
  it('are not held by one worker’s reports alone, however many openings they name', async () => {
    const { ws, opening, xinjie } = await world();
    const second = await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '包装工', skills: ['包装'], headcount: 2, wageMin: 3000, wageMax: 4000, wageUnit: 'month' } });
    await report(xinjie, '老板不发工资', opening.code, 11n);
    await report(xinjie, '押金不退 骗人的', second.code, 12n);
    expect(await sys.ctx.db.case.count({ where: { status: 'open' } })).toBe(2);
    expect((await sys.ctx.services.matching.startBroadcast(opening.id, { sendToAll: false })).status).toBe('pending');
  });

  it('are held from the configured number of open cases, shown to the station, released or cancelled there', async () => {
    const { opening, xinjie, nansha } = await world();
    const { station } = await signInStaff(sys);
    const matching = sys.ctx.services.matching;
    // Reports from numbers with no tie to the employer (fresh SIM cards: no application, no
    // alert, registered just now) never hold a broadcast, however many.
    for (const [i, phone] of ['13800007101', '13800007102', '13800007103'].entries()) {
      const stranger = await sys.ctx.db.worker.create({ data: { phone, divisionCode: '532528102211' } });
      await report(stranger, '举报 老板不给工资', opening.code, BigInt(100 + i));
    }
    expect((await matching.startBroadcast(opening.id, { sendToAll: false })).status).toBe('pending');
    // Workers who applied to the employer's openings count.
    for (const w of [xinjie, nansha]) await sys.ctx.db.application.create({ data: { openingId: opening.id, workerId: w.id, channel: 'sms' } });
    // One open case: the broadcast goes.
    await report(xinjie, '老板不发工资', opening.code, 5n);
    const first = await matching.startBroadcast(opening.id, { sendToAll: false });
    expect(first.status).toBe('pending');
    // No match worker runs here: say it ran, or the next press would get this one (one on its way at a time).
    const ran = (id: number) => sys.ctx.db.campaign.update({ where: { id }, data: { status: 'completed' } });
    await ran(first.id);
    // Two: the next one is held, and no match job exists for it.
    await report(nansha, '押金不退 骗人的', opening.code, 6n);
    const held = await matching.startBroadcast(opening.id, { sendToAll: false });
    expect(held.status).toBe('held');
    expect(await sys.ctx.queues.queue('match').getJob(`match-${held.id}`)).toBeUndefined();
    // A match job for it anyway (a requeue) matches nobody.
    expect(await matching.runCampaign(held.id)).toEqual({ matched: 0, jobs: 0 });
    expect((await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('held');

    const list = await getPage(sys.app, station, '/console/cases');
    expect(list.res.body).toContain(`data-held="${held.id}"`);
    const released = await postForm(sys.app, station, `/console/cases/held/${held.id}/release`, { _csrf: list.token! });
    expect(released.statusCode).toBe(303);
    expect((await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('pending');
    expect(await sys.ctx.queues.queue('match').getJob(`match-${held.id}`)).toBeTruthy();
    // Released once: a second release is refused and changes nothing.
    expect((await postForm(sys.app, station, `/console/cases/held/${held.id}/release`, { _csrf: list.token! })).statusCode).toBe(409);
    expect((await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('pending');
    await ran(held.id);

    const another = await matching.startBroadcast(opening.id, { sendToAll: false });
    expect(another.status).toBe('held');
    const cancelled = await postForm(sys.app, station, `/console/cases/held/${another.id}/cancel`, { _csrf: list.token! });
    expect(cancelled.statusCode).toBe(303);
    expect((await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: another.id } })).status).toBe('cancelled');
    const audited = await sys.ctx.db.auditLog.findMany({ where: { entity: 'campaign' }, orderBy: { id: 'asc' } });
    expect(audited.map((a) => a.action)).toEqual(['campaign.release', 'campaign.cancel_held']);

    // A station of another county sees no held broadcast of this workshop and cannot release one.
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'mengzi', password: 'mengzi-password', role: 'caseworker', divisionPrefixes: ['532503'] });
    const third = await matching.startBroadcast(opening.id, { sendToAll: false });
    const mengzi = (await signIn(sys.app, 'mengzi', 'mengzi-password')).jar;
    const theirList = await getPage(sys.app, mengzi, '/console/cases');
    expect(theirList.res.body).not.toContain(`data-held="${third.id}"`);
    expect((await postForm(sys.app, mengzi, `/console/cases/held/${third.id}/release`, { _csrf: theirList.token! })).statusCode).toBe(404);
    expect((await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: third.id } })).status).toBe('held');

    // Closing the cases lets the next broadcast go at once.
    await sys.ctx.db.case.updateMany({ data: { status: 'closed', outcome: 'resolved' } });
    expect((await matching.startBroadcast(opening.id, { sendToAll: false })).status).toBe('pending');
  });

  it('hold a later wave when workers reported the employer since the wave before, not again for cases already seen', async () => {
    const { opening, xinjie, nansha } = await world();
    const matching = sys.ctx.services.matching;
    const db = sys.ctx.db;
    for (const w of [xinjie, nansha]) await db.application.create({ data: { openingId: opening.id, workerId: w.id, channel: 'sms' } });
    const first = await matching.startBroadcast(opening.id, { sendToAll: false });
    expect(first.status).toBe('pending');
    // Two tied workers report after the first wave went out: the second wave waits for the station.
    await report(xinjie, '老板不发工资', opening.code, 21n);
    await report(nansha, '押金不退 骗人的', opening.code, 22n);
    expect(await matching.runWave(opening.id, first.wave + 1)).toMatchObject({ matched: 0, stopped: true });
    const second = await db.campaign.findFirstOrThrow({ where: { openingId: opening.id, wave: first.wave + 1 } });
    expect(second.status).toBe('held');
    expect(second.heldReason).toBe('open cases of 2 workers');
    expect(await db.notification.count({ where: { campaignId: second.id } })).toBe(0);
    // The station checked and released it: the wave after is not held again by the same cases.
    await db.campaign.update({ where: { id: second.id }, data: { status: 'pending' } });
    await matching.runWave(opening.id, first.wave + 2);
    expect((await db.campaign.findFirstOrThrow({ where: { openingId: opening.id, wave: first.wave + 2 } })).status).not.toBe('held');
  });
});
