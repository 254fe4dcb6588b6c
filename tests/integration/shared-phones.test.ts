import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/services/matching/candidates.js';
import { apiAs, createKey } from '../helpers/api.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';

/**
 * Shared phones at the station (docs/shared-phones.md): a caseworker registers several people
 * on one phone, by the API or a survey keyed by phone, each with their own consent record; and
 * the weekly alert cap counts per phone as well as per person.
 */
describe('shared phones: registration and caps', () => {
  let sys: TestSystem;
  let key: { id: number; key: string };
  const PHONE = '13800007101';
  const register = (body: Record<string, unknown>) =>
    apiAs(sys, key.key)('POST', '/api/v1/caseworker/workers', { phone: PHONE, division: '532528102', skills: ['缝纫'], consent: true, ...body });
  const importCsv = (csv: string) =>
    apiAs(sys, key.key)('POST', '/api/v1/caseworker/workers/import?filename=shared.csv', new TextEncoder().encode(csv), { 'content-type': 'text/csv' });

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    key = await createKey(sys, { name: '元阳县站', role: 'caseworker', divisionPrefixes: ['532528'] });
  });

  it('registers a second person on a registered phone only when asked to, as number 2 with a consent record of their own', async () => {
    const first = await register({ name: '王建华', consentNote: '赶集时当面同意' });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ phone: PHONE, phoneSlot: 1, name: '王建华' });

    // Without addToPhone a registered phone is refused, as before.
    const refused = await register({ name: '李秀英' });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'worker.phone_registered' });

    const second = await register({ name: '李秀英', skills: ['刺绣'], addToPhone: true, consentNote: '孙子的手机，奶奶本人同意' });
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ phone: PHONE, phoneSlot: 2, name: '李秀英', skills: ['刺绣'] });

    const people = await sys.ctx.db.worker.findMany({ where: { phone: PHONE }, orderBy: { phoneSlot: 'asc' }, include: { consentEvents: true } });
    expect(people.map((w) => [w.phoneSlot, w.name, w.consentEvents.map((c) => [c.kind, c.source, c.rawMessage])])).toEqual([
      [1, '王建华', [['opt_in', 'caseworker', '赶集时当面同意']]],
      [2, '李秀英', [['opt_in', 'caseworker', '孙子的手机，奶奶本人同意']]],
    ]);
  });

  it('imports a survey with two people on one phone (第几人), and a second import updates them instead of adding more', async () => {
    const csv = ['姓名,手机号,住址,技能,同意,第几人', `王建华,${PHONE},新街镇,缝纫,是,1`, `李秀英,${PHONE},新街镇,刺绣,是,2`, `张三,13800007102,新街镇,缝纫,是,十`].join('\n');
    const r = await importCsv(csv);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ total: 3, created: 2, updated: 0, errors: 1 });
    expect(r.json.rows[2].issues).toEqual([{ field: 'person', code: 'survey.person_invalid' }]);
    const people = await sys.ctx.db.worker.findMany({ where: { phone: PHONE }, orderBy: { phoneSlot: 'asc' }, include: { consentEvents: true } });
    expect(people.map((w) => [w.phoneSlot, w.name, w.skills, w.consentEvents.length])).toEqual([
      [1, '王建华', ['缝纫'], 1],
      [2, '李秀英', ['刺绣'], 1],
    ]);

    const again = await importCsv(['姓名,手机号,住址,技能,同意,第几人', `王建华,${PHONE},新街镇,缝纫,是,1`, `李秀英,${PHONE},新街镇,刺绣、编织,是,2`].join('\n'));
    expect(again.json).toMatchObject({ created: 0, updated: 2 });
    expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: PHONE, phoneSlot: 2 } })).skills).toEqual(['刺绣', '编织']);
    expect(await sys.ctx.db.worker.count({ where: { phone: PHONE } })).toBe(2);
  });

  it('counts a shared phone\'s alerts against the weekly cap of everyone on it, and a combined alert as alerted for each person it named', async () => {
    const db = sys.ctx.db;
    const one = await db.worker.create({ data: { phone: PHONE, phoneSlot: 1, name: '王建华', skills: ['缝纫'], divisionCode: '532528102' } });
    const two = await db.worker.create({ data: { phone: PHONE, phoneSlot: 2, name: '李秀英', skills: ['缝纫'], divisionCode: '532528102' } });
    const alone = await db.worker.create({ data: { phone: '13800007103', skills: ['缝纫'], divisionCode: '532528102' } });
    const ws = await db.workshop.create({ data: { name: '新街制衣', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900007100' } });
    const opening = await db.opening.create({ data: { workshopId: ws.id, code: '7101', title: '缝纫工', skills: ['缝纫'], headcount: 2, wageMin: 3000, wageMax: 4000, wageUnit: 'month', status: 'open' } });
    const alert = (workerId: number, extra: Record<string, unknown> = {}) =>
      ({ workerId, kind: 'alert' as const, channel: 'sms' as const, phone: PHONE, templateCode: 'T', templateParams: {}, content: 'x', segments: 1, status: 'delivered' as const, ...extra });
    // Three alerts this week to person 1 only; one to the single-person phone.
    await db.notification.createMany({ data: [alert(one.id), alert(one.id), alert(one.id), alert(alone.id, { phone: '13800007103' })] });

    const now = new Date();
    const h = await loadHistory(db, opening.id, [one.id, two.id, alone.id], now);
    // Person 2 had none of their own, but their phone had three.
    expect(h.get(one.id)?.recentAlerts).toBe(3);
    expect(h.get(two.id)?.recentAlerts).toBe(3);
    expect(h.get(alone.id)?.recentAlerts).toBe(1);
    expect(h.get(two.id)?.alertedForOpening ?? false).toBe(false);

    // A combined alert for this opening: its row is person 1's, person 2 is named in also_for.
    const campaign = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: opening.id, wave: 1 } });
    await db.notification.create({ data: { ...alert(one.id), campaignId: campaign.id, openingIds: [opening.id], alsoFor: [two.id] } });
    const after = await loadHistory(db, opening.id, [one.id, two.id, alone.id], now);
    expect(after.get(one.id)?.alertedForOpening).toBe(true);
    expect(after.get(two.id)?.alertedForOpening).toBe(true);
    expect(after.get(alone.id)?.alertedForOpening ?? false).toBe(false);
    // One message to the phone is one alert for the phone, not one per person named.
    expect(after.get(two.id)?.recentAlerts).toBe(4);
  });
});
