import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiAs, createKey } from '../helpers/api.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';

/**
 * Graded priority (零工市场 rules, issue 17 §3) on the real database: a household the station
 * marks and the workers waiting longest go in the first wave and first on the call list, and
 * the match reasons say why; the mark is set through the caseworker API and audited.
 */
const SHENGCUN = '532528102211'; // 新街镇胜村
const DAY = 86_400_000;

describe('graded priority in waves and on the call list', () => {
  let sys: TestSystem;
  let station: ReturnType<typeof apiAs>;
  beforeAll(async () => {
    sys = await startSystem({ workers: false, env: { MATCH_WAVE_FACTOR: '2', MATCH_WEEKLY_ALERT_CAP: '3' } });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    station = apiAs(sys, (await createKey(sys, { name: '新街镇站', role: 'caseworker', divisionPrefixes: ['532528102'] })).key);
  });

  const db = () => sys.ctx.db;
  let phone = 13800005000;
  const addWorker = (over: Record<string, unknown> = {}) => db().worker.create({ data: { phone: String(++phone), skills: ['缝纫'], divisionCode: SHENGCUN, ...over } });
  async function addOpening(title = '缝纫工') {
    const ws = await db().workshop.create({ data: { name: '新街制衣', form: 'county_workshop', divisionCode: SHENGCUN, contactPhone: '13900000009' } });
    return db().opening.create({ data: { workshopId: ws.id, title, skills: ['缝纫'], headcount: 1, wageMin: 3000, wageMax: 4000, wageUnit: 'month' } });
  }

  it('puts the marked household and the longest waiting in the first wave, with the reasons', async () => {
    // Equal fits by skill and place; ids in the order that would win the tie without priority.
    const plain = [await addWorker(), await addWorker(), await addWorker()];
    const household = await addWorker();
    const waiting = await addWorker({ createdAt: new Date(Date.now() - 100 * DAY) });
    // Placed a week ago: waiting since that hire, not since registering long ago.
    const placed = await addWorker({ createdAt: new Date(Date.now() - 300 * DAY) });
    const earlier = await addOpening('旧岗位');
    await db().application.create({ data: { openingId: earlier.id, workerId: placed.id, channel: 'sms', status: 'hired', hiredAt: new Date(Date.now() - 7 * DAY) } });

    const mark = await station('PATCH', `/api/v1/caseworker/workers/${household.id}`, { priorityHousehold: true });
    expect(mark.status).toBe(200);
    expect(mark.json.priorityHousehold).toBe(true);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'worker.update', entityId: String(household.id) } });
    expect(audit.before).toMatchObject({ priorityHousehold: false });
    expect(audit.after).toMatchObject({ priorityHousehold: true });

    const o = await addOpening();
    const c = await sys.ctx.services.matching.startBroadcast(o.id, { sendToAll: false });
    expect(c).toMatchObject({ wave: 1, waveSize: 2 });
    await sys.ctx.services.matching.runCampaign(c.id);
    const alerts = await db().notification.findMany({ where: { campaign: { openingId: o.id } }, orderBy: { id: 'asc' } });
    // Written in rank order: the household first, then the one who has waited 3 months.
    expect(alerts.map((n) => n.workerId)).toEqual([household.id, waiting.id]);
    expect(alerts[0]!.matchReasons).toBe('缝纫·同村·近7天0条·帮扶户优先');
    expect(alerts[1]!.matchReasons).toBe('缝纫·同村·近7天0条·待业3个月');

    // Left for later waves: the three plain workers and the one placed a week ago (registered
    // 300 days ago, but waiting only since that hire, so no priority).
    const left = await sys.ctx.services.matching.preflight(o.id);
    expect(left).toMatchObject({ matched: plain.length + 1, skipped: { already_alerted: 2 } });
  });

  it('lists marked households first on the call list, then who has waited longest', async () => {
    const o = await addOpening();
    const camp = await db().campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'completed' } });
    const silent = async (over: Record<string, unknown> = {}) => {
      const w = await addWorker(over);
      // An alert delivered two days ago and never answered: on the call list.
      await db().notification.create({
        data: { campaignId: camp.id, workerId: w.id, kind: 'alert', channel: 'sms', phone: w.phone, templateCode: 'T', templateParams: {}, content: 'x', segments: 1, status: 'delivered', createdAt: new Date(Date.now() - 2 * DAY) },
      });
      return w;
    };
    const recent = await silent({ createdAt: new Date(Date.now() - 3 * DAY) });
    const longest = await silent({ createdAt: new Date(Date.now() - 200 * DAY) });
    const household = await silent({ createdAt: new Date(Date.now() - 3 * DAY), priorityHousehold: true });
    const r = await station('GET', '/api/v1/caseworker/call-list?days=14&limit=50');
    expect(r.status).toBe(200);
    expect(r.json.map((x: { workerId: number }) => x.workerId)).toEqual([household.id, longest.id, recent.id]);
    expect(r.json[0]).toMatchObject({ priorityHousehold: true, reason: 'no_reply' });
  });
});
