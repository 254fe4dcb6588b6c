import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, postForm, signIn, signInStaff } from '../helpers/console.js';

/**
 * Issue #18: reminders the county (or an admin) makes for an area that takes in a township are
 * shown to that township's station, read-only, so it knows what its workers are sent; it cannot
 * pause, cancel or edit them, and a neighbouring township's own reminders stay hidden.
 */
describe('reminders made for a wider area, in a township station console', () => {
  let sys: TestSystem;
  const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
  const county: Principal = { actor: 'county', keyId: null, role: 'caseworker', divisionPrefixes: ['532528'], employerId: null };
  const neighbour: Principal = { actor: 'nansha', keyId: null, role: 'caseworker', divisionPrefixes: ['532528101'], employerId: null };
  const at = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => sys?.close());

  it('shows the county and admin reminders to the station read-only, and hides a neighbour’s', async () => {
    await signInStaff(sys);
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'xinjie', password: 'xinjie-password', role: 'caseworker', divisionPrefixes: ['532528102'] });
    const station = (await signIn(sys.app, 'xinjie', 'xinjie-password')).jar;
    const w = await sys.ctx.db.worker.create({ data: { phone: '13800006001', skills: ['缝纫'], divisionCode: '532528102211' } });
    const other = await sys.ctx.db.worker.create({ data: { phone: '13800006002', skills: ['缝纫'], divisionCode: '532528101201' } });
    const rems = sys.ctx.services.reminders;
    const fromCounty = await rems.createReminder(county, { sender: '元阳县人社局', text: '县里招聘会', workerIds: [w.id], schedule: { type: 'once', at: at() } });
    const fromAdmin = await rems.createReminder(ADMIN, { sender: '州人社局', text: '全州培训', workerIds: [w.id], schedule: { type: 'once', at: at() } });
    const fromNeighbour = await rems.createReminder(neighbour, { sender: '南沙镇就业站', text: '南沙赶集', workerIds: [other.id], schedule: { type: 'once', at: at() } });

    const list = (await getPage(sys.app, station, '/console/reminders')).res;
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('县里招聘会');
    expect(list.body).toContain('全州培训');
    expect(list.body).not.toContain('南沙赶集');
    expect(list.body.match(/上级发的，只能查看/g)).toHaveLength(2);
    expect(list.body).not.toContain(`/console/reminders/${fromCounty.id}/cancel`);

    const detail = await getPage(sys.app, station, `/console/reminders/${fromCounty.id}`);
    expect(detail.res.statusCode).toBe(200);
    expect(detail.res.body).toContain('上级发的，只能查看');
    expect((await getPage(sys.app, station, `/console/reminders/${fromNeighbour.id}`)).res.statusCode).toBe(404);

    // Read-only means it: the station's pause and cancel change nothing.
    for (const action of ['pause', 'cancel']) {
      await postForm(sys.app, station, `/console/reminders/${fromCounty.id}/${action}`, { _csrf: detail.token! });
    }
    expect((await sys.ctx.db.reminder.findUniqueOrThrow({ where: { id: fromCounty.id } })).status).toBe('active');
    expect((await sys.ctx.db.reminder.findUniqueOrThrow({ where: { id: fromAdmin.id } })).status).toBe('active');

    // The county itself manages its own, and does not see the township's as read-only.
    const mine = await rems.listReminders(county);
    expect(mine.map((r) => [r.text, r.readOnly])).toEqual(expect.arrayContaining([['县里招聘会', false], ['南沙赶集', false]]));
  });
});
