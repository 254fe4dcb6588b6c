import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';

// Issue #17 §1 in Debian's chromium (docs/honest-posts.md): the 待审核 queue at a 390-wide phone
// and a 1366-wide desktop — a broadcast of an unverified employer waits there; 不通过 without a
// reason is refused in Chinese, with one the send is cancelled; 通过 sends it. Screenshots land
// in artifacts/screenshots.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('artifacts/screenshots');
const XINJIE = '532528102';
const PASSWORD = 'correct-horse-9';
const BOOTSTRAP: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };

describe('the review queue in the console', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  const held: number[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`the console tests need a Chromium at ${CHROMIUM}: on Debian/Ubuntu run \`apt-get install chromium fonts-noto-cjk\`, or set CHROMIUM_PATH`);
    sys = await startSystem({ listen: true });
    const db = sys.ctx.db;
    await resetData(db);
    await db.$executeRawUnsafe('TRUNCATE console_users RESTART IDENTITY CASCADE');
    await sys.ctx.services.consoleUsers.create(BOOTSTRAP, { name: 'xinjie', password: PASSWORD, role: 'caseworker', divisionPrefixes: [XINJIE] });
    const ws = await db.workshop.create({ data: { name: '新街待核验车间', form: 'county_workshop', divisionCode: XINJIE, contactPhone: '13900000071', reviewBroadcasts: 'unverified' } });
    await db.worker.create({ data: { phone: '13800008301', skills: ['包装'], divisionCode: '532528102211' } });
    for (const title of ['包装工', '装箱工']) {
      const o = await db.opening.create({ data: { workshopId: ws.id, title, skills: ['包装'], headcount: 1, wageMin: 100, wageMax: 120, wageUnit: 'day', payDay: '日结' } });
      held.push((await sys.ctx.services.matching.startBroadcast(o.id, { sendToAll: false })).id);
    }
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await (await browser.newContext({ baseURL: sys.url, viewport: DESKTOP, locale: 'zh-CN' })).newPage();
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

  it('lists the held sends with why they wait, on a phone without sideways scrolling', async () => {
    expect(await sys.ctx.db.campaign.count({ where: { id: { in: held }, status: 'held' } })).toBe(2);
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      const res = await page.goto('/console/review');
      expect(res?.status()).toBe(200);
      expect(await page.locator('tr[data-held]').count()).toBe(2);
      expect(await page.textContent(`tr[data-held="${held[0]}"]`)).toContain('雇主还没核验');
      expect(await overflow()).toBeLessThanOrEqual(1);
      await page.screenshot({ path: path.join(SHOTS, `review-queue-${size.width}.png`), fullPage: true });
    }
    expect(await page.textContent('nav')).toContain('待审核');
  });

  it('refuses 不通过 without a reason, cancels with one, and 通过 sends', async () => {
    await page.goto('/console/review');
    page.on('dialog', (d) => void d.accept());
    const row = (id: number) => page.locator(`tr[data-held="${id}"]`);
    await Promise.all([page.waitForLoadState('load'), row(held[1]!).locator('button:has-text("不通过")').click()]);
    await expect.poll(() => page.textContent('[data-error-for="note"]')).toContain('不通过要写原因');
    await row(held[1]!).locator('input[name="note"]').fill('工资和电话里说的不一样');
    await Promise.all([page.waitForURL(/\/console\/review$/), row(held[1]!).locator('button:has-text("不通过")').click()]);
    await expect.poll(() => page.textContent('.notice')).toContain('没有通过');
    expect(await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: held[1]! } })).toMatchObject({ status: 'cancelled', reviewNote: '工资和电话里说的不一样' });
    await Promise.all([page.waitForURL(/\/console\/review$/), row(held[0]!).locator('button:has-text("通过，照常发送")').click()]);
    await expect.poll(() => page.textContent('.notice')).toContain('已通过');
    expect(await page.locator('tr[data-held]').count()).toBe(0);
    await expect.poll(async () => (await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: held[0]! } })).status, { timeout: 15_000 }).not.toBe('held');
    await expect.poll(() => sys.ctx.db.notification.count({ where: { campaignId: held[0]! } }), { timeout: 15_000 }).toBe(1);
    expect(await sys.ctx.db.notification.count({ where: { campaignId: held[1]! } })).toBe(0);
  });
});
