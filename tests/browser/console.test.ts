import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';

// The console in a real browser (Debian's chromium, headless) against the real app, database,
// Redis and queue workers; SMS go to the console outbox. Screenshots land in artifacts/.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('artifacts/screenshots');
const XINJIE = '532528102';
const PASSWORD = 'correct-horse-9';
const BOOTSTRAP: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };

/**
 * Whether Chromium can draw Chinese: fontconfig knows a font for zh (Linux). Without one the
 * pages render as boxes and the screenshots show nothing, while every assertion still passes.
 */
function hasCjkFont(): boolean {
  if (process.platform !== 'linux') return true; // macOS and Windows ship one
  const fc = spawnSync('fc-list', [':lang=zh', 'file'], { encoding: 'utf8' });
  if (!fc.error) return fc.stdout.trim() !== '';
  // No fc-list (the fontconfig tools are optional): look for the usual font files.
  const dirs = ['/usr/share/fonts', '/usr/local/share/fonts', path.join(homedir(), '.local/share/fonts'), path.join(homedir(), '.fonts')];
  return dirs.some((d) => existsSync(d) && readdirSync(d, { recursive: true }).some((f) => /cjk|wqy|sourcehan|droidsansfallback/i.test(String(f))));
}

describe('web console in Chromium', () => {
  let sys: TestSystem;
  let browser: Browser;
  const ids = { employerA: 0, employerB: 0, openingB: 0, worker: 0 };

  beforeAll(async () => {
    const install = '`apt-get install chromium fonts-noto-cjk` (the font renders the Chinese pages)';
    if (!existsSync(CHROMIUM)) throw new Error(`the console tests need a Chromium at ${CHROMIUM}: on Debian/Ubuntu run ${install}, or set CHROMIUM_PATH`);
    if (!hasCjkFont()) throw new Error(`the console tests need a Chinese font for Chromium: on Debian/Ubuntu run ${install}`);
    sys = await startSystem({ listen: true });
    const db = sys.ctx.db;
    await resetData(db);
    await db.$executeRawUnsafe('TRUNCATE console_users RESTART IDENTITY CASCADE');
    const users = sys.ctx.services.consoleUsers;
    ids.employerA = (await db.employer.create({ data: { name: '新街制衣' } })).id;
    ids.employerB = (await db.employer.create({ data: { name: '胜村竹编' } })).id;
    await users.create(BOOTSTRAP, { name: 'admin', password: PASSWORD, role: 'admin', divisionPrefixes: [] });
    await users.create(BOOTSTRAP, { name: 'xinjie', password: PASSWORD, role: 'caseworker', divisionPrefixes: ['532528'] });
    await users.create(BOOTSTRAP, { name: 'boss-a', password: PASSWORD, role: 'employer', divisionPrefixes: [], employerId: ids.employerA });
    // Employer B's opening, which employer A must not be able to open.
    const wsB = await db.workshop.create({ data: { name: '胜村竹编', form: 'village_plant', divisionCode: XINJIE, contactPhone: '13900000008', employerId: ids.employerB } });
    ids.openingB = (await db.opening.create({ data: { code: 'B001', workshopId: wsB.id, title: '竹编工', skills: [], headcount: 3, wageMin: 80, wageMax: 120, wageUnit: 'day', status: 'open' } })).id;
    // Three sewers and one packer live in 新街镇: the pre-flight must count 3, then 1.
    for (const [phone, skills] of [['13800000301', ['缝纫']], ['13800000302', ['缝纫']], ['13800000303', ['缝纫']], ['13800000304', ['包装']]] as const) {
      const w = await db.worker.create({ data: { phone, name: `工人${phone.slice(-1)}`, divisionCode: XINJIE, skills: [...skills] } });
      ids.worker ||= w.id;
    }
    mkdirSync(SHOTS, { recursive: true });
    // launch() gives each run a fresh temporary profile (Playwright refuses --user-data-dir here).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  // Every page runs under the console's Content-Security-Policy; whatever it blocks is collected
  // here (Chromium reports each refusal on the console) and must stay empty.
  const cspViolations: string[] = [];
  function watchCsp(ctx: BrowserContext) {
    ctx.on('console', (msg) => {
      if (/Content.Security.Policy/i.test(msg.text())) cspViolations.push(`${msg.location().url}: ${msg.text()}`);
    });
  }

  async function signedIn(name: string, viewport = { width: 1280, height: 800 }): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ baseURL: sys.url, viewport, locale: 'zh-CN' });
    watchCsp(ctx);
    const page = await ctx.newPage();
    await page.goto('/console');
    await page.fill('#f-name', name);
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(/\/console$/), page.click('button:has-text("登录")')]);
    return { ctx, page };
  }

  async function shoot(page: Page, name: string) {
    for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  it('signs in, refuses a wrong password, and refuses a form without its CSRF token', async () => {
    const ctx = await browser.newContext({ baseURL: sys.url });
    watchCsp(ctx);
    const page = await ctx.newPage();
    await page.goto('/');
    expect(page.url()).toContain('/console/login');
    await shoot(page, 'login');
    await page.fill('#f-name', 'xinjie');
    await page.fill('#f-password', 'wrong-password');
    await page.click('button:has-text("登录")');
    await expect.poll(() => page.textContent('.form-error')).toContain('用户名或密码不对');
    expect(page.url()).toContain('/console/login');
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(/\/console$/), page.click('button:has-text("登录")')]);
    expect(await page.textContent('header .me')).toContain('xinjie（就业站）');
    // A POST from elsewhere carries the cookie but not the page's token.
    const forged = await page.request.post('/console/workers', { form: { phone: '13800000399', division: XINJIE, consent: 'on' } });
    expect(forged.status()).toBe(403);
    expect(await sys.ctx.db.worker.count({ where: { phone: '13800000399' } })).toBe(0);
    // Sign-out ends the session in Redis: the same cookie no longer opens a page.
    await Promise.all([page.waitForURL(/login/), page.click('header button:has-text("退出")')]);
    await page.goto('/console/workers');
    expect(page.url()).toContain('/console/login');
    await ctx.close();
  });

  it('a caseworker creates an opening, watches the pre-flight follow the skill, sends it and sees the progress', async () => {
    const { ctx, page } = await signedIn('xinjie');
    await page.goto('/console/openings');
    await page.click('summary:has-text("新建车间")');
    await page.fill('#f-name', '新街制衣车间');
    await page.fill('#f-division', XINJIE);
    await page.fill('#f-contactPhone', '13900000001');
    await page.click('button:has-text("保存车间")');
    await expect.poll(() => page.textContent('.notice')).toContain('已保存');

    await page.goto('/console/openings/new');
    await page.selectOption('#f-workshopId', { label: '新街制衣车间（元阳县新街镇）' });
    await page.fill('#f-title', '缝纫工');
    await page.check('input[name=skills][value=缝纫]');
    await page.fill('#f-headcount', '2');
    await page.fill('[name="wage.min"]', '3000');
    await page.fill('[name="wage.max"]', '2000');
    await page.click('button:has-text("保存草稿")');
    // Server-side validation with the API's schema, shown next to the field.
    expect(await page.textContent('[data-error-for="wage.max"]')).toContain('最高工资不能低于最低工资');
    // The pay day is required (docs/honest-posts.md), said next to its field.
    expect(await page.textContent('[data-error-for="terms.payDay"]')).toContain('请写什么时候发工资');
    await page.fill('[name="wage.max"]', '4500');
    await page.fill('[name="terms.payDay"]', '每月15日');
    await page.selectOption('[name="terms.meals"]', 'provided');
    await Promise.all([page.waitForURL(/\/console\/openings\/\d+$/), page.click('button:has-text("保存草稿")')]);

    await expect.poll(() => page.textContent('#would-alert')).toBe('3');
    await shoot(page, 'opening');
    await page.uncheck('input[name=skills][value=缝纫]');
    await page.check('input[name=skills][value=包装]');
    await expect.poll(() => page.textContent('#would-alert')).toBe('1');

    // 发送 asks first: answering no sends nothing; yes sends.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.click('#send');
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toBe('确定现在发送吗？短信发出后不能撤回。');
    expect(await page.textContent('#opening-status')).not.toBe('招工中');
    expect(await page.isEnabled('#send')).toBe(true);
    page.once('dialog', (d) => void d.accept());
    await page.click('#send');
    await expect.poll(() => page.textContent('.notice')).toContain('已开始发送');
    expect(await page.textContent('#opening-status')).toBe('招工中');
    // The progress block refreshes itself; the console SMS driver "sends" at once.
    await expect.poll(() => page.textContent('#progress [data-k=sent]'), { timeout: 15_000 }).toBe('1');
    // The packer answers 报名 by SMS; the station marks them hired.
    const openingId = Number(/\/openings\/(\d+)$/.exec(page.url())![1]);
    const packer = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: '13800000304' } });
    await sys.ctx.db.application.create({ data: { openingId, workerId: packer.id, channel: 'sms' } });
    await page.reload();
    const row = page.locator('tr', { hasText: '13800000304' });
    await row.locator('input[name=note]').fill('周一来上班');
    await row.locator('button[value=hired]').click();
    await expect.poll(() => page.textContent('.notice')).toContain('已录用 1/2');
    expect(await page.locator('tr', { hasText: '13800000304' }).textContent()).toContain('已录用');
    await shoot(page, 'opening-progress');
    await page.goto('/console/openings');
    await shoot(page, 'openings');
    await page.goto('/console');
    expect(await page.textContent('main')).toContain('已发 1 条');
    await shoot(page, 'overview');
    await ctx.close();
  });

  it('an employer cannot open another employer’s opening by its URL', async () => {
    const { ctx, page } = await signedIn('boss-a');
    const res = await page.goto(`/console/openings/${ids.openingB}`);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('main')).toContain('找不到');
    expect(await page.textContent('main')).not.toContain('竹编工');
    const json = await page.request.get(`/console/openings/${ids.openingB}/progress`, { headers: { accept: 'application/json' } });
    expect(json.status()).toBe(404);
    // Nor the caseworker pages.
    expect((await page.goto('/console/workers'))?.status()).toBe(403);
    await ctx.close();
  });

  it('imports a CSV survey and reports the bad row', { timeout: 90_000 }, async () => {
    const { ctx, page } = await signedIn('xinjie');
    await page.goto('/console/workers/import');
    const csv = ['手机,姓名,住址,同意,技能', `13800000311,李四,${XINJIE},是,缝纫`, '1380000,王五,新街镇,是,缝纫', `13800000313,赵六,${XINJIE},否,`].join('\n');
    await page.setInputFiles('#f-file', { name: 'survey.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => page.inputValue('#f-csvBase64')).not.toBe('');
    await page.click('button:has-text("导入")');
    await expect.poll(() => page.textContent('#import-summary')).toContain('新登记 1');
    expect(await page.textContent('#import-summary')).toContain('有错 2');
    expect(await page.textContent('tr[data-line="3"]')).toContain('不是有效的大陆手机号');
    expect(await page.textContent('tr[data-line="4"]')).toContain('同意');
    await shoot(page, 'import');
    await page.goto('/console/workers?q=李四');
    expect(await page.textContent('table')).toContain('13800000311');
    await shoot(page, 'workers');
    await page.click('a:has-text("李四")');
    expect(await page.textContent('main')).toContain('同意接收');
    await shoot(page, 'worker');
    // An alert to 工人1 failed at the provider: they belong on the call list.
    const sewer = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: '13800000301' } });
    await sys.ctx.db.notification.create({
      data: { workerId: sewer.id, kind: 'alert', channel: 'sms', phone: sewer.phone, templateCode: 'SMS_TEST', templateParams: {}, content: '测试', segments: 1, status: 'failed', errorCode: 'isv.MOBILE_NUMBER_ILLEGAL' },
    });
    await page.goto('/console/calls');
    await shoot(page, 'calls');
    // Record the call and they leave the list.
    const row = page.locator('tr', { hasText: '13800000301' });
    expect(await row.textContent()).toContain('短信没发到');
    await row.locator('select[name=outcome]').selectOption('reached');
    await row.locator('input[name=note]').fill('下周来面试');
    await row.locator('button:has-text("记录")').click();
    await expect.poll(() => page.textContent('.notice')).toContain('已记录：打通了');
    expect(await page.textContent('main')).not.toContain('13800000301');
    await ctx.close();
  });

  it('creating a market-day reminder shows its next five 狗街 dates', async () => {
    const { ctx, page } = await signedIn('xinjie');
    await page.goto('/console/reminders');
    await page.fill('#f-sender', '新街镇就业站');
    await page.fill('#f-text', '狗街在乡政府门口办招聘会');
    await page.fill('#f-workerIds', String(ids.worker));
    await page.selectOption('#f-schedule\\.type', 'market_day');
    await page.selectOption('#f-schedule\\.day', '狗街');
    await page.fill('#f-schedule\\.time', '09:00');
    // The live preview lists the runs before saving.
    await expect.poll(async () => (await page.$$('#reminder-preview #next-runs li')).length).toBe(5);
    await Promise.all([page.waitForURL(/\/console\/reminders\/\d+$/), page.click('button:has-text("保存提醒")')]);
    const runs = await page.$$eval('#next-runs li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(runs).toHaveLength(5);
    // docs/places-and-market-days.md: a date's branch is (days since 2000-01-07) mod 12 in 子丑寅卯辰巳午未申酉戌亥; 狗 = 戌 = 10.
    const days = runs.map((r) => {
      const m = /^(\d{4})-(\d{2})-(\d{2}) 09:00/.exec(r);
      expect(m, r).not.toBeNull();
      return (Date.UTC(Number(m![1]), Number(m![2]) - 1, Number(m![3])) - Date.UTC(2000, 0, 7)) / 86_400_000;
    });
    for (const d of days) expect(((d % 12) + 12) % 12).toBe(10);
    expect(days.slice(1).map((d, i) => d - days[i]!)).toEqual([12, 12, 12, 12]);
    const todayBeijing = Math.floor((Date.now() + 8 * 3600_000) / 86_400_000) - Date.UTC(2000, 0, 7) / 86_400_000;
    expect(days[0]! - todayBeijing).toBeGreaterThanOrEqual(0);
    expect(days[0]! - todayBeijing).toBeLessThanOrEqual(12);
    await shoot(page, 'reminder');
    await page.goto('/console/reminders');
    expect(await page.$$eval('.cal .run', (a) => a.length)).toBeGreaterThanOrEqual(2);
    await shoot(page, 'reminders');
    await ctx.close();
  });

  it('an admin sees users, keys and the audit log, and a form error sits next to its field', async () => {
    const { ctx, page } = await signedIn('admin');
    await page.goto('/console/admin');
    await page.click('summary:has-text("新建用户")');
    // Each form's ids are its own: the user form's label focuses the user form's input.
    await page.click('label[for="f-user-name"]');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('f-user-name');
    expect(await page.evaluate("[...document.querySelectorAll('[id]')].map((e) => e.id).filter((id, i, all) => all.indexOf(id) !== i)")).toEqual([]);
    await page.fill('#f-user-name', 'shengcun');
    await page.fill('#f-user-password', 'short');
    await page.selectOption('#f-user-role', 'caseworker');
    await page.click('button:has-text("创建用户")');
    expect(await page.textContent('[data-error-for=password]')).toContain('至少 8 个字符');
    expect(await page.textContent('[data-error-for=divisionPrefixes]')).toContain('至少要一个县或乡镇代码');
    await shoot(page, 'admin');
    expect(await page.textContent('main')).toContain('招工·发送');
    expect(await page.textContent('main')).not.toContain('opening.broadcast');
    await ctx.close();
  });

  it('nothing on the console pages breaks its Content-Security-Policy (no inline script or style)', async () => {
    // Visit what the earlier tests did not, with progress bars and live previews already seen above.
    const { ctx, page } = await signedIn('admin');
    for (const url of ['/console', '/console/openings', '/console/workers', '/console/reminders', '/console/calls', '/console/admin', '/console/password']) {
      await page.goto(url);
      await page.waitForLoadState('networkidle');
    }
    // The queue dashboard (a packaged React app) runs under its own policy: its script runs,
    // only the web font it would fetch from Google is refused.
    await page.goto('/console/queues');
    await expect.poll(() => page.textContent('#root'), { timeout: 15_000 }).toContain('notify');
    await ctx.close();
    expect(cspViolations.filter((v) => !v.includes('fonts.googleapis.com'))).toEqual([]);
  });
});
