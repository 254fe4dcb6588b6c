import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';

// Issue #18 in Debian's chromium at a 390-wide phone and a 1366-wide desktop: the applicants list
// and the call list usable on a phone (rows stacked, 录用 on screen, 44-px targets), bulk actions,
// and the overview's server-drawn charts. Screenshots land in artifacts/screenshots.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('artifacts/screenshots');
const XINJIE = '532528102';
const VILLAGE = '532528102211';
const PASSWORD = 'correct-horse-9';
const BOOTSTRAP: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };

describe('the console on a phone and a desktop', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let openingId = 0;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`the console tests need a Chromium at ${CHROMIUM}: on Debian/Ubuntu run \`apt-get install chromium fonts-noto-cjk\`, or set CHROMIUM_PATH`);
    sys = await startSystem({ listen: true });
    const db = sys.ctx.db;
    await resetData(db);
    await db.$executeRawUnsafe('TRUNCATE console_users RESTART IDENTITY CASCADE');
    await sys.ctx.services.consoleUsers.create(BOOTSTRAP, { name: 'xinjie', password: PASSWORD, role: 'caseworker', divisionPrefixes: [XINJIE] });
    const ws = await db.workshop.create({ data: { name: '新街车间', form: 'village_plant', divisionCode: XINJIE, contactPhone: '13900000007' } });
    const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: [], headcount: 2, wageMin: 3500, wageMax: 5000, wageUnit: 'month', status: 'open' } });
    openingId = o.id;
    const c = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'completed' } });
    const names = ['张三', '李四', '王五', '赵六的名字有点长'];
    for (const [i, name] of names.entries()) {
      const w = await db.worker.create({ data: { phone: `1380000820${i}`, name, skills: [], divisionCode: VILLAGE, createdAt: new Date(Date.now() - i * 8 * 86_400_000) } });
      await db.application.create({ data: { openingId: o.id, workerId: w.id, channel: 'sms' } });
      await db.notification.create({
        data: { workerId: w.id, campaignId: c.id, kind: 'alert', channel: 'sms', phone: w.phone, templateCode: 'SMS_TEST', templateParams: {}, content: '测试', segments: 1, status: i === 3 ? 'failed' : 'delivered', sentAt: new Date(Date.now() - i * 86_400_000), errorCode: i === 3 ? 'isv.MOBILE_NUMBER_ILLEGAL' : null },
      });
    }
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const ctx = await browser.newContext({ baseURL: sys.url, viewport: DESKTOP, locale: 'zh-CN' });
    page = await ctx.newPage();
    await page.goto('/console/login');
    await page.fill('#f-name', 'xinjie');
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(/\/console$/), page.click('button:has-text("登录")')]);
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  const overflow = () => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth').then(Number);
  /** The smallest height and the right-most edge of what the selector matches. */
  async function boxes(selector: string) {
    const all = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ h: r.height, w: r.width, right: r.right })));
    return { n: all.length, minH: Math.min(...all.map((b) => b.h)), minW: Math.min(...all.map((b) => b.w)), right: Math.max(...all.map((b) => b.right)) };
  }

  it('stacks the applicants on a 390-px phone with 录用 on screen and 44-px targets, a table on a desktop', async () => {
    await page.setViewportSize(PHONE);
    const res = await page.goto(`/console/openings/${openingId}/applicants`);
    expect(res?.status()).toBe(200);
    expect(await overflow()).toBeLessThanOrEqual(1);
    const hire = await boxes('table.stack button[value="hired"]');
    expect(hire.n).toBe(4);
    expect(hire.right).toBeLessThanOrEqual(PHONE.width);
    expect((await boxes('table.stack button')).minH).toBeGreaterThanOrEqual(44);
    expect((await boxes('table.stack label.pick')).minH).toBeGreaterThanOrEqual(44);
    expect((await boxes('table.stack label.pick')).minW).toBeGreaterThanOrEqual(44);
    expect((await boxes('table.stack a[href^="tel:"]')).minH).toBeGreaterThanOrEqual(44);
    expect((await boxes('.bulk button')).minH).toBeGreaterThanOrEqual(44);
    // The header row is left for screen readers only (1 px, clipped); each cell says its column.
    expect(await page.locator('table.stack thead').evaluate((e) => e.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('td[data-label="手机"]'), '::before').content`)).toBe('"手机："');
    await page.screenshot({ path: path.join(SHOTS, 'applicants-stacked-phone.png'), fullPage: true });

    await page.setViewportSize(DESKTOP);
    await page.reload();
    expect(await page.locator('table.stack thead').evaluate((e) => e.getBoundingClientRect().height)).toBeGreaterThan(20);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('table.stack td')).display`)).toBe('table-cell');
    // The desktop keeps its compact buttons.
    expect((await boxes('table.stack button')).minH).toBeLessThan(44);
    expect(await overflow()).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(SHOTS, 'applicants-desktop.png'), fullPage: true });
  });

  it('the call list stacks on a phone too', async () => {
    await page.setViewportSize(PHONE);
    expect((await page.goto('/console/calls'))?.status()).toBe(200);
    expect(await overflow()).toBeLessThanOrEqual(1);
    const rec = await boxes('table.stack button');
    expect(rec.n).toBeGreaterThan(0);
    expect(rec.right).toBeLessThanOrEqual(PHONE.width);
    expect(rec.minH).toBeGreaterThanOrEqual(44);
    expect((await boxes('table.stack select')).minH).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: path.join(SHOTS, 'calls-stacked-phone.png'), fullPage: true });
    await page.setViewportSize(DESKTOP);
  });

  it('bulk: 全选本页 ticks every row, unticking one unticks it, and 录用 past the headcount is refused in Chinese', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`/console/openings/${openingId}/applicants`);
    await page.check('input[data-pick-all]');
    expect(await page.locator('input[data-pick]:checked').count()).toBe(4);
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await Promise.all([page.waitForLoadState('load'), page.click('.bulk button[value="hired"]')]);
    await expect.poll(() => page.textContent('main')).toContain('不能再录用 4 人');
    expect(asked).toBe('已选 4 人。确定录用选中的人吗？录用满了招工会自动标为已招满。');
    expect(await sys.ctx.db.application.count({ where: { openingId, status: 'hired' } })).toBe(0);

    await page.goto(`/console/openings/${openingId}/applicants`);
    await page.check('input[data-pick-all]');
    await page.uncheck('input[data-pick] >> nth=3');
    await page.uncheck('input[data-pick] >> nth=2');
    expect(await page.isChecked('input[data-pick-all]')).toBe(false);
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL(/\/applicants$/), page.click('.bulk button[value="hired"]')]);
    expect(await page.textContent('main')).toContain('已录用 2 人，招满了');
    expect(await sys.ctx.db.application.count({ where: { openingId, status: 'hired' } })).toBe(2);
    expect((await sys.ctx.db.opening.findUniqueOrThrow({ where: { id: openingId } })).status).toBe('filled');
    await page.setViewportSize(DESKTOP);
  });

  it('draws the overview charts as inline SVG that fit a phone and a desktop, with their numbers', async () => {
    for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      await page.setViewportSize(viewport);
      const res = await page.goto('/console');
      expect(res?.status()).toBe(200);
      expect(await overflow(), label).toBeLessThanOrEqual(1);
      for (const id of ['chart-sends', 'chart-registrations']) {
        const svg = page.locator(`#${id} svg`);
        expect(await svg.isVisible(), `${id} ${label}`).toBe(true);
        const box = (await svg.boundingBox())!;
        expect(box.width).toBeGreaterThan(label === 'phone' ? 300 : 500);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        expect(await svg.getAttribute('aria-label')).toMatch(/单位/);
        expect(await page.locator(`#${id} svg rect`).count()).toBeGreaterThan(0);
      }
      const sends = String(await page.locator('#chart-sends svg').getAttribute('aria-label'));
      expect(sends).toMatch(/已发1、送达1、失败0/);
      expect(sends).toMatch(/已发0、送达0、失败1/);
      await page.click('#chart-sends summary');
      expect(await page.locator('#chart-sends table').isVisible()).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `overview-charts-${label}.png`), fullPage: true });
    }
    // No script library on the page: only the console's own script.
    expect(await page.locator('script[src]').evaluateAll((s) => s.map((x) => x.getAttribute('src')))).toEqual(['/console/assets/console.js']);
  });

  it('draws the township map from loaded points on a phone and a desktop, the numbers on hover and in the table', async () => {
    await sys.ctx.db.divisionCoordinate.upsert({ where: { divisionCode: XINJIE }, create: { divisionCode: XINJIE, latitude: 23.2, longitude: 102.75 }, update: {} });
    // A neighbouring township's point is outside this station's scope: not drawn.
    await sys.ctx.db.divisionCoordinate.upsert({ where: { divisionCode: '532528101001' }, create: { divisionCode: '532528101001', latitude: 23.1, longitude: 102.85 }, update: {} });
    for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      await page.setViewportSize(viewport);
      const res = await page.goto('/console/map');
      expect(res?.status()).toBe(200);
      expect(await overflow(), label).toBeLessThanOrEqual(1);
      const svg = page.locator('#township-map svg');
      expect(await svg.isVisible()).toBe(true);
      const box = (await svg.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      expect(await page.locator('#township-map g.twp').count()).toBe(1);
      expect(await page.locator('#township-map circle.m-workers').count()).toBe(1);
      expect(await page.locator('#township-map g[data-code="532528102"] title').textContent()).toMatch(/^新街镇：工人 4 人（在接收 4 人），车间 1 个，在招 [01] 个$/);
      expect(await page.locator('tr[data-township="532528102"] a').getAttribute('href')).toBe('/console/workers?division=532528102');
      await page.screenshot({ path: path.join(SHOTS, `map-${label}.png`), fullPage: true });
    }
    // Township points are shared reference data: other files expect none loaded.
    await sys.ctx.db.divisionCoordinate.deleteMany({ where: { divisionCode: { in: [XINJIE, '532528101001'] } } });
  });
});
