import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { nextMsgId, pushXml, wechatSignature } from '../fakes/fake-wechat.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { Jar, signIn } from '../helpers/console.js';

/**
 * Issue #11's battery: every public route the app serves (read from the app itself, so a new
 * route is covered the day it is added) × malformed bodies, paths, query strings, headers and
 * encodings. None may answer 5xx; the plainly malformed ones must answer 4xx; the service stays
 * ready; and a good text afterwards is still stored and answered.
 */
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const WECHAT_TOKEN = 'batteryWechatToken1';

interface Route {
  path: string;
  methods: string[];
}

/** The app's routes from Fastify's own listing (`printRoutes({ commonPrefix: false })`). */
function routesOf(tree: string): Route[] {
  const out: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│├└─\s]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!m || !m[2]) continue;
    const depth = Math.round(m[1]!.length / 4);
    stack.length = depth;
    stack.push(m[2]);
    if (m[3]) out.push({ path: stack.join(''), methods: m[3].split(', ').filter((x) => x !== 'HEAD') });
  }
  return out;
}

const BAD_IDS = ['2147483648', '99999999999999999999', 'abc', '%00', '1%0D%0A', '-1', '1.5', '%E0%A4%A'];

describe('edge battery over every public route', () => {
  let sys: TestSystem;
  let consoleCookie: string;
  let csrf: string;
  const results: { what: string; status: number }[] = [];

  beforeAll(async () => {
    sys = await startSystem({ listen: true, env: { WECHAT_TOKEN, WECHAT_REPLY_DEADLINE_MS: '0' } });
    await resetData(sys.ctx.db);
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE console_users RESTART IDENTITY CASCADE');
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'battery', password: 'battery-password', role: 'admin', divisionPrefixes: [] });
    // Signed in as a browser is: the sign-in page's CSRF cookie goes back with the form.
    const jar = new Jar();
    await signIn(sys.app, 'battery', 'battery-password', { jar });
    consoleCookie = jar.header();
    const page = await sys.app.inject({ method: 'GET', url: '/console/workers/new', headers: { cookie: consoleCookie } });
    csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  });
  afterAll(async () => sys?.close());

  it('answers every malformed request with a 4xx (never a 5xx), stays ready, and still answers a good text', { timeout: 240_000 }, async () => {
    const routes = routesOf(sys.app.printRoutes({ commonPrefix: false }))
      // Bull Board's own pages and buttons are a third-party dashboard behind the admin checks
      // (tested in edge-safety); its buttons would pause the queues this test needs at the end.
      .filter((r) => !/^\/(console\/)?queues?\/.+|^\/admin\/queues\/.+/.test(r.path))
      .filter((r) => !r.path.startsWith('/docs/') && r.path !== '/console/logout');
    expect(routes.length).toBeGreaterThan(60);

    const send = async (what: string, o: { method: string; url: string; headers?: Record<string, string>; payload?: string | Buffer }, expect4xx: boolean) => {
      const res = await sys.app.inject({ method: o.method as 'GET', url: o.url, headers: o.headers, payload: o.payload });
      results.push({ what: `${what}: ${o.method} ${o.url}`, status: res.statusCode });
      expect(res.statusCode, `${what}: ${o.method} ${o.url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
      if (expect4xx) expect(res.statusCode, `${what}: ${o.method} ${o.url} → ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      if (res.statusCode >= 400 && !o.url.startsWith('/console') && String(res.headers['content-type'] ?? '').includes('json')) {
        expect(res.json(), `${what}: ${o.method} ${o.url}`).toMatchObject({ statusCode: res.statusCode, error: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
      }
      return res;
    };

    for (const route of routes) {
      const isConsole = route.path.startsWith('/console');
      const isWebhook = route.path.startsWith('/webhooks');
      const auth: Record<string, string> = isConsole ? { cookie: consoleCookie } : isWebhook ? {} : { authorization: `Bearer ${ADMIN_KEY}` };
      const hasParams = route.path.includes('/:');
      const fill = (id: string) => route.path.replace(/:[A-Za-z]+/g, id);
      let signedQuery = '';
      if (route.path === '/webhooks/wechat/') {
        const timestamp = String(Math.floor(Date.now() / 1000));
        signedQuery = `?signature=${wechatSignature(WECHAT_TOKEN, timestamp, 'n1')}&timestamp=${timestamp}&nonce=n1`;
      }
      for (const method of route.methods) {
        // Paths: ids past an integer column, not numbers, NUL, CR/LF, broken percent-encoding.
        if (hasParams) for (const id of BAD_IDS) await send('bad id', { method, url: fill(id), headers: auth, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}', headers: { ...auth, 'content-type': 'application/json' } }) }, true);
        const url = `${fill('1')}${signedQuery}`;
        // Query strings: NUL, junk numbers, nested keys, an 8 KB value.
        if (method === 'GET') {
          for (const q of ['limit=abc&offset=-1', 'divisions=%00', 'skills=%00&search=%00', 'x[y][z]=1&page=1e309', `search=${'啊'.repeat(2500)}`]) {
            await send('bad query', { method, url: `${url}${url.includes('?') ? '&' : '?'}${q}`, headers: auth }, q.includes('%00') && !isWebhook && !/queues/.test(route.path));
          }
          continue;
        }
        // Bodies.
        const json = { ...auth, 'content-type': 'application/json' };
        const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
        const cases: [string, Record<string, string>, string | Buffer, boolean][] = [
          ['invalid JSON', json, '{"name": ', true],
          ['JSON nested 40 deep', json, deep, true],
          ['JSON of 70 KB', json, JSON.stringify({ name: 'x'.repeat(70 * 1024) }), true],
          ['not UTF-8', json, Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xc3, 0x28, 0x22, 0x7d]), !isConsole],
          ['NUL in a string', json, '{"name":"a\\u0000b","phone":"\\u0000","content":"\\u0000"}', !isWebhook],
          ['lone surrogate', json, '{"name":"\\ud800","title":"\\udc00x"}', !isWebhook],
          ['wrong types', json, '{"name":{"$gt":1},"headcount":"many","wage":[1e309],"skills":"缝纫"}', !isConsole],
          ['array for object', json, '[[1],[2]]', !isConsole],
          ['charset utf-16', { ...auth, 'content-type': 'application/json; charset=utf-16' }, '{}', false],
          ['form junk', { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, `_csrf=${encodeURIComponent(csrf)}&a[b]=1&%E0%A4%A=1&name=%00`, !route.path.startsWith('/webhooks/wechat')],
          ['form of 70 KB', { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, `_csrf=${encodeURIComponent(csrf)}&name=${'x'.repeat(70 * 1024)}`, true],
          ['octet-stream', { ...auth, 'content-type': 'application/octet-stream' }, Buffer.from([0, 1, 2, 255]), !isConsole],
          ['XML bomb', { ...auth, 'content-type': 'text/xml' }, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><xml>&b;&b;&b;</xml>', !isConsole],
          ['odd headers', { ...auth, 'content-type': 'application/json', 'x-request-id': 'x'.repeat(5000), 'idempotency-key': '%%%\u00ff' }, '{}', false],
        ];
        for (const [what, headers, payload, must4xx] of cases) await send(what, { method, url, headers, payload }, must4xx);
      }
    }

    // Strangers: every API route refuses a request without a key before reading its body.
    for (const route of routes.filter((r) => r.path.startsWith('/api/'))) {
      for (const method of route.methods) {
        const r = await sys.app.inject({ method: method as 'GET', url: route.path.replace(/:[A-Za-z]+/g, '2147483648'), headers: { 'content-type': 'application/json' }, payload: method === 'GET' || method === 'DELETE' ? undefined : '{"junk":' });
        expect(r.statusCode, `${method} ${route.path} without a key`).toBe(401);
      }
    }

    // Still ready, and a good text afterwards is stored and answered.
    expect((await sys.app.inject('/readyz')).statusCode).toBe(200);
    const phone = '13800007001';
    const push = await fetch(`${sys.url}/webhooks/aliyun/sms-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ phone_number: phone, content: '帮助', sequence_id: 'battery-good' }]),
    });
    expect(push.status).toBe(200);
    await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone } }), 'the reply to the good text sent', 20_000);
    // And a good WeChat text, through the signed webhook.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const wechat = await sys.app.inject({
      method: 'POST',
      url: `/webhooks/wechat?signature=${wechatSignature(WECHAT_TOKEN, timestamp, 'n2')}&timestamp=${timestamp}&nonce=n2`,
      headers: { 'content-type': 'text/xml' },
      payload: pushXml({ ToUserName: 'gh_x', FromUserName: 'oBatteryUser00000000000001', CreateTime: Number(timestamp), MsgType: 'text', Content: '帮助', MsgId: nextMsgId() }),
    });
    expect(wechat.statusCode).toBe(200);
    expect(results.length).toBeGreaterThan(1000);
  });
});
