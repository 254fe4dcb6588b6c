import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { getPage, Jar, postForm, signIn, signInStaff } from '../helpers/console.js';
import { readSheet, records } from '../helpers/xlsx.js';

// Issue #18, the station's day-to-day batch: Excel exports, print layouts, lists that page and
// filter, and the flows that used to dead-end. One system for the file, empty tables per test.
let sys: TestSystem;
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const XINJIE = '532528102';
const XINJIE_VILLAGE = '532528102211';
const MENGZI_VILLAGE = '532503001001';
const PW = 'station-password-9';

beforeAll(async () => {
  sys = await startSystem({ workers: false });
});
beforeEach(async () => resetData(sys.ctx.db));
afterAll(async () => sys?.close());

/** GETs a download with the jar: the raw bytes and headers. */
async function download(jar: Jar, url: string) {
  const res = await sys.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
  return { res, body: res.rawPayload };
}

/** A station for 新街镇, a neighbour for 蒙自, and the admin; plus employer accounts A and B with a user each. */
async function people() {
  const { admin, adminId } = await signInStaff(sys);
  const users = sys.ctx.services.consoleUsers;
  await users.create(ADMIN, { name: 'xinjie', password: PW, role: 'caseworker', divisionPrefixes: [XINJIE] });
  await users.create(ADMIN, { name: 'mengzi', password: PW, role: 'caseworker', divisionPrefixes: ['532503'] });
  const empA = await sys.ctx.db.employer.create({ data: { name: '新街制衣厂' } });
  const empB = await sys.ctx.db.employer.create({ data: { name: '蒙自竹编' } });
  await users.create(ADMIN, { name: 'boss-a', password: PW, role: 'employer', divisionPrefixes: [], employerId: empA.id });
  await users.create(ADMIN, { name: 'boss-b', password: PW, role: 'employer', divisionPrefixes: [], employerId: empB.id });
  const station = (await signIn(sys.app, 'xinjie', PW)).jar;
  const neighbour = (await signIn(sys.app, 'mengzi', PW)).jar;
  const bossA = (await signIn(sys.app, 'boss-a', PW)).jar;
  const bossB = (await signIn(sys.app, 'boss-b', PW)).jar;
  return { admin, adminId, station, neighbour, bossA, bossB, empA, empB };
}

/** Names a worker might be given (or type) that Excel would run as a formula if written as one. */
const HOSTILE = ['=HYPERLINK("http://evil.example","点我")', '+8613800000000', '-2+3', '@SUM(A1:A9)', '=cmd|\' /C calc\'!A0'];

describe('worker list export to Excel', () => {
  it('exports the station’s own workers with the list’s filters, Chinese headers, text cells only', async () => {
    const { station, bossA } = await people();
    const db = sys.ctx.db;
    for (const [i, name] of HOSTILE.entries()) {
      await db.worker.create({ data: { phone: `1380000700${i}`, name, skills: ['缝纫'], divisionCode: XINJIE_VILLAGE, workForms: ['home_workshop'], returnee: i === 0 } });
    }
    await db.worker.create({ data: { phone: '13800007010', name: '包装的人', skills: ['包装'], divisionCode: XINJIE_VILLAGE, status: 'paused' } });
    await db.worker.create({ data: { phone: '13800007011', name: '蒙自的人', skills: ['缝纫'], divisionCode: MENGZI_VILLAGE } });

    const list = (await getPage(sys.app, station, '/console/workers?skill=' + encodeURIComponent('缝纫'))).res.body;
    expect(list).toContain(`href="/console/workers/export.xlsx?skill=${encodeURIComponent('缝纫')}"`);

    const { res, body } = await download(station, '/console/workers/export.xlsx');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const cd = String(res.headers['content-disposition']);
    expect(cd).toMatch(/^attachment; filename="workers-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toMatch(/^工人名单-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(body.subarray(0, 2).toString()).toBe('PK');

    const sheet = readSheet(body);
    expect(sheet.parts).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/styles.xml']));
    expect(sheet.rows[0]!.map((c) => c.value)).toEqual(['姓名', '手机', '住址', '技能', '想做的工作', '返乡人员', '短信状态', '手机无效', '登记时间', '最近收到招工短信']);
    // No cell anywhere is a formula; every hostile name is a shared-string cell holding the text as typed.
    expect(sheet.xml).not.toMatch(/<f[ >]/);
    expect(sheet.rows.flat().some((c) => c.formula)).toBe(false);
    const rows = records(body);
    expect(rows).toHaveLength(HOSTILE.length + 1);
    for (const name of HOSTILE) {
      const cell = sheet.rows.flat().find((c) => c.value === name);
      expect(cell, name).toBeDefined();
      expect(cell!.type).toBe('s');
    }
    const first = rows.find((r) => r['手机'] === '13800007000')!;
    expect(first).toMatchObject({ 住址: '元阳县新街镇' + first['住址']!.slice(6), 技能: '缝纫', 想做的工作: '家庭作坊', 返乡人员: '是', 短信状态: '接收中' });
    expect(first['登记时间']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Phones are text, not 1.38E+10.
    expect(sheet.rows.flat().find((c) => c.value === '13800007000')!.type).toBe('s');
    expect(rows.map((r) => r['姓名'])).not.toContain('蒙自的人');

    // The list's filters: skill and status.
    const sewers = records((await download(station, `/console/workers/export.xlsx?skill=${encodeURIComponent('缝纫')}`)).body);
    expect(sewers).toHaveLength(HOSTILE.length);
    const paused = records((await download(station, '/console/workers/export.xlsx?status=paused')).body);
    expect(paused.map((r) => [r['姓名'], r['短信状态']])).toEqual([['包装的人', '暂停']]);

    // A place outside the station: refused in Chinese, no file.
    const outside = await download(station, `/console/workers/export.xlsx?division=${encodeURIComponent('蒙自市')}`);
    expect(outside.res.statusCode).toBe(400);
    expect(outside.res.headers['content-type']).toContain('text/html');
    expect(outside.res.body).toContain('不在您负责的辖区内');
    const junk = await download(station, '/console/workers/export.xlsx?status=gone&q=' + 'x'.repeat(60));
    expect(junk.res.statusCode).toBe(400);
    expect(junk.res.body).not.toMatch(/Invalid|Expected|Internal/);
    // An employer never reaches the worker export.
    expect((await download(bossA, '/console/workers/export.xlsx')).res.statusCode).toBe(403);
  });

  it('exports 3,000 workers in one sheet and refuses nothing a station may see', async () => {
    const { admin } = await people();
    await sys.ctx.db.$executeRaw`
      INSERT INTO workers (phone, name, skills, division_code, updated_at)
      SELECT '1370000' || lpad(i::text, 4, '0'), '批量' || i, ARRAY['缝纫'], ${XINJIE_VILLAGE}, now() FROM generate_series(1, 3000) AS i`;
    const { res, body } = await download(admin, '/console/workers/export.xlsx');
    expect(res.statusCode).toBe(200);
    const rows = records(body);
    expect(rows).toHaveLength(3000);
    expect(new Set(rows.map((r) => r['手机'])).size).toBe(3000);
  });
});

/** An opening in 新街镇 of employer A, with two applicants and a send to three workers. */
async function openingWithPeople(empAId: number) {
  const db = sys.ctx.db;
  const ws = await db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: XINJIE, contactPhone: '13900000009', employerId: empAId } });
  const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
  const ws2 = await db.workshop.create({ data: { name: '蒙自车间', form: 'county_workshop', divisionCode: '532503001', contactPhone: '13900000008' } });
  const other = await db.opening.create({ data: { workshopId: ws2.id, title: '竹编工', skills: [], headcount: 5, wageMin: 80, wageMax: 120, wageUnit: 'day' } });
  const workers = [];
  for (const [i, name] of ['=1+1', '李四', '王五'].entries()) {
    workers.push(await db.worker.create({ data: { phone: `1380000710${i}`, name, skills: ['缝纫'], divisionCode: XINJIE_VILLAGE } }));
  }
  const c = await sys.ctx.services.matching.startBroadcast(o.id, { sendToAll: true });
  await sys.ctx.services.matching.runCampaign(c.id);
  await db.application.create({ data: { openingId: o.id, workerId: workers[0]!.id, channel: 'sms', note: '-请回电' } });
  await db.application.create({ data: { openingId: o.id, workerId: workers[1]!.id, channel: 'sms', status: 'hired' } });
  return { ws, o, other, workers };
}

describe('an opening’s applicants and send results, exported and printed', () => {
  it('exports applicants with filters, in scope only; prints them without any control', async () => {
    const { station, neighbour, bossA, bossB, empA } = await people();
    const { o } = await openingWithPeople(empA.id);

    for (const jar of [station, bossA]) {
      const { res, body } = await download(jar, `/console/openings/${o.id}/applicants.xlsx`);
      expect(res.statusCode).toBe(200);
      expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1]!)).toMatch(new RegExp(`^报名名单-${o.code}-缝纫工-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
      const sheet = readSheet(body);
      expect(sheet.xml).not.toMatch(/<f[ >]/);
      const rows = records(body);
      expect(rows.map((r) => [r['姓名'], r['状态']])).toEqual([
        ['=1+1', '已报名'],
        ['李四', '已录用'],
      ]);
      expect(rows[0]!['备注']).toBe('-请回电');
      expect(sheet.rows.flat().find((c) => c.value === '=1+1')!.type).toBe('s');
    }
    const hired = records((await download(station, `/console/openings/${o.id}/applicants.xlsx?status=hired`)).body);
    expect(hired.map((r) => r['姓名'])).toEqual(['李四']);
    // Another employer, another station: as if it did not exist.
    expect((await download(bossB, `/console/openings/${o.id}/applicants.xlsx`)).res.statusCode).toBe(404);
    expect((await download(neighbour, `/console/openings/${o.id}/applicants.xlsx`)).res.statusCode).toBe(404);
    expect((await download(neighbour, `/console/openings/${o.id}/applicants?print=1`)).res.statusCode).toBe(404);

    const print = (await getPage(sys.app, station, `/console/openings/${o.id}/applicants?print=1`)).res;
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('class="print"');
    expect(print.body).toContain('缝纫工（编号');
    expect(print.body).toMatch(/元阳县新街镇就业站 · 打印日期 \d{4}-\d{2}-\d{2}/);
    expect(print.body).not.toMatch(/<form|<button|<nav/);
    expect(print.body).toContain('李四');
    const printB = (await getPage(sys.app, bossA, `/console/openings/${o.id}/applicants?print=1`)).res.body;
    expect(printB).toContain('新街制衣厂 · 打印日期');
  });

  it('pages and filters applicants; a bad page or status is a clamp or a sentence, never a 500', async () => {
    const { station, empA } = await people();
    const { o, workers } = await openingWithPeople(empA.id);
    const page = (await getPage(sys.app, station, `/console/openings/${o.id}/applicants?q=${encodeURIComponent('李')}`)).res;
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('共 1 人');
    expect(page.body).toContain('李四');
    expect(page.body).not.toContain('王五');
    for (const q of ['page=999999', 'page=-1', 'page=1e9', 'page=%E4%B8%80', 'status=nope', 'status=toString', 'status=__proto__', 'page=1&page=2', 'page=999999999', `q=${'长'.repeat(50)}`]) {
      const r = (await getPage(sys.app, station, `/console/openings/${o.id}/applicants?${q}`)).res;
      expect(r.statusCode, q).toBe(200);
      expect(r.body, q).not.toMatch(/Internal|Invalid|Expected/);
    }
    expect((await getPage(sys.app, station, `/console/openings/${o.id}/applicants?status=nope`)).res.body).toContain('请从选项中选择');
    // An action from the applicants page comes back to it, filters kept.
    const form = await getPage(sys.app, station, `/console/openings/${o.id}/applicants?status=applied`);
    const app0 = await sys.ctx.db.application.findFirstOrThrow({ where: { workerId: workers[0]!.id } });
    const r = await postForm(sys.app, station, `/console/openings/${o.id}/applications/${app0.id}`, { _csrf: form.token!, status: 'contacted', note: '', back: `/console/openings/${o.id}/applicants?status=applied` });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/console/openings/${o.id}/applicants?status=applied`);
    // Elsewhere is not a place to be sent back to.
    const away = await postForm(sys.app, station, `/console/openings/${o.id}/applications/${app0.id}`, { _csrf: form.token!, status: 'contacted', back: '//evil.example/x' });
    expect(away.headers.location).toBe(`/console/openings/${o.id}`);
  });

  it('exports who was alerted with each status, phones masked as on the page', async () => {
    const { station, neighbour, bossA, empA } = await people();
    const { o } = await openingWithPeople(empA.id);
    const { res, body } = await download(bossA, `/console/openings/${o.id}/alerted.xlsx`);
    expect(res.statusCode).toBe(200);
    const rows = records(body);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r['手机']).toMatch(/^138\*{4}\d{4}$/);
      expect(['排队中', '发送中', '已发出', '已送达', '失败', '已取消']).toContain(r['状态']);
      expect(r['为什么通知']).toContain('缝纫');
    }
    expect(readSheet(body).rows[0]!.map((c) => c.value)).toEqual(['手机', '住址', '第几批', '为什么通知', '状态', '原因', '原因代码', '发出时间']);
    expect((await download(neighbour, `/console/openings/${o.id}/alerted.xlsx`)).res.statusCode).toBe(404);
    expect((await getPage(sys.app, station, `/console/openings/${o.id}/alerted`)).res.body).toContain(`/console/openings/${o.id}/alerted.xlsx`);
  });
});

describe('the call list, exported and printed', () => {
  it('exports and prints the station’s own call list only', async () => {
    const { station, neighbour, bossA } = await people();
    const db = sys.ctx.db;
    const mine = await db.worker.create({ data: { phone: '13800007201', name: '@打不通', skills: ['缝纫'], divisionCode: XINJIE_VILLAGE } });
    const theirs = await db.worker.create({ data: { phone: '13800007202', name: '蒙自的人', skills: ['缝纫'], divisionCode: MENGZI_VILLAGE } });
    for (const w of [mine, theirs]) {
      await db.notification.create({
        data: { workerId: w.id, kind: 'alert', channel: 'sms', phone: w.phone, templateCode: 'SMS_TEST', templateParams: {}, content: '测试', segments: 1, status: 'failed', errorCode: 'isv.MOBILE_NUMBER_ILLEGAL' },
      });
    }
    const { res, body } = await download(station, '/console/calls/export.xlsx');
    expect(res.statusCode).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1]!)).toMatch(/^回访名单-/);
    const rows = records(body);
    expect(rows.map((r) => r['姓名'])).toEqual(['@打不通']);
    expect(rows[0]).toMatchObject({ 手机: '13800007201', 原因: '短信没发到：号码无效', 原因代码: 'isv.MOBILE_NUMBER_ILLEGAL' });
    expect(readSheet(body).xml).not.toMatch(/<f[ >]/);
    expect(records((await download(neighbour, '/console/calls/export.xlsx')).body).map((r) => r['姓名'])).toEqual(['蒙自的人']);
    expect((await download(bossA, '/console/calls/export.xlsx')).res.statusCode).toBe(403);

    const print = (await getPage(sys.app, station, '/console/calls?print=1')).res.body;
    expect(print).toContain('回访名单（1 人）');
    expect(print).toContain('元阳县新街镇就业站 · 打印日期');
    expect(print).not.toMatch(/<form|<button|<select|<nav/);
    expect(print).not.toContain('蒙自的人');
    // The reason in words; the raw code only in a tooltip on the page (no English a station reads).
    expect(print).toContain('短信没发到：号码无效');
    expect(print).not.toContain('MOBILE_NUMBER_ILLEGAL');
    const page = (await getPage(sys.app, station, '/console/calls')).res.body;
    expect(page).toContain('title="原因代码 isv.MOBILE_NUMBER_ILLEGAL">短信没发到：号码无效</span>');
    expect((await getPage(sys.app, station, '/console/calls')).res.body).toContain('href="/console/calls?print=1"');
  });

  it('filters by reason and place, pages 100 at a time past the old cap of 200, and keeps the filter in print and export', async () => {
    const { station, admin } = await people();
    const db = sys.ctx.db;
    const old = new Date(Date.now() - 3 * 86_400_000);
    const make = async (i: number, village: string, failed: boolean) => {
      const w = await db.worker.create({ data: { phone: `1380001${String(i).padStart(4, '0')}`, name: `工人${i}`, skills: [], divisionCode: village } });
      await db.notification.create({
        data: { workerId: w.id, kind: 'alert', channel: 'sms', phone: w.phone, templateCode: 'SMS_TEST', templateParams: {}, content: '测试', segments: 1, status: failed ? 'failed' : 'delivered', errorCode: failed ? 'isv.X' : null, createdAt: old, updatedAt: old },
      });
    };
    // 230 failed in 新街镇's 胜村 (…211), 20 unanswered in another of its villages, 5 failed in 蒙自.
    for (let i = 0; i < 230; i++) await make(i, XINJIE_VILLAGE, true);
    for (let i = 230; i < 250; i++) await make(i, '532528102201', false);
    for (let i = 250; i < 255; i++) await make(i, MENGZI_VILLAGE, true);
    const rowsOf = (body: string) => [...body.matchAll(/<form method="post" action="\/console\/calls\/(\d+)[?"]/g)].length;

    const first = (await getPage(sys.app, station, '/console/calls')).res.body;
    expect(first).toContain('共 250 人，第 1/3 页，每页 100 人');
    expect(rowsOf(first)).toBe(100);
    const third = (await getPage(sys.app, station, '/console/calls?page=3')).res.body;
    expect(rowsOf(third)).toBe(50);
    // Past the end: the last page.
    expect(rowsOf((await getPage(sys.app, station, '/console/calls?page=9')).res.body)).toBe(50);

    const quiet = (await getPage(sys.app, station, '/console/calls?reason=no_reply')).res.body;
    expect(quiet).toContain('共 20 人');
    expect(rowsOf(quiet)).toBe(20);
    expect(quiet).toContain('href="/console/calls?reason=no_reply&amp;print=1"');
    const print = (await getPage(sys.app, station, '/console/calls?reason=no_reply&print=1')).res.body;
    expect(print).toContain('回访名单（20 人）');
    expect(records((await download(station, '/console/calls/export.xlsx?reason=no_reply')).body)).toHaveLength(20);

    // A place outside the station's area finds nobody and says why; the admin finds 蒙自's five.
    const outside = (await getPage(sys.app, station, `/console/calls?division=${MENGZI_VILLAGE}`)).res;
    expect(outside.statusCode).toBe(200);
    expect(outside.body).toContain('共 0 人');
    expect(outside.body).toMatch(/class="error"/);
    expect((await getPage(sys.app, admin, `/console/calls?division=${MENGZI_VILLAGE}`)).res.body).toContain('共 5 人');
    expect((await getPage(sys.app, station, '/console/calls?reason=bogus')).res.body).toContain('请从列表里选原因');
    // A bad filter gets a page saying why, not an empty sheet.
    const refused = await download(station, '/console/calls/export.xlsx?reason=bogus');
    expect(refused.res.statusCode).toBe(400);
    expect(refused.res.body).toContain('请从列表里选原因');
  });

  it('records a call and comes back to the same filter and page; a refused one keeps the note and says why', async () => {
    const { station } = await people();
    const db = sys.ctx.db;
    const old = new Date(Date.now() - 3 * 86_400_000);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const w = await db.worker.create({ data: { phone: `1380002${String(i).padStart(4, '0')}`, name: `回访${i}`, skills: [], divisionCode: XINJIE_VILLAGE } });
      ids.push(w.id);
      await db.notification.create({ data: { workerId: w.id, kind: 'alert', channel: 'sms', phone: w.phone, templateCode: 'SMS_TEST', templateParams: {}, content: '测试', segments: 1, status: 'failed', errorCode: 'isv.X', createdAt: old, updatedAt: old } });
    }
    const list = await getPage(sys.app, station, '/console/calls?reason=alert_failed');
    const action = `/console/calls/${ids[0]}?reason=alert_failed`;
    expect(list.res.body).toContain(`action="${action}"`);
    const ok = await postForm(sys.app, station, action, { _csrf: list.token!, outcome: 'reached', note: '已联系' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/console/calls?reason=alert_failed');
    // Refused (a note over 300 characters): the same filtered page, the row says why and keeps the note.
    const long = '很'.repeat(301);
    const bad = await postForm(sys.app, station, `/console/calls/${ids[1]}?reason=alert_failed`, { _csrf: list.token!, outcome: 'reached', note: long });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<p class="error">[^<]+<\/p><\/td>/);
    expect(bad.body).toContain(`value="${long}"`);
    expect(bad.body).toContain(`action="/console/calls/${ids[2]}?reason=alert_failed"`);
    // A worker not on the list (out of scope or unknown): said on top, not lost.
    const outside = await postForm(sys.app, station, '/console/calls/2147483647?reason=alert_failed', { _csrf: list.token!, outcome: 'reached' });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('没有记下：');
  });

  it('says on the printed sheet when the list is longer than one print, and exports everyone', async () => {
    const { station } = await people();
    const old = new Date(Date.now() - 3 * 86_400_000);
    // 5,003 people whose alert failed, in 新街镇: more than one printed sheet holds (5,000).
    await sys.ctx.db.$executeRaw`
      WITH w AS (
        INSERT INTO workers (phone, name, skills, division_code, updated_at)
        SELECT '1381' || lpad(i::text, 7, '0'), '工人' || i, '{}', ${XINJIE_VILLAGE}, now() FROM generate_series(1, 5003) i
        RETURNING id, phone)
      INSERT INTO notifications (worker_id, kind, channel, phone, template_code, template_params, content, segments, status, error_code, created_at, updated_at)
      SELECT id, 'alert', 'sms', phone, 'SMS_TEST', '{}', '测试', 1, 'failed', 'isv.X', ${old}, ${old} FROM w`;
    const print = (await getPage(sys.app, station, '/console/calls?print=1')).res.body;
    expect(print).toContain('回访名单（共 5003 人，本页打印前 5000 人）');
    expect(print).toContain('还有 3 人没有打印');
    expect(records((await download(station, '/console/calls/export.xlsx')).body)).toHaveLength(5003);
  });
});

describe('the openings list and the audit log, searched and paged', () => {
  it('finds openings by word, status and place, 50 a page, clamping out-of-range pages', async () => {
    const { station, neighbour, bossA, empA } = await people();
    const db = sys.ctx.db;
    const ws = await db.workshop.create({ data: { name: '制衣车间', form: 'county_workshop', divisionCode: XINJIE, contactPhone: '13900000009', employerId: empA.id } });
    const ws2 = await db.workshop.create({ data: { name: '蒙自车间', form: 'county_workshop', divisionCode: '532503001', contactPhone: '13900000008' } });
    for (let i = 0; i < 60; i++) {
      await db.opening.create({ data: { workshopId: ws.id, title: i % 2 ? `缝纫工${i}` : `包装工${i}`, skills: [], headcount: 1, wageMin: 1, wageMax: 2, wageUnit: 'day', status: i < 5 ? 'closed' : 'open' } });
    }
    await db.opening.create({ data: { workshopId: ws2.id, title: '竹编工', skills: [], headcount: 1, wageMin: 1, wageMax: 2, wageUnit: 'day' } });

    const first = (await getPage(sys.app, station, '/console/openings')).res.body;
    expect(first).toContain('共 60 个招工');
    expect(first.match(/<tr><td>[^<]*<\/td><td><a href="\/console\/openings\/\d+">/g)).toHaveLength(50);
    expect(first).toContain('第 1/2 页');
    expect(first).not.toContain('竹编工');
    const last = (await getPage(sys.app, station, '/console/openings?page=99999')).res.body;
    expect(last).toContain('第 2/2 页');
    expect(last.match(/<tr><td>[^<]*<\/td><td><a href="\/console\/openings\/\d+">/g)).toHaveLength(10);
    expect((await getPage(sys.app, station, `/console/openings?q=${encodeURIComponent('缝纫')}`)).res.body).toContain('共 30 个招工');
    expect((await getPage(sys.app, station, '/console/openings?status=closed')).res.body).toContain('共 5 个招工');
    expect((await getPage(sys.app, station, `/console/openings?division=${encodeURIComponent('新街镇')}&status=open`)).res.body).toContain('共 55 个招工');
    expect((await getPage(sys.app, neighbour, '/console/openings')).res.body).toContain('共 1 个招工');
    expect((await getPage(sys.app, bossA, '/console/openings')).res.body).toContain('共 60 个招工');
    // The neighbour asking for 新街镇's openings gets none of them.
    expect((await getPage(sys.app, neighbour, `/console/openings?division=${encodeURIComponent('新街镇')}`)).res.body).toContain('共 0 个招工');
    for (const q of ['status=nope', 'status=constructor', 'status=hasOwnProperty', `division=${encodeURIComponent('火星')}`, `q=${'x'.repeat(80)}`, 'page=abc', 'page=0', 'page=99999999999999999999', 'page=999999999']) {
      const r = (await getPage(sys.app, station, `/console/openings?${q}`)).res;
      expect(r.statusCode, q).toBe(200);
      expect(r.body, q).not.toMatch(/Internal|Invalid|Expected/);
    }
    expect((await getPage(sys.app, station, `/console/openings?division=${encodeURIComponent('火星')}`)).res.body).toContain('找不到地名“火星”');
  });

  it('finds audit records by who, record and days; only admins', async () => {
    const { admin, adminId, station } = await people();
    const all = (await getPage(sys.app, admin, '/console/admin/audit')).res;
    expect(all.statusCode).toBe(200);
    expect(all.body).toMatch(/共 \d+ 条/);
    const mine = (await getPage(sys.app, admin, `/console/admin/audit?who=user:${adminId}&entity=console_user`)).res.body;
    expect(mine).toContain('后台用户·登录');
    expect(mine).not.toContain('>console_user.sign_in<');
    for (const q of ['entity=constructor', 'who=toString', 'id=99999999999999999999', 'to=2026-02-31', 'page=abc', 'page=999999999']) {
      const r = (await getPage(sys.app, admin, `/console/admin/audit?${q}`)).res;
      expect(r.statusCode, q).toBe(200);
      expect(r.body, q).not.toMatch(/Internal|Invalid|出错了/);
    }
    const bad = (await getPage(sys.app, admin, '/console/admin/audit?from=2026-13-45&who=nobody&id=abc&page=-5')).res;
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('日期格式不对');
    expect(bad.body).toContain('编号只能是数字');
    const future = (await getPage(sys.app, admin, '/console/admin/audit?from=2099-01-01')).res.body;
    expect(future).toContain('共 0 条');
    expect((await getPage(sys.app, station, '/console/admin/audit')).res.statusCode).toBe(403);
  });
});

describe('workshops: edited, and tied to an employer account', () => {
  it('a station edits its workshop and ties it to an employer, who then sees it; only an admin moves it again', async () => {
    const { admin, station, neighbour, bossA, bossB, empA, empB } = await people();
    const db = sys.ctx.db;
    const ws = await db.workshop.create({ data: { name: '站里建的车间', form: 'village_plant', divisionCode: XINJIE_VILLAGE, contactPhone: '13900000007' } });
    const o = await db.opening.create({ data: { workshopId: ws.id, title: '采茶工', skills: [], headcount: 3, wageMin: 80, wageMax: 120, wageUnit: 'day' } });

    const page = await getPage(sys.app, station, `/console/openings/workshops/${ws.id}`);
    expect(page.res.statusCode).toBe(200);
    expect(page.res.body).toContain('不属于任何雇主账号');
    // Saving the form as shown (place by name) keeps the place; a new name is saved.
    const saved = await postForm(sys.app, station, `/console/openings/workshops/${ws.id}`, {
      _csrf: page.token!,
      name: '胜村茶厂',
      form: 'village_plant',
      division: /id="f-division" name="division" type="text" value="([^"]+)"/.exec(page.res.body)![1]!,
      contactPhone: '13900000007',
    });
    expect(saved.statusCode).toBe(303);
    const after = await db.workshop.findUniqueOrThrow({ where: { id: ws.id } });
    expect([after.name, after.divisionCode]).toEqual(['胜村茶厂', XINJIE_VILLAGE]);
    const bad = await postForm(sys.app, station, `/console/openings/workshops/${ws.id}`, { _csrf: page.token!, name: '', form: 'rocket', division: '蒙自市', contactPhone: '123' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('必填');
    // Outside the station's area: not a place it may move its workshop to.
    const away = await postForm(sys.app, station, `/console/openings/workshops/${ws.id}`, { _csrf: page.token!, name: '胜村茶厂', form: 'village_plant', division: '蒙自市', contactPhone: '13900000007' });
    expect(away.statusCode).toBe(400);
    expect(away.body).toContain('不在您负责的辖区内');
    expect((await db.workshop.findUniqueOrThrow({ where: { id: ws.id } })).divisionCode).toBe(XINJIE_VILLAGE);

    // Not visible, not editable, elsewhere; without the form's token, nothing happens.
    expect((await getPage(sys.app, neighbour, `/console/openings/workshops/${ws.id}`)).res.statusCode).toBe(404);
    expect((await getPage(sys.app, bossA, `/console/openings/workshops/${ws.id}`)).res.statusCode).toBe(404);
    const forged = await postForm(sys.app, station, `/console/openings/workshops/${ws.id}/employer`, { employerId: String(empA.id) });
    expect(forged.statusCode).toBe(403);
    expect((await db.workshop.findUniqueOrThrow({ where: { id: ws.id } })).employerId).toBeNull();

    // Tied to employer A: A's account now has the workshop and its opening.
    const tie = await postForm(sys.app, station, `/console/openings/workshops/${ws.id}/employer`, { _csrf: page.token!, employerId: String(empA.id) });
    expect(tie.statusCode).toBe(303);
    expect((await db.workshop.findUniqueOrThrow({ where: { id: ws.id } })).employerId).toBe(empA.id);
    expect((await getPage(sys.app, bossA, `/console/openings/${o.id}`)).res.statusCode).toBe(200);
    expect((await getPage(sys.app, bossB, `/console/openings/${o.id}`)).res.statusCode).toBe(404);
    expect(await db.auditLog.count({ where: { action: 'workshop.assign_employer', entityId: String(ws.id) } })).toBe(1);

    // The station cannot hand it on to B; the employer cannot either; an admin can.
    const again = await getPage(sys.app, station, `/console/openings/workshops/${ws.id}`);
    expect(again.res.body).toContain('请管理员来做');
    const moved = await postForm(sys.app, station, `/console/openings/workshops/${ws.id}/employer`, { _csrf: again.token!, employerId: String(empB.id) });
    expect(moved.statusCode).toBe(403);
    const formA = await getPage(sys.app, bossA, `/console/openings/workshops/${ws.id}`);
    expect(formA.res.body).not.toContain('/employer"');
    expect((await postForm(sys.app, bossA, `/console/openings/workshops/${ws.id}/employer`, { _csrf: formA.token!, employerId: String(empB.id) })).statusCode).toBe(400);
    expect((await db.workshop.findUniqueOrThrow({ where: { id: ws.id } })).employerId).toBe(empA.id);
    const adminPage = await getPage(sys.app, admin, `/console/openings/workshops/${ws.id}`);
    expect((await postForm(sys.app, admin, `/console/openings/workshops/${ws.id}/employer`, { _csrf: adminPage.token!, employerId: 'abc' })).statusCode).toBe(400);
    expect((await postForm(sys.app, admin, `/console/openings/workshops/${ws.id}/employer`, { _csrf: adminPage.token!, employerId: '99999' })).statusCode).toBe(400);
    expect((await postForm(sys.app, admin, `/console/openings/workshops/${ws.id}/employer`, { _csrf: adminPage.token!, employerId: String(empB.id) })).statusCode).toBe(303);
    expect((await db.workshop.findUniqueOrThrow({ where: { id: ws.id } })).employerId).toBe(empB.id);
  });
});

describe('an admin resets a password and changes a scope', () => {
  it('ends the user’s sessions, shows a generated password once, audits both; never for oneself', async () => {
    const { admin, adminId, station } = await people();
    const db = sys.ctx.db;
    const user = await db.consoleUser.findFirstOrThrow({ where: { name: 'xinjie' } });
    expect((await getPage(sys.app, station, '/console/workers')).res.statusCode).toBe(200);

    const page = await getPage(sys.app, admin, `/console/admin/users/${user.id}`);
    expect(page.res.statusCode).toBe(200);
    expect(page.res.body).toContain('元阳县新街镇');
    const short = await postForm(sys.app, admin, `/console/admin/users/${user.id}/password`, { _csrf: page.token!, password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('密码至少 8 个字符');
    const gen = await postForm(sys.app, admin, `/console/admin/users/${user.id}/password`, { _csrf: page.token!, password: '' });
    expect(gen.statusCode).toBe(200);
    expect(gen.headers['cache-control']).toBe('no-store');
    const shown = /<code id="new-password">([^<]+)<\/code>/.exec(gen.body)![1]!;
    expect(shown).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    // The station's old session is over; the new password signs in; the old one does not.
    expect((await getPage(sys.app, station, '/console/workers')).res.statusCode).toBe(303);
    expect((await signIn(sys.app, 'xinjie', PW)).res.statusCode).toBe(401);
    const fresh = await signIn(sys.app, 'xinjie', shown);
    expect(fresh.res.statusCode).toBe(303);
    // The page shown later does not repeat it.
    expect((await getPage(sys.app, admin, `/console/admin/users/${user.id}`)).res.body).not.toContain(shown);
    const typed = await postForm(sys.app, admin, `/console/admin/users/${user.id}/password`, { _csrf: page.token!, password: 'typed-by-admin-1' });
    expect(typed.statusCode).toBe(303);
    expect((await signIn(sys.app, 'xinjie', 'typed-by-admin-1')).res.statusCode).toBe(303);
    const audits = await db.auditLog.findMany({ where: { action: 'console_user.password_reset', entityId: String(user.id) } });
    expect(audits).toHaveLength(2);
    const stored = JSON.stringify(audits.map((a) => [a.before, a.after]));
    expect(stored).not.toContain(shown);
    expect(stored).not.toContain('typed-by-admin-1');

    // Scope: the station becomes 蒙自's, by name; its next request sees 蒙自 only.
    const jar = (await signIn(sys.app, 'xinjie', 'typed-by-admin-1')).jar;
    await db.worker.create({ data: { phone: '13800007301', name: '新街的人', skills: ['缝纫'], divisionCode: XINJIE_VILLAGE } });
    await db.worker.create({ data: { phone: '13800007302', name: '蒙自的人', skills: ['缝纫'], divisionCode: MENGZI_VILLAGE } });
    expect((await getPage(sys.app, jar, '/console/workers')).res.body).toContain('新街的人');
    // A village cadre's scope is its village (every page scopes by code prefix).
    const village = await postForm(sys.app, admin, `/console/admin/users/${user.id}/scope`, { _csrf: page.token!, role: 'caseworker', divisionPrefixes: '胜村' });
    expect(village.statusCode).toBe(303);
    expect((await db.consoleUser.findUniqueOrThrow({ where: { id: user.id } })).divisionPrefixes).toEqual(['532528102211']);
    const none = await postForm(sys.app, admin, `/console/admin/users/${user.id}/scope`, { _csrf: page.token!, role: 'caseworker', divisionPrefixes: '' });
    expect(none.statusCode).toBe(400);
    expect(none.body).not.toMatch(/caseworker key|Invalid/);
    const moved = await postForm(sys.app, admin, `/console/admin/users/${user.id}/scope`, { _csrf: page.token!, role: 'caseworker', divisionPrefixes: '蒙自市' });
    expect(moved.statusCode).toBe(303);
    const list = (await getPage(sys.app, jar, '/console/workers')).res.body;
    expect(list).toContain('蒙自的人');
    expect(list).not.toContain('新街的人');
    // Both changes audited: to the village, then to 蒙自市.
    expect(await db.auditLog.count({ where: { action: 'console_user.scope', entityId: String(user.id) } })).toBe(2);
    expect((await getPage(sys.app, admin, `/console/admin/audit?entity=console_user&id=${user.id}`)).res.body).toContain('后台用户·改角色和辖区');

    // Not for oneself; not for anyone but an admin; a forged post does nothing.
    const self = await getPage(sys.app, admin, `/console/admin/users/${adminId}`);
    expect(self.res.body).not.toContain(`/console/admin/users/${adminId}/password`);
    expect((await postForm(sys.app, admin, `/console/admin/users/${adminId}/scope`, { _csrf: page.token!, role: 'caseworker', divisionPrefixes: '新街镇' })).statusCode).toBe(400);
    expect((await postForm(sys.app, admin, `/console/admin/users/${adminId}/password`, { _csrf: page.token!, password: 'my-new-password' })).statusCode).toBe(400);
    expect((await db.consoleUser.findUniqueOrThrow({ where: { id: adminId } })).role).toBe('admin');
    expect((await postForm(sys.app, jar, `/console/admin/users/${adminId}/password`, { _csrf: page.token!, password: 'hijacked-password' })).statusCode).toBe(403);
    expect((await postForm(sys.app, admin, `/console/admin/users/${user.id}/password`, { password: 'no-token-password' })).statusCode).toBe(403);
    expect((await getPage(sys.app, admin, '/console/admin/users/99999999')).res.statusCode).toBe(404);
    expect((await getPage(sys.app, admin, '/console/admin/users/abc')).res.statusCode).toBe(404);
  });
});

describe('reminders and segments edited in the console', () => {
  const at = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');

  it('edits a station’s own reminder and segment; one from the county stays read-only', async () => {
    const { station } = await people();
    const db = sys.ctx.db;
    const w = await db.worker.create({ data: { phone: '13800007401', skills: ['缝纫'], divisionCode: XINJIE_VILLAGE } });
    const w2 = await db.worker.create({ data: { phone: '13800007402', skills: ['缝纫'], divisionCode: XINJIE_VILLAGE } });
    const xinjie: Principal = { actor: `user:${(await db.consoleUser.findFirstOrThrow({ where: { name: 'xinjie' } })).id}`, keyId: null, role: 'caseworker', divisionPrefixes: [XINJIE], employerId: null };
    const county: Principal = { actor: 'county', keyId: null, role: 'caseworker', divisionPrefixes: ['532528'], employerId: null };
    const rems = sys.ctx.services.reminders;
    const mine = await rems.createReminder(xinjie, { sender: '新街镇就业站', text: '狗街招聘会', workerIds: [w.id], schedule: { type: 'market_day', day: '狗街', time: '09:00' } });
    const theirs = await rems.createReminder(county, { sender: '元阳县人社局', text: '县里招聘会', workerIds: [w.id], schedule: { type: 'once', at: at() } });

    const page = await getPage(sys.app, station, `/console/reminders/${mine.id}`);
    expect(page.res.body).toContain('修改提醒');
    expect(page.res.body).toContain('value="13800007401"');
    expect(page.res.body).toMatch(/<option value="狗街" selected>/);
    const edit = (fields: Record<string, string>) => postForm(sys.app, station, `/console/reminders/${mine.id}`, { _csrf: page.token!, sender: '新街镇就业站', text: '猪街招聘会', workerIds: '13800007401,13800007402', 'schedule.type': 'market_day', 'schedule.day': '猪街', 'schedule.time': '08:30', ...fields });
    const bad = await edit({ text: 'x'.repeat(60) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('最多');
    const stranger = await edit({ workerIds: '13900009999' });
    expect(stranger.statusCode).toBe(400);
    expect((await edit({})).statusCode).toBe(303);
    const saved = await db.reminder.findUniqueOrThrow({ where: { id: mine.id } });
    expect([saved.text, saved.workerIds.sort()]).toEqual(['猪街招聘会', [w.id, w2.id].sort()]);
    expect(saved.schedule).toMatchObject({ type: 'market_day', day: '猪街', time: '08:30' });
    expect(await db.auditLog.count({ where: { action: 'reminder.update', entityId: String(mine.id) } })).toBe(1);

    const ro = await getPage(sys.app, station, `/console/reminders/${theirs.id}`);
    expect(ro.res.body).not.toContain('修改提醒');
    const tried = await postForm(sys.app, station, `/console/reminders/${theirs.id}`, { _csrf: page.token!, sender: '新街镇就业站', text: '改掉', workerIds: '13800007401', 'schedule.type': 'once', 'schedule.at': at().replace(' ', 'T') });
    expect(tried.statusCode).toBe(404);
    expect((await db.reminder.findUniqueOrThrow({ where: { id: theirs.id } })).text).toBe('县里招聘会');

    // A segment by place names, edited.
    const seg = await rems.createSegment(xinjie, { name: '新街缝纫', filter: { divisions: [XINJIE], skills: ['缝纫'], statuses: [] } });
    const sp = await getPage(sys.app, station, `/console/reminders/segments/${seg.id}`);
    expect(sp.res.body).toContain('value="元阳县新街镇"');
    const segBad = await postForm(sys.app, station, `/console/reminders/segments/${seg.id}`, { _csrf: sp.token!, name: '新街全部', divisions: '蒙自市' });
    expect(segBad.statusCode).toBe(400);
    expect(segBad.body).not.toMatch(/Invalid|outside your/);
    expect((await postForm(sys.app, station, `/console/reminders/segments/${seg.id}`, { _csrf: sp.token!, name: '新街全部', divisions: '胜村' })).statusCode).toBe(303);
    const segAfter = await db.segment.findUniqueOrThrow({ where: { id: seg.id } });
    expect(segAfter.name).toBe('新街全部');
    expect((segAfter.filter as { divisions: string[]; skills: string[] }).skills).toEqual([]);
    expect((segAfter.filter as { divisions: string[] }).divisions[0]).toMatch(/^532528102\d{3}$/);
    const neighbourJar = (await signIn(sys.app, 'mengzi', PW)).jar;
    expect((await getPage(sys.app, neighbourJar, `/console/reminders/segments/${seg.id}`)).res.statusCode).toBe(404);
  });
});
