import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { beijingDay, spokenDigits } from '../../src/domain/bulletin.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { readSheet } from '../helpers/xlsx.js';

// Issue 16 §4 in Debian's chromium at a desktop and a phone width: a station generates, reads,
// edits and prints its villages' bulletins and downloads the day's sheet; no English on the
// pages, nothing wider than the phone, no error status; another station's bulletins stay hidden.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('artifacts/screenshots');
const XINJIE = '532528102';
const SHENGCUN = '532528102211';
const NANSHA = '532528101';
const PASSWORD = 'correct-horse-9';
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const WIDTHS = [
  ['desktop', { width: 1366, height: 768 }],
  ['phone', { width: 390, height: 844 }],
] as const;
const ALLOWED = /^(Excel|Ctrl|xinjie)$/;

describe('village bulletins in the console, in Chromium', () => {
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`the console tests need a Chromium at ${CHROMIUM}: on Debian/Ubuntu run \`apt-get install chromium fonts-noto-cjk\`, or set CHROMIUM_PATH`);
    sys = await startSystem({ listen: true, workers: false, env: { BULLETIN_SMS_NUMBER: '1069012345', BULLETIN_STATION_PHONES: `${XINJIE}=0873-5621234` } });
    const db = sys.ctx.db;
    await resetData(db);
    await db.$executeRawUnsafe('TRUNCATE console_users, bulletins RESTART IDENTITY CASCADE');
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'xinjie', password: PASSWORD, role: 'caseworker', divisionPrefixes: [XINJIE] });
    for (const [key, division, form, title] of [
      ['town', XINJIE, 'county_workshop', '包装工'],
      ['plant', SHENGCUN, 'village_plant', '组装工'],
      ['nansha', NANSHA, 'county_workshop', '保安'],
    ] as const) {
      const ws = await db.workshop.create({ data: { name: `${title.slice(0, 2)}车间`, form, divisionCode: division, contactPhone: '13900000007' } });
      const o = await db.opening.create({ data: { workshopId: ws.id, title, skills: [], headcount: 3, wageMin: 4500, wageMax: 5000, wageUnit: 'month', status: 'open' } });
      codes[key] = o.code;
    }
    // Ten more, fewer people each (read after the two above), with long names: the notice must still fit one A4 page.
    for (let i = 0; i < 10; i++) {
      const ws = await db.workshop.create({ data: { name: `红河州元阳县新街镇第${i + 1}农产品加工合作社车间`, form: 'county_workshop', divisionCode: XINJIE, contactPhone: '13900000007' } });
      await db.opening.create({ data: { workshopId: ws.id, title: '食品加工包装质检工', skills: [], headcount: 1, wageMin: 120, wageMax: 150, wageUnit: 'day', status: 'open', dayLabour: true, startsAt: new Date(Date.now() + (i + 2) * 86_400_000) } });
    }
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const ctx = await browser.newContext({ baseURL: sys.url, viewport: WIDTHS[0][1], locale: 'zh-CN', acceptDownloads: true });
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

  async function english(): Promise<string[]> {
    const text = String(await page.evaluate('document.body.innerText'));
    return [...text.matchAll(/[A-Za-z][A-Za-z_.]{2,}/g)].map((m) => m[0]).filter((w) => !ALLOWED.test(w));
  }

  /** At both widths: a good status, no English, nothing wider than the screen; a screenshot of each. */
  async function visit(url: string, shot: string) {
    for (const [label, viewport] of WIDTHS) {
      await page.setViewportSize(viewport);
      const res = await page.goto(url);
      expect(res?.status(), url).toBeLessThan(400);
      expect(await english(), url).toEqual([]);
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow, `${url} at ${viewport.width}`).toBeLessThanOrEqual(1);
      await page.screenshot({ path: path.join(SHOTS, `${shot}-${label}.png`), fullPage: true });
    }
    await page.setViewportSize(WIDTHS[0][1]);
  }

  it('a station generates the day’s bulletins of its own area and reads them', async () => {
    await visit('/console/bulletins', 'bulletins-empty');
    expect(await page.textContent('main')).toContain('这天还没有广播稿');
    await Promise.all([page.waitForURL(/\/console\/bulletins\?day=/), page.click('button:has-text("现在生成这天的广播稿")')]);
    expect(await page.textContent('.notice')).toContain('新生成了');
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('新街镇');
    expect(main).toContain('胜村');
    expect(main).not.toContain('南沙镇');
    await visit(page.url(), 'bulletins-list');
    // A village of another county named 新街 is not in this station's list whatever is asked.
    await visit('/console/bulletins?place=%E5%8D%97%E6%B2%99%E9%95%87', 'bulletins-other-place');
    expect(await page.textContent('main')).toContain('这天还没有广播稿');
    // Junk in the query is said, never a 500.
    await visit('/console/bulletins?day=abc&slot=x', 'bulletins-bad-day');
    expect(await page.textContent('main')).toContain('日期要写成');
  });

  it('a station edits the 新街镇 bulletin, the edit is kept, and it prints the village notice', async () => {
    const b = await sys.ctx.db.bulletin.findFirstOrThrow({ where: { divisionCode: XINJIE }, orderBy: { slot: 'asc' } });
    expect(b.text).toContain(`报名${spokenDigits(codes.town!)}`);
    expect(b.text).toContain(`报名${spokenDigits(codes.plant!)}`);
    expect(b.text).not.toContain(spokenDigits(codes.nansha!));
    await visit(`/console/bulletins/${b.id}`, 'bulletin-view');
    await page.fill('#f-text', '乡亲们，新街镇今天招包装工三个人，请到就业站报名。');
    await Promise.all([page.waitForURL(`**/console/bulletins/${b.id}`), page.click('button:has-text("保存修改")')]);
    expect(await page.textContent('.notice')).toContain('广播稿已保存');
    expect(await page.inputValue('#f-text')).toBe('乡亲们，新街镇今天招包装工三个人，请到就业站报名。');
    expect(await page.textContent('main')).toContain('修改了稿子');
    await visit(`/console/bulletins/${b.id}`, 'bulletin-edited');
    // An empty text is refused beside the field.
    await page.fill('#f-text', '   ');
    await page.click('button:has-text("保存修改")');
    expect(await page.textContent('main')).toContain('广播稿不能是空的');
    expect((await sys.ctx.db.bulletin.findUniqueOrThrow({ where: { id: b.id } })).text).toBe('乡亲们，新街镇今天招包装工三个人，请到就业站报名。');

    await visit(`/console/bulletins/${b.id}/notice`, 'bulletin-notice');
    const notice = (await page.textContent('body')) ?? '';
    expect(notice).toContain('新街镇招工信息');
    expect(notice).toContain(codes.town!);
    expect(notice).toContain('0873-5621234');
    expect(notice).toContain('1069012345');
    expect(notice).not.toContain(codes.nansha!);
    expect(notice).toContain('还有 4 个岗位');
    // One A4 page when printed, with eight jobs and long names.
    const pdf = (await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    // A4 and large type, from the notice's own sheet.
    const css = await (await page.request.get('/console/bulletins/notice.css')).text();
    expect(css).toContain('size:A4');
    expect(Number(await page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)"))).toBeGreaterThanOrEqual(32);
  });

  it('downloads the day’s bulletins as Excel, and another station’s bulletin is not found', async () => {
    await page.goto('/console/bulletins');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("导出这天的广播稿")')]);
    expect(download.suggestedFilename()).toBe(`村广播稿-${beijingDay(new Date())}.xlsx`);
    const sheet = readSheet(readFileSync((await download.path())!));
    const header = sheet.rows[0]!.map((c) => c.value);
    expect(header).toEqual(['日期', '时段', '地点', '区划代码', '岗位数', '广播稿', '是否修改', '广播平台']);
    const places = sheet.rows.slice(1).map((r) => r[2]?.value);
    expect(places).toContain('新街镇');
    expect(places).not.toContain('南沙镇');
    expect(sheet.rows.slice(1).some((r) => r[6]?.value === '已修改')).toBe(true);

    await sys.ctx.services.bulletins.generateDay(ADMIN, beijingDay(new Date()));
    const other = await sys.ctx.db.bulletin.findFirstOrThrow({ where: { divisionCode: NANSHA } });
    const res = await page.goto(`/console/bulletins/${other.id}`);
    expect(res?.status()).toBe(404);
    expect(await english()).toEqual([]);
    expect((await page.goto('/console/bulletins/abc'))?.status()).toBe(404);
  });
});
