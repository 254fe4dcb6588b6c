import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_TOKEN, startFakeWechat, type FakeWechat } from '../fakes/fake-wechat.js';
import { startSystem, type TestSystem } from '../helpers/app.js';
import type { Fixtures } from '../helpers/battery/cases.js';
import { consoleFormFields, setupFixtures } from '../helpers/battery/fixtures.js';
import { collectRoutes, type Route } from '../helpers/battery/routes.js';
import { batteryFor } from '../helpers/battery/run.js';
import { CrashMonitor } from '../helpers/battery/wire.js';
import { afterBattery, protocolCases, webhookAttacks } from '../helpers/battery/attacks.js';

/**
 * The bad-input battery (issue 11): every route of the app, found in the running instance, gets
 * malformed paths, query strings, headers and bodies from strangers, from callers of the wrong
 * role and from callers allowed to use it. Each must get a 4xx (401/403 before anything else is
 * looked at), in the usual error shape (an HTML page under /console), without a stack trace or
 * SQL, and nothing may end the process. Afterwards the service is still ready, and a good SMS
 * and a good WeChat message are still accepted and answered.
 *
 * One test per route; a failure lists every case of that route that broke a rule, so a fix can
 * aim at the class. The full set of malformations runs on a few representative routes, the most
 * important ones on every route.
 */

const wechatEnv = (baseUrl: string) => ({
  WECHAT_APP_ID: 'wx0123456789abcdef',
  WECHAT_APP_SECRET: 'fake-wechat-app-secret-0123456789',
  WECHAT_TOKEN: DEFAULT_SERVER_TOKEN,
  WECHAT_API_BASE_URL: baseUrl,
});

// The routes are read from an instance built like the one under test, before the tests are
// defined, so that each route is a test of its own.
const routes: Route[] = await (async () => {
  const probe = await startSystem({ workers: false, env: wechatEnv('http://127.0.0.1:9') });
  try {
    return collectRoutes(probe.app);
  } finally {
    await probe.close();
  }
})();

/** These get the full set of malformations, not only the most important ones. */
const REPRESENTATIVE = new Set([
  'POST /api/v1/openings',
  'PATCH /api/v1/caseworker/workers/:id',
  'GET /api/v1/caseworker/workers',
  'POST /console/workers',
  'POST /webhooks/aliyun/sms-up',
  'POST /webhooks/wechat/',
]);

describe('bad-input battery', () => {
  const crashes = new CrashMonitor();
  const state = {} as { sys: TestSystem; fake: FakeWechat; fx: Fixtures; crashes: CrashMonitor };

  beforeAll(async () => {
    crashes.install();
    state.crashes = crashes;
    state.fake = await startFakeWechat();
    state.sys = await startSystem({ listen: true, env: wechatEnv(state.fake.baseUrl) });
    state.fake.setServer(`${state.sys.url}/webhooks/wechat`);
    state.fx = await setupFixtures(state.sys, DEFAULT_SERVER_TOKEN);
    state.fx.formFields = await consoleFormFields(state.sys.url, routes, state.fx);
  });
  afterAll(async () => {
    await state.sys?.close();
    await state.fake?.close();
    crashes.uninstall();
  });

  it('finds every route of the app, the webhooks, the API, the console and the dashboards', () => {
    const keys = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const k of ['POST /webhooks/aliyun/sms-up', 'POST /webhooks/wechat', 'POST /api/v1/openings', 'POST /console/login', 'POST /console/workers/:id', 'GET /admin/queues', 'GET /readyz']) {
      expect(keys).toContain(k);
    }
    expect(routes.filter((r) => r.kind === 'api' && r.bodySchema).length).toBeGreaterThan(10);
  });

  describe('every route', () => {
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      it(key, { timeout: 180_000 }, async () => {
        const { problems, total } = await batteryFor(r, state.fx, crashes, REPRESENTATIVE.has(key));
        expect(problems, `${problems.length} of ${total} cases broke a rule`).toEqual([]);
      });
    }
  });

  describe('malformed HTTP', () => protocolCases(state));
  describe('attacks on the webhooks and redirects', () => webhookAttacks(state));
  describe('afterwards', () => afterBattery(state));
});
