import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, signIn, signInStaff } from '../helpers/console.js';

// Issue #18: the map of workers and workshops by township, scoped, from loaded township points.
let sys: TestSystem;
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const PW = 'station-password-9';
const XINJIE = '532528102';
const NANSHA = '532528101';
const WENLAN = '532503001';

beforeAll(async () => {
  sys = await startSystem({ workers: false });
});
beforeEach(async () => {
  await resetData(sys.ctx.db);
  await sys.ctx.db.divisionCoordinate.deleteMany({});
});
afterAll(async () => {
  // Township points are shared reference data: other files expect none loaded.
  await sys?.ctx.db.divisionCoordinate.deleteMany({});
  await sys?.close();
});

async function people() {
  const { admin } = await signInStaff(sys);
  const users = sys.ctx.services.consoleUsers;
  const emp = await sys.ctx.db.employer.create({ data: { name: '新街制衣厂' } });
  await users.create(ADMIN, { name: 'yuanyang', password: PW, role: 'caseworker', divisionPrefixes: ['532528'] });
  await users.create(ADMIN, { name: 'boss', password: PW, role: 'employer', divisionPrefixes: [], employerId: emp.id });
  const jar = async (name: string) => (await signIn(sys.app, name, PW)).jar;
  return { admin, county: await jar('yuanyang'), boss: await jar('boss') };
}

async function workersIn(division: string | null, n: number, status: 'active' | 'paused' | 'opted_out' = 'active') {
  const start = await sys.ctx.db.worker.count();
  for (let i = 0; i < n; i++) await sys.ctx.db.worker.create({ data: { phone: `1390000${String(start + i).padStart(4, '0')}`, skills: [], divisionCode: division, status } });
}

const cells = (body: string, code: string) => {
  const m = new RegExp(`<tr data-township="${code}">(.*?)</tr>`).exec(body);
  return m ? [...m[1]!.matchAll(/<td>(\d+)<\/td>/g)].map((x) => Number(x[1])) : null;
};

describe('console map', () => {
  it('counts workers, workshops and openings per township in scope, and draws the loaded points', async () => {
    const { admin, county } = await people();
    await workersIn(`${XINJIE}201`, 3);
    await workersIn(`${XINJIE}202`, 1, 'paused');
    await workersIn(`${XINJIE}202`, 2, 'opted_out');
    await workersIn(NANSHA, 2);
    await workersIn('532528', 1);
    await workersIn(`${WENLAN}001`, 4);
    const ws = await sys.ctx.db.workshop.create({ data: { name: '新街车间', form: 'county_workshop', divisionCode: XINJIE, contactPhone: '13900000001' } });
    await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: [], headcount: 3, wageMin: 1, wageMax: 2, wageUnit: 'day', status: 'open' } });
    await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '包装工', skills: [], headcount: 3, wageMin: 1, wageMax: 2, wageUnit: 'day', status: 'filled' } });
    // 新街镇 has a point of its own; 南沙镇 only villages' points (their middle is used); 文澜 none.
    await sys.ctx.db.divisionCoordinate.createMany({
      data: [
        { divisionCode: XINJIE, latitude: 23.2, longitude: 102.75 },
        { divisionCode: `${NANSHA}001`, latitude: 23.1, longitude: 102.8 },
        { divisionCode: `${NANSHA}002`, latitude: 23.3, longitude: 102.9 },
      ],
    });

    const station = (await getPage(sys.app, county, '/console/map')).res;
    expect(station.statusCode).toBe(200);
    expect(cells(station.body, XINJIE)).toEqual([4, 3, 1, 1]);
    expect(cells(station.body, NANSHA)).toEqual([2, 2, 0, 0]);
    // Another county's township is not the station's business.
    expect(cells(station.body, WENLAN)).toBeNull();
    expect(station.body).toContain('另有 1 人只登记了县');
    expect(station.body).toMatch(/<g class="twp" data-code="532528102">/);
    expect(station.body).toMatch(/<g class="twp" data-code="532528101">/);
    expect(station.body).toContain('新街镇：工人 4 人（在接收 3 人），车间 1 个，在招 1 个');
    expect(station.body).not.toMatch(/\b(undefined|null|NaN)\b/);

    const all = (await getPage(sys.app, admin, '/console/map')).res;
    expect(cells(all.body, WENLAN)).toEqual([4, 4, 0, 0]);
    expect(all.body).toContain('没画在图上的乡镇：');
    expect(all.body).toContain('文澜街道');
  });

  it('without points says how to load them, and still lists the townships', async () => {
    const { county } = await people();
    await workersIn(`${XINJIE}201`, 2);
    const res = (await getPage(sys.app, county, '/console/map')).res;
    expect(res.body).toContain('还没有导入乡镇坐标');
    expect(cells(res.body, XINJIE)).toEqual([2, 2, 0, 0]);
  });

  it('shows a village cadre the village’s township, counting only the village’s own', async () => {
    await signInStaff(sys);
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'shengcun', password: PW, role: 'caseworker', divisionPrefixes: [`${XINJIE}201`] });
    const cadre = (await signIn(sys.app, 'shengcun', PW)).jar;
    await workersIn(`${XINJIE}201`, 3);
    await workersIn(`${XINJIE}202`, 5);
    await sys.ctx.db.workshop.create({ data: { name: '胜村作坊', form: 'home_workshop', divisionCode: `${XINJIE}201`, contactPhone: '13900000001' } });
    await sys.ctx.db.workshop.create({ data: { name: '新街车间', form: 'county_workshop', divisionCode: XINJIE, contactPhone: '13900000002' } });
    const res = (await getPage(sys.app, cadre, '/console/map')).res;
    expect(res.statusCode).toBe(200);
    expect(cells(res.body, XINJIE)).toEqual([3, 3, 1, 0]);
    expect(cells(res.body, NANSHA)).toBeNull();
  });

  it('is not for employers', async () => {
    const { boss } = await people();
    const res = (await getPage(sys.app, boss, '/console/map')).res;
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('data-township');
  });
});
