import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/services/matching/candidates.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';

/**
 * Shared phones (docs/shared-phones.md): the weekly alert cap counts per phone as well as per
 * person, and a combined alert counts as alerted for everyone it named. (Registering several
 * people on one phone: survey-import.test.ts.)
 */
describe('shared phones: caps per phone', () => {
  let sys: TestSystem;
  const PHONE = '13800007101';

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => sys?.close());

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
