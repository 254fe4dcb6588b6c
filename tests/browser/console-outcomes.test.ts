import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { seedFunnel, XINJIE } from '../helpers/outcomes.js';

// Issue 17 §4: the 成效 page in Debian's chromium at a 390-wide phone and a 1366-wide desktop:
// the funnel tables (stacked on a phone), the three SVG charts, the filters, the weekly print
// layout and the erase button's confirmation; all in Chinese, never a 500. Screenshots land in
// artifacts/screenshots.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('artifacts/screenshots');
const PASSWORD = 'correct-horse-9';
const BOOTSTRAP: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };
/** Latin words a Chinese page may show: the spreadsheet's name on the export button, the print shortcut. */
const ALLOWED_LATIN = new Set(['Excel', 'Ctrl']);

describe('the 成效 page on a phone and a desktop', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let workerId = 0;
  const statuses: number[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`the console tests need a Chromium at ${CHROMIUM}: on Debian/Ubuntu run \`apt-get install chromium fonts-noto-cjk\`, or set CHROMIUM_PATH`);
    sys = await startSystem({ listen: true, workers: false });
    await resetData(sys.ctx.db);
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE console_users, outcome_facts RESTART IDENTITY CASCADE');
    await sys.ctx.services.consoleUsers.create(BOOTSTRAP, { name: '新街站', password: PASSWORD, role: 'caseworker', divisionPrefixes: [XINJIE] });
    const s = await seedFunnel(sys.ctx.db, new Date(Date.now() - 12 * 86_400_000));
    workerId = s.workers[2]!.id;
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const ctx = await browser.newContext({ baseURL: sys.url, viewport: DESKTOP, locale: 'zh-CN' });
    page = await ctx.newPage();
    page.on('response', (r) => statuses.push(r.status()));
    await page.goto('/console/login');
    await page.fill('#f-name', '新街站');
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(/\/console$/), page.click('button:has-text("登录")')]);
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  const overflow = () => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth').then(Number);
  const latinWords = async () => ((await page.innerText('body')).match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !ALLOWED_LATIN.has(w));

  it('shows the funnel with charts at both widths, stacked on a phone, in Chinese', async () => {
    for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      await page.setViewportSize(viewport);
      await page.click('nav a:has-text("成效")').catch(async () => page.goto('/console/outcomes'));
      await page.waitForURL(/\/console\/outcomes/);
      expect(await page.textContent('h1')).toContain('成效');
      // 新街镇's four alerts: 4 sent, 3 delivered, 1 reply, application, hire, arrival and pay.
      const total = await page.locator('tr[data-key="all"] >> nth=0').locator('td').allInnerTexts();
      expect(total[0]).toContain('全部');
      expect(total.slice(1).map((t) => Number(/\d+/.exec(t)![0]))).toEqual([4, 3, 1, 1, 1, 1, 1]);
      for (const id of ['chart-funnel', 'chart-groups', 'chart-months']) {
        const box = await page.locator(`#${id} svg`).boundingBox();
        expect(box!.width, `${id} on a ${label}`).toBeGreaterThan(200);
        expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
        expect(await page.locator(`#${id} rect`).count()).toBeGreaterThan(0);
      }
      expect(await overflow(), label).toBeLessThanOrEqual(1);
      expect(await latinWords(), label).toEqual([]);
      if (label === 'phone') {
        // Each cell says its column on a phone; the header row is hidden.
        expect(await page.locator('table.funnel thead >> nth=0').evaluate((e) => e.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
        expect(await page.evaluate(`getComputedStyle(document.querySelector('td[data-label="报名"]'), '::before').content`)).toBe('"报名："');
      }
      await page.screenshot({ path: path.join(SHOTS, `outcomes-${label}.png`), fullPage: true });
    }
  });

  it('filters by period, township and cut, says what it could not use, and prints the weekly summary', async () => {
    await page.setViewportSize(PHONE);
    await page.goto('/console/outcomes');
    await page.selectOption('#f-period', '30d');
    await page.selectOption('#f-by', 'village');
    await page.fill('#f-township', '新街镇');
    await Promise.all([page.waitForURL(/by=village/), page.click('form.filters button')]);
    expect(await page.textContent('main')).toContain('按村');
    expect(await page.locator('table.funnel >> nth=2').locator('tbody tr').count()).toBe(1);
    await page.fill('#f-township', '没有这个镇');
    await page.fill('#f-opening', 'abc');
    await Promise.all([page.waitForURL(/opening=abc/), page.click('form.filters button')]);
    expect(await page.textContent('[role=alert]')).toContain('没有编号为“abc”的岗位');
    expect(await latinWords()).toEqual(['abc']); // what the station typed, said back

    await page.goto('/console/outcomes/weekly');
    expect(await page.locator('body.print').count()).toBe(1);
    expect(await page.textContent('h1')).toContain('每周成效小结');
    expect(await overflow()).toBeLessThanOrEqual(1);
    expect(await latinWords()).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'outcomes-weekly-phone.png'), fullPage: true });
    await page.setViewportSize(DESKTOP);
  });

  it('asks before erasing a worker, and the funnel stays as it was', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/console/outcomes');
    const before = await page.locator('tr[data-key="all"] >> nth=0').innerText();
    await page.goto(`/console/workers/${workerId}`);
    // Cancelled at the browser's question: nothing happens.
    page.once('dialog', (d) => void d.dismiss());
    await page.click('button:has-text("注销这个工人的全部资料")');
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: workerId } })).erasedAt).toBeNull();
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await Promise.all([page.waitForURL(/\/console\/workers$/), page.click('button:has-text("注销这个工人的全部资料")')]);
    expect(asked).toBe('确定注销这个工人的全部资料吗？删除后不能恢复。');
    expect(await page.textContent('main')).toContain('已注销这个工人的资料');
    expect((await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: workerId } })).erasedAt).toBeInstanceOf(Date);
    await page.goto('/console/outcomes');
    expect(await page.locator('tr[data-key="all"] >> nth=0').innerText()).toBe(before);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
