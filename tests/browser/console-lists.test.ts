import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { records } from '../helpers/xlsx.js';

// Issue #18, the station's daily batch in a real browser (Debian's chromium, headless): Excel
// downloads, print layouts, searched and paged lists, workshop ties, password resets and
// reminder edits, at a 1366-wide desktop and a 390-wide phone. Every page reached is checked
// for English and for an error status; screenshots land in artifacts/screenshots.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('artifacts/screenshots');
const XINJIE = '532528102';
const VILLAGE = '532528102211';
const PASSWORD = 'correct-horse-9';
const BOOTSTRAP: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const WIDTHS = [
  ['desktop', { width: 1366, height: 768 }],
  ['phone', { width: 390, height: 844 }],
] as const;

/**
 * Latin words a page may show: the names of things people here call by them (Excel, WPS, API,
 * Ctrl+P, cron), the SMS provider's error codes on the call list, and this test's sign-in names
 * (data an admin chose). Anything else is English a caseworker would have to guess at.
 */
const ALLOWED = /^(Excel|WPS|API|Ctrl|cron|isv\.[A-Z_]+|xinjie|admin)$/;

describe('station lists, exports and edits in Chromium', () => {
  let sys: TestSystem;
  let browser: Browser;
  const ids = { opening: 0, workshop: 0, station: 0, employer: 0, reminder: 0, segment: 0 };
  const reached: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`the console tests need a Chromium at ${CHROMIUM}: on Debian/Ubuntu run \`apt-get install chromium fonts-noto-cjk\`, or set CHROMIUM_PATH`);
    sys = await startSystem({ listen: true });
    const db = sys.ctx.db;
    await resetData(db);
    await db.$executeRawUnsafe('TRUNCATE console_users RESTART IDENTITY CASCADE');
    const users = sys.ctx.services.consoleUsers;
    await users.create(BOOTSTRAP, { name: 'admin', password: PASSWORD, role: 'admin', divisionPrefixes: [] });
    ids.station = (await users.create(BOOTSTRAP, { name: 'xinjie', password: PASSWORD, role: 'caseworker', divisionPrefixes: [XINJIE] })).id;
    ids.employer = (await db.employer.create({ data: { name: '新街制衣厂' } })).id;
    const ws = await db.workshop.create({ data: { name: '站里建的车间', form: 'village_plant', divisionCode: XINJIE, contactPhone: '13900000007' } });
    ids.workshop = ws.id;
    const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month' } });
    ids.opening = o.id;
    for (let i = 0; i < 8; i++) await db.opening.create({ data: { workshopId: ws.id, title: `包装工${i}`, skills: [], headcount: 2, wageMin: 100, wageMax: 150, wageUnit: 'day', status: i % 3 ? 'open' : 'closed' } });
    const names = ['=1+2', '李四', '王五', '赵六'];
    const workers = [];
    for (const [i, name] of names.entries()) workers.push(await db.worker.create({ data: { phone: `1380000810${i}`, name, skills: ['缝纫'], divisionCode: VILLAGE } }));
    const c = await sys.ctx.services.matching.startBroadcast(o.id, { sendToAll: true });
    await sys.ctx.services.matching.runCampaign(c.id);
    for (const w of workers.slice(0, 3)) await db.application.create({ data: { openingId: o.id, workerId: w.id, channel: 'sms' } });
    await db.notification.create({
      data: { workerId: workers[3]!.id, kind: 'alert', channel: 'sms', phone: workers[3]!.phone, templateCode: 'SMS_TEST', templateParams: {}, content: '测试', segments: 1, status: 'failed', errorCode: 'isv.MOBILE_NUMBER_ILLEGAL' },
    });
    const station: Principal = { actor: `user:${ids.station}`, keyId: null, role: 'caseworker', divisionPrefixes: [XINJIE], employerId: null };
    ids.reminder = (await sys.ctx.services.reminders.createReminder(station, { sender: '新街镇就业站', text: '狗街招聘会', workerIds: [workers[1]!.id], schedule: { type: 'market_day', day: '狗街', time: '09:00' } })).id;
    ids.segment = (await sys.ctx.services.reminders.createSegment(station, { name: '新街缝纫', filter: { divisions: [XINJIE], skills: ['缝纫'], statuses: [] } })).id;
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  async function signedIn(name: string): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ baseURL: sys.url, viewport: WIDTHS[0][1], locale: 'zh-CN', acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto('/console/login');
    await page.fill('#f-name', name);
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(/\/console$/), page.click('button:has-text("登录")')]);
    return { ctx, page };
  }

  /** Latin words in the page's visible text that are not on the allowed list. */
  async function english(page: Page): Promise<string[]> {
    const text = String(await page.evaluate('document.body.innerText'));
    return [...text.matchAll(/[A-Za-z][A-Za-z_.]{2,}/g)].map((m) => m[0]).filter((w) => !ALLOWED.test(w));
  }

  /**
   * Opens a page at both widths: no error status, no English, nothing wider than the phone but
   * the tables (which scroll inside their own box); a screenshot of each.
   */
  async function visit(page: Page, url: string, shot: string) {
    for (const [label, viewport] of WIDTHS) {
      await page.setViewportSize(viewport);
      const res = await page.goto(url);
      expect(res?.status(), url).toBeLessThan(400);
      expect(await english(page), url).toEqual([]);
      expect(await page.evaluate("[...document.querySelectorAll('[id]')].map((e) => e.id).filter((id, i, all) => all.indexOf(id) !== i)"), url).toEqual([]);
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow, `${url} at ${viewport.width}`).toBeLessThanOrEqual(1);
      await page.screenshot({ path: path.join(SHOTS, `${shot}-${label}.png`), fullPage: true });
    }
    await page.setViewportSize(WIDTHS[0][1]);
    reached.push(url);
  }

  it('a station searches openings and applicants, prints them, and downloads Excel with Chinese names', async () => {
    const { ctx, page } = await signedIn('xinjie');
    await visit(page, '/console/openings', 'openings-list');
    await page.fill('#f-filter-q', '包装');
    await page.selectOption('#f-filter-status', 'open');
    await page.click('form.filters button');
    await expect.poll(() => page.textContent('main')).toContain('共 5 个招工');
    expect(page.url()).toContain('status=open');
    await visit(page, '/console/openings?page=abc&status=open', 'openings-filtered');

    await visit(page, `/console/openings/${ids.opening}/applicants`, 'applicants');
    expect(await page.textContent('main')).toContain('共 3 人');
    // The hostile name is text on the page as in the file.
    expect(await page.textContent('main')).toContain('=1+2');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("导出 Excel")')]);
    expect(download.suggestedFilename()).toMatch(/^报名名单-.+-缝纫工-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = await download.path();
    const rows = records((await import('node:fs')).readFileSync(file));
    expect(rows.map((r) => r['姓名'])).toEqual(['=1+2', '李四', '王五']);

    // The print layout: no navigation or buttons; the browser's print media hides what is left.
    await visit(page, `/console/openings/${ids.opening}/applicants?print=1`, 'applicants-print');
    expect(await page.locator('header.top').count()).toBe(0);
    expect(await page.locator('button, form').count()).toBe(0);
    expect(await page.textContent('.print-head')).toMatch(/元阳县新街镇就业站 · 打印日期 \d{4}-\d{2}-\d{2}/);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.no-print').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'applicants-print-media.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // The opening page's print CSS hides every control too.
    await page.goto(`/console/openings/${ids.opening}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('button:visible').count()).toBe(0);
    expect(await page.locator('header.top').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await visit(page, '/console/calls', 'calls');
    await visit(page, '/console/calls?print=1', 'calls-print');
    expect(await page.textContent('main')).toContain('回访名单（1 人）');
    await page.goto('/console/calls');
    const [calls] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("导出 Excel")')]);
    expect(calls.suggestedFilename()).toMatch(/^回访名单-\d{4}-\d{2}-\d{2}\.xlsx$/);

    await visit(page, `/console/workers?status=active&division=${encodeURIComponent('新街镇')}`, 'workers-filtered');
    const [workers] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("导出 Excel")')]);
    expect(workers.suggestedFilename()).toMatch(/^工人名单-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(records((await import('node:fs')).readFileSync(await workers.path()))).toHaveLength(4);
    await visit(page, `/console/openings/${ids.opening}/alerted`, 'alerted');
    await ctx.close();
  });

  it('a station edits its workshop and ties it to an employer, after a confirmation', async () => {
    const { ctx, page } = await signedIn('xinjie');
    await visit(page, `/console/openings/workshops/${ids.workshop}`, 'workshop');
    await page.fill('#f-name', '胜村茶厂');
    await Promise.all([page.waitForURL(/workshops\/\d+$/), page.click('button:has-text("保存") >> nth=0')]);
    await expect.poll(() => page.textContent('.notice')).toContain('车间已保存');
    await page.selectOption('#f-employerId', String(ids.employer));
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.locator('form[action$="/employer"] button').click();
    await expect.poll(() => page.textContent('.notice')).toContain('车间已交给这个雇主账号');
    expect(asked[0]).toContain('确定更改这个车间的雇主账号吗');
    expect(await page.textContent('main')).toContain('新街制衣厂');
    expect(await page.textContent('main')).toContain('请管理员来做');
    await visit(page, `/console/openings/workshops/${ids.workshop}`, 'workshop-tied');
    await ctx.close();
  });

  it('a station edits a reminder and a segment', async () => {
    const { ctx, page } = await signedIn('xinjie');
    await visit(page, `/console/reminders/${ids.reminder}`, 'reminder-edit');
    await page.click('summary:has-text("修改提醒")');
    await page.fill('#f-text', '猪街在乡政府门口招聘');
    await page.selectOption('#f-schedule\\.day', '猪街');
    await page.click('button:has-text("保存修改")');
    await expect.poll(() => page.textContent('.notice')).toContain('提醒已修改');
    expect(await page.textContent('h1')).toContain('猪街在乡政府门口招聘');
    await visit(page, `/console/reminders/segments/${ids.segment}`, 'segment-edit');
    await page.fill('#f-name', '新街全部');
    await page.uncheck('input[name=skills][value=缝纫]');
    await page.click('button:has-text("保存")');
    await expect.poll(() => page.textContent('.notice')).toContain('人群“新街全部”已保存');
    await ctx.close();
  });

  it('an admin searches the audit log, resets a station’s password and changes its area', async () => {
    const { ctx, page } = await signedIn('admin');
    await visit(page, '/console/admin/audit', 'audit');
    await page.selectOption('#f-entity', 'workshop');
    await page.click('form.filters button');
    await expect.poll(() => page.textContent('main')).toContain('车间·交给雇主账号');
    await visit(page, '/console/admin/audit?from=2026-99-01&page=-3', 'audit-bad-input');
    expect(await page.textContent('main')).toContain('日期格式不对');

    // The station is signed in elsewhere; the reset ends that session.
    const other = await signedIn('xinjie');
    await visit(page, `/console/admin/users/${ids.station}`, 'user');
    page.once('dialog', (d) => void d.accept());
    await page.click('button:has-text("重设密码")');
    const shown = (await page.textContent('#new-password'))!.trim();
    expect(shown).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await page.screenshot({ path: path.join(SHOTS, 'user-password-shown.png'), fullPage: true });
    await other.page.goto('/console/workers');
    expect(other.page.url()).toContain('/console/login');
    await other.ctx.close();

    await page.goto(`/console/admin/users/${ids.station}`);
    await page.fill('#f-scope-divisionPrefixes', '不存在的地方');
    await page.click('form[action$="/scope"] button');
    expect(await page.textContent('[data-error-for=divisionPrefixes]')).toContain('找不到地名“不存在的地方”');
    await page.fill('#f-scope-divisionPrefixes', '元阳县');
    await page.click('form[action$="/scope"] button');
    await expect.poll(() => page.textContent('.notice')).toContain('角色和辖区已保存');
    expect(await page.textContent('main')).toContain('元阳县');
    await ctx.close();
  });

  it('the second red team’s fixes read right in the browser: reasons in words, the Chinese 404, a recorded call keeps its filter, a village cadre’s map', { timeout: 90_000 }, async () => {
    const db = sys.ctx.db;
    const w = await db.worker.findFirstOrThrow({ where: { phone: '13800008103' } });
    await db.notification.create({ data: { workerId: w.id, kind: 'alert', channel: 'voice', phone: w.phone, templateCode: 'TTS_TEST', templateParams: {}, content: '测试', segments: 0, status: 'failed', errorCode: 'VOICE_200003' } });
    // As the admin: the station's password was reset by the test before.
    const { ctx, page } = await signedIn('admin');
    await visit(page, `/console/workers/${w.id}`, 'worker-history-reasons');
    expect(await page.textContent('main')).toContain('电话没接通：未接听');
    // An address with no page: the console's own page in Chinese at both widths.
    for (const [label, viewport] of WIDTHS) {
      await page.setViewportSize(viewport);
      const res = await page.goto('/console/nosuchpage');
      expect(res?.status()).toBe(404);
      expect(await page.textContent('main')).toContain('找不到这个页面');
      expect(await english(page)).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `not-found-${label}.png`), fullPage: true });
    }
    await page.setViewportSize(WIDTHS[0][1]);
    // A call recorded from a filtered list comes back to the same filter.
    await visit(page, '/console/calls?reason=alert_failed', 'calls-filtered');
    const row = page.locator('tr', { hasText: '13800008103' });
    await row.locator('select[name=outcome]').selectOption('no_answer');
    await row.locator('button:has-text("记录")').click();
    await expect.poll(() => page.textContent('.notice')).toContain('已记录');
    expect(new URL(page.url()).searchParams.get('reason')).toBe('alert_failed');
    await ctx.close();

    // A village cadre's account (scope 胜村) sees its village's township on the map.
    await sys.ctx.services.consoleUsers.create(BOOTSTRAP, { name: 'xinjie2', password: PASSWORD, role: 'caseworker', divisionPrefixes: [VILLAGE] });
    const cadre = await signedIn('xinjie2');
    await visit(cadre.page, '/console/map', 'map-village-cadre');
    expect(await cadre.page.textContent('main')).toContain('新街镇');
    await cadre.ctx.close();
  });

  it('reached every new page without English or an error status', () => {
    expect(reached.length).toBeGreaterThanOrEqual(14);
  });
});
