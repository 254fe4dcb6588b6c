import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
// src/domain/inbound-text.ts: INBOUND_TEXT_MAX_CHARS (a literal, so this file also runs against code from before it).
const INBOUND_TEXT_MAX_CHARS = 2000;
import { pushXml, nextMsgId, wechatSignature } from '../fakes/fake-wechat.js';
import { apiAs, createKey } from '../helpers/api.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { getPage, Jar, postForm } from '../helpers/console.js';
import { TEST_REDIS_URL } from '../helpers/env.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

/**
 * Issue #11, the edge: what one request from the public internet can do. Bad input gets a 4xx
 * in the usual shape (never a 500, never a crash), a push stores what it can read, texts are
 * clipped on the way in, redirects are built from validated parts, and without Redis a
 * request fails fast with 503 instead of hanging.
 */
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const errorShape = (statusCode: number) => ({ statusCode, error: expect.any(String), message: expect.any(String), requestId: expect.any(String) });

describe('bad input answers 4xx in the usual shape', () => {
  let sys: TestSystem;
  let station: string;
  const admin = () => apiAs(sys, ADMIN_KEY);

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    station = (await createKey(sys, { name: '元阳县站', role: 'caseworker', divisionPrefixes: ['532528'] })).key;
  });

  it('?divisions= that is not a code, and a ZodError thrown in a handler, are 400 naming the field', async () => {
    const r = await apiAs(sys, station)('GET', '/api/v1/caseworker/workers?divisions=abc');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject(errorShape(400));
    expect(r.json.message).toMatch(/^divisions\.0: /);
  });

  it('an :id at or above 2^31 is a 4xx on every kind of route, API and console', async () => {
    for (const url of [
      '/api/v1/caseworker/workers/2147483648',
      '/api/v1/openings/99999999999',
      '/api/v1/campaigns/2147483648',
      '/api/v1/openings/2147483648/applications',
      '/api/v1/caseworker/reminders/2147483648',
    ]) {
      const r = await admin()('GET', url);
      expect(r.status, url).toBe(400);
      expect(r.json, url).toMatchObject(errorShape(400));
    }
    const big = await admin()('POST', '/api/v1/openings', { workshopId: 2 ** 31, title: 'x', skills: [], headcount: 1, wage: { min: 1, max: 2, unit: 'day' }, terms: { payDay: '日结' } });
    expect(big.status).toBe(400);
    expect(big.json.message).toContain('body.workshopId');
    const wage = await admin()('POST', '/api/v1/openings', { workshopId: 1, title: 'x', skills: [], headcount: 1, wage: { min: 1, max: 1e12, unit: 'day' }, terms: { payDay: '日结' } });
    expect(wage.status).toBe(400);
  });

  it('NUL characters and lone surrogates in a body, query or path are 400 naming the field', async () => {
    const body = await admin()('POST', '/api/v1/admin/employers', { name: 'a\u0000b' });
    expect(body.status).toBe(400);
    expect(body.json).toMatchObject(errorShape(400));
    expect(body.json.message).toMatch(/^body\.name: /);
    const surrogate = await sys.app.inject({
      method: 'POST',
      url: '/api/v1/admin/employers',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      payload: '{"name":"\\ud800x"}',
    });
    expect(surrogate.statusCode).toBe(400);
    const query = await apiAs(sys, station)('GET', '/api/v1/caseworker/workers?skills=%00');
    expect(query.status).toBe(400);
    expect(query.json.message).toMatch(/^query\.skills/);
    expect(await sys.ctx.db.employer.count()).toBe(0);
  });

  it('authenticates before it reads the body: a stranger with a bad body gets 401, not 400', async () => {
    const r = await apiAs(sys, null)('POST', '/api/v1/admin/employers', { name: 42 });
    expect(r.status).toBe(401);
    const csv = await apiAs(sys, 'not-a-key-0123456789')('POST', '/api/v1/caseworker/workers/import', 'junk', { 'content-type': 'text/csv' });
    expect(csv.status).toBe(401);
  });

  it('/admin/queues with a key that is not admin is 403, and WeChat is 404 when it is off', async () => {
    const board = await apiAs(sys, station)('GET', '/admin/queues');
    expect(board.status).toBe(403);
    expect(board.json).toMatchObject(errorShape(403));
    for (const method of ['GET', 'POST'] as const) {
      const r = await sys.app.inject({ method, url: '/webhooks/wechat?signature=x&timestamp=1&nonce=1' });
      expect(r.statusCode, method).toBe(404);
      expect(r.json()).toMatchObject(errorShape(404));
    }
  });

  it('refuses bodies larger than the route needs with 413', async () => {
    const api = await admin()('POST', '/api/v1/admin/employers', { name: 'x', pad: 'y'.repeat(100 * 1024) });
    expect(api.status).toBe(413);
    const push = await sys.app.inject({
      method: 'POST',
      url: '/webhooks/aliyun/sms-up',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([{ phone_number: '13800000001', content: '帮'.repeat(800_000), sequence_id: '1' }]),
    });
    expect(push.statusCode).toBe(413);
    const csv = await apiAs(sys, station)('POST', '/api/v1/caseworker/workers/import', 'x'.repeat(3 * 1024 * 1024), { 'content-type': 'text/csv' });
    expect(csv.status).toBe(413);
  });

  it('a survey name longer than 20 characters is a row error, and the other rows import', async () => {
    const csv = ['姓名,手机,住址,同意', `${'李'.repeat(21)},13800003331,南沙镇,是`, '王芳,13800003332,南沙镇,是'].join('\n');
    const r = await apiAs(sys, station)('POST', '/api/v1/caseworker/workers/import', csv, { 'content-type': 'text/csv' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ total: 2, created: 1, errors: 1 });
    expect(r.json.rows[0]).toMatchObject({ line: 2, outcome: 'error', problems: ['name: at most 20 characters'] });
    expect(await sys.ctx.db.worker.count()).toBe(1);
  });
});

describe('Aliyun pushes: 400 when nothing is readable, the readable items stored otherwise', () => {
  let sys: TestSystem;
  const push = (route: 'sms-up' | 'sms-report', payload: string | Buffer) =>
    sys.app.inject({ method: 'POST', url: `/webhooks/aliyun/${route}`, headers: { 'content-type': 'application/json' }, payload });

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => resetData(sys.ctx.db));

  it('answers 400 and stores nothing for a push with no readable item', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const cases: (string | Buffer)[] = [
      '[1,2,3]',
      '[{}]',
      '[{"phone_number":13800000001,"content":["帮助"]}]',
      `[${deep}]`,
      // A body that is not UTF-8: its bytes decode to replacement characters, and no item has the fields.
      Buffer.from([0x5b, 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x5d]),
    ];
    for (const body of cases) {
      for (const route of ['sms-up', 'sms-report'] as const) {
        const r = await push(route, body);
        expect(r.statusCode, `${route} ${String(body).slice(0, 40)}`).toBe(400);
        expect(r.json()).toMatchObject(errorShape(400));
      }
    }
    expect(await sys.ctx.db.inboundMessage.count()).toBe(0);
    expect(await sys.ctx.db.deliveryReport.count()).toBe(0);
  });

  it('stores the readable items of a partly broken push, cleans NUL and lone surrogates, and reports the rest', async () => {
    const items = `[
      {"phone_number":"13800000001","content":"帮\\u0000助","sequence_id":"1"},
      {"phone_number":"13800000002","content":"订阅\\ud800 缝纫","sequence_id":"2"},
      {"content":"no phone"},
      {"phone_number":"13800000003","content":"TD","sequence_id":3}
    ]`;
    const r = await push('sms-up', items);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ code: 0, rejected: [{ index: 2, error: expect.stringContaining('phone_number') }] });
    const rows = await sys.ctx.db.inboundMessage.findMany({ orderBy: { sender: 'asc' } });
    expect(rows.map((m) => [m.sender, m.content])).toEqual([
      ['13800000001', '帮助'],
      ['13800000002', '订阅\uFFFD 缝纫'],
      ['13800000003', 'TD'],
    ]);

    const reports = `[
      {"phone_number":"13800000001","success":false,"err_code":"MK:0001","err_msg":"bad\\u0000msg","biz_id":"900^1","report_time":"2026-11-29 10:00:00"},
      {"phone_number":"13800000002","success":true,"biz_id":"900^1","sms_size":"99999999999","report_time":"2026-11-29 10:00:00"},
      {"phone_number":"13800000003","success":"maybe","biz_id":"900^1"}
    ]`;
    const rep = await push('sms-report', reports);
    expect(rep.statusCode).toBe(200);
    expect(rep.json()).toMatchObject({ code: 0, rejected: [{ index: 2 }] });
    const stored = await sys.ctx.db.deliveryReport.findMany({ orderBy: { phone: 'asc' } });
    expect(stored.map((d) => [d.phone, d.errMsg, d.smsSize])).toEqual([
      ['13800000001', 'badmsg', null],
      ['13800000002', null, null],
    ]);
  });

  it('stores a text whose send time no phone sends (year 0000 or 9999) with the time unknown, and the push with it', async () => {
    const items = [
      { phone_number: '13800000011', content: '帮助', send_time: '2026-11-29 10:00:00', sequence_id: '11' },
      { phone_number: '13800000012', content: 'TD', send_time: '0000-01-01 00:00:00', sequence_id: '12' },
      { phone_number: '13800000013', content: '岗位', send_time: '9999-12-31 23:59:59', sequence_id: '13' },
    ];
    const r = await push('sms-up', JSON.stringify(items));
    expect(r.statusCode).toBe(200);
    const rows = await sys.ctx.db.inboundMessage.findMany({ orderBy: { sender: 'asc' } });
    expect(rows.map((m) => [m.sender, m.content, m.sentAt?.toISOString() ?? null])).toEqual([
      ['13800000011', '帮助', '2026-11-29T02:00:00.000Z'],
      ['13800000012', 'TD', null],
      ['13800000013', '岗位', null],
    ]);
  });

  it('clips a long text on the way in and keeps its original length on the row', async () => {
    const long = `订阅 缝纫 新街 ${'啊'.repeat(100_000)}`;
    const r = await push('sms-up', JSON.stringify([{ phone_number: '13800000009', content: long, sequence_id: '9' }]));
    expect(r.statusCode).toBe(200);
    const row = await sys.ctx.db.inboundMessage.findFirstOrThrow();
    expect(row.content).toBe(long.slice(0, INBOUND_TEXT_MAX_CHARS));
    expect(row.contentLength).toBe(long.length);
    expect(JSON.stringify(row.raw).length).toBeLessThan(INBOUND_TEXT_MAX_CHARS * 4);
    // A text within the limit is kept whole, its length recorded.
    await push('sms-up', JSON.stringify([{ phone_number: '13800000010', content: 'TD', sequence_id: '10' }]));
    expect(await sys.ctx.db.inboundMessage.findFirstOrThrow({ where: { sender: '13800000010' } })).toMatchObject({ content: 'TD', contentLength: 2 });
  });
});

describe('WeChat pushes follow the same text policy', () => {
  let sys: TestSystem;
  const token = 'edgeWechatToken1';
  beforeAll(async () => {
    sys = await startSystem({ workers: false, env: { WECHAT_TOKEN: token, WECHAT_REPLY_DEADLINE_MS: '0' } });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => resetData(sys.ctx.db));

  it('cleans NUL from a text and clips it, keeping its length', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = 'n1';
    const signature = wechatSignature(token, timestamp, nonce);
    const content = `帮\u0000助${'啊'.repeat(5000)}`;
    const xml = pushXml({ ToUserName: 'gh_x', FromUserName: 'oEdgeUser000000000000000001', CreateTime: Number(timestamp), MsgType: 'text', Content: content, MsgId: nextMsgId() });
    const r = await sys.app.inject({ method: 'POST', url: `/webhooks/wechat?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, headers: { 'content-type': 'text/xml' }, payload: xml });
    expect(r.statusCode).toBe(200);
    const row = await sys.ctx.db.inboundMessage.findFirstOrThrow({ where: { channel: 'wechat' } });
    expect(row.content.startsWith('帮助啊')).toBe(true);
    expect(row.content).toHaveLength(INBOUND_TEXT_MAX_CHARS);
    expect(row.contentLength).toBe(content.length - 1);
    // The raw copy keeps the same cleaned, clipped text, not the push as sent.
    expect((row.raw as { Content?: string }).Content).toBe(row.content);
  });

  it('answers 400, not 500, for a signed push whose sender or MsgId is too long to be a key', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    // Random, so that PostgreSQL cannot compress it under its index row limit (8 KB).
    const long = Array.from({ length: 1000 }, () => Math.random().toString(36).slice(2)).join('');
    const cases: Record<string, string>[] = [
      { FromUserName: long, MsgId: nextMsgId() },
      { FromUserName: 'oEdgeUser000000000000000002', MsgId: long },
      { FromUserName: 'oEdgeUser000000000000000003', MsgType: 'event', Event: long },
    ];
    for (const [i, fields] of cases.entries()) {
      const nonce = `long${i}`;
      const xml = pushXml({ ToUserName: 'gh_x', CreateTime: Number(timestamp), MsgType: 'text', Content: '帮助', ...fields });
      const r = await sys.app.inject({ method: 'POST', url: `/webhooks/wechat?signature=${wechatSignature(token, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, headers: { 'content-type': 'text/xml' }, payload: xml });
      expect(r.statusCode, Object.keys(fields).join()).toBe(400);
    }
    expect(await sys.ctx.db.inboundMessage.count()).toBe(0);
  });
});

describe('console: redirects are built from validated parts', () => {
  let sys: TestSystem;
  let cookie: string;
  let workerId: number;

  async function signIn(name: string, password: string, next?: string) {
    // As a browser does: the sign-in page's cookies (its CSRF secret) go back with the form.
    const jar = new Jar();
    const form = await getPage(sys.app, jar, `/console/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
    const carried = /name="next" value="([^"]*)"/.exec(form.res.body)![1]!;
    const res = await postForm(sys.app, jar, '/console/login', { _csrf: form.token!, name, password, next: next ?? carried });
    return { res, carried, cookie: jar.get('guiyan_sid') ? jar.header() : '' };
  }

  async function csrfFrom(url: string) {
    const pageRes = await sys.app.inject({ method: 'GET', url, headers: { cookie } });
    return /name="_csrf" value="([^"]+)"/.exec(pageRes.body)![1]!;
  }

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
    await resetData(sys.ctx.db);
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE console_users RESTART IDENTITY CASCADE');
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'station', password: 'station-password', role: 'caseworker', divisionPrefixes: ['532528'] });
    cookie = (await signIn('station', 'station-password')).cookie;
    const w = await apiAs(sys, ADMIN_KEY)('POST', '/api/v1/caseworker/workers', { phone: '13800004001', division: '532528102', consent: true });
    workerId = w.json.id;
  });
  afterAll(async () => sys?.close());

  it('a sign-in link whose next= holds CR/LF or non-ASCII signs in to the overview', async () => {
    for (const next of ['/console/\r\nSet-Cookie: x=1', '/console/工人', '//evil.example/console', '/console/../\\evil']) {
      const { res, carried } = await signIn('station', 'station-password', next);
      expect(carried, JSON.stringify(next)).toBe('');
      expect(res.statusCode, JSON.stringify(next)).toBe(303);
      expect(res.headers.location).toBe('/console');
    }
    const ok = await signIn('station', 'station-password', '/console/workers?search=138');
    expect(ok.res.headers.location).toBe('/console/workers?search=138');
  });

  it('POST /console/workers/<id>%0D%0A is a 404 page, and the form saved under a clean id redirects', async () => {
    const token = await csrfFrom(`/console/workers/${workerId}`);
    const post = (path: string) =>
      sys.app.inject({
        method: 'POST',
        url: path,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, phone: '13800004001', division: '532528102', name: '李四' }).toString(),
      });
    const crlf = await post(`/console/workers/${workerId}%0D%0A`);
    expect(crlf.statusCode).toBe(404);
    expect(crlf.headers.location).toBeUndefined();
    for (const bad of ['2147483648', 'abc', '1e3', '-1']) {
      expect((await post(`/console/workers/${bad}`)).statusCode, bad).toBe(404);
      expect((await sys.app.inject({ method: 'GET', url: `/console/workers/${bad}`, headers: { cookie } })).statusCode, bad).toBe(404);
    }
    const ok = await post(`/console/workers/${workerId}`);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/console/workers/${workerId}`);
    expect((await sys.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('a NUL in a console form is a 400 page, not a 500', async () => {
    const token = await csrfFrom(`/console/workers/${workerId}`);
    const r = await sys.app.inject({
      method: 'POST',
      url: `/console/workers/${workerId}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, phone: '13800004001', division: '532528102', name: '李\u0000四' }).toString(),
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('出错了');
  });

  it('refuses a console form larger than forms are with 413', async () => {
    const token = await csrfFrom('/console/workers');
    const r = await sys.app.inject({
      method: 'POST',
      url: `/console/workers/${workerId}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, name: 'x'.repeat(200 * 1024) }).toString(),
    });
    expect(r.statusCode).toBe(413);
  });
});

describe('production mode: /docs off, /metrics only behind a token', () => {
  it('serves /docs and /metrics in development, and in production only /metrics with METRICS_TOKEN', async () => {
    const dev = await startSystem({ workers: false });
    try {
      expect((await dev.app.inject('/docs/json')).statusCode).toBe(200);
      expect((await dev.app.inject('/metrics')).statusCode).toBe(200);
    } finally {
      await dev.close();
    }
    const prod = await startSystem({ workers: false, env: { NODE_ENV: 'production' } });
    try {
      expect((await prod.app.inject('/docs')).statusCode).toBe(404);
      expect((await prod.app.inject('/docs/json')).statusCode).toBe(404);
      expect((await prod.app.inject('/metrics')).statusCode).toBe(404);
    } finally {
      await prod.close();
    }
    const token = 'metrics-token-0123456789';
    const guarded = await startSystem({ workers: false, env: { NODE_ENV: 'production', METRICS_TOKEN: token, DOCS_ENABLED: 'true' } });
    try {
      expect((await guarded.app.inject('/docs/json')).statusCode).toBe(200);
      expect((await guarded.app.inject('/metrics')).statusCode).toBe(401);
      expect((await guarded.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(401);
      const ok = await guarded.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('guiyan_');
    } finally {
      await guarded.close();
    }
    // METRICS_PORT: /metrics only on its own listener, not on the public port.
    const ownPort = await startSystem({ workers: false, env: { METRICS_PORT: '9464' } });
    try {
      expect((await ownPort.app.inject('/metrics')).statusCode).toBe(404);
      const { buildMetricsHttp } = await import('../../src/app.js');
      const metrics = await buildMetricsHttp(ownPort.ctx);
      expect((await metrics.inject('/metrics')).statusCode).toBe(200);
      expect((await metrics.inject('/api/v1/openings')).statusCode).toBe(404);
      await metrics.close();
    } finally {
      await ownPort.close();
    }
  });
});

describe('Redis lost while running', () => {
  let sys: TestSystem;
  let proxy: TcpProxy;
  const smsUp = (phone: string, seq: string) =>
    sys.app.inject({ method: 'POST', url: '/webhooks/aliyun/sms-up', payload: [{ phone_number: phone, content: '帮助', sequence_id: seq }] });

  beforeAll(async () => {
    const target = new URL(TEST_REDIS_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    sys = await startSystem({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_COMMAND_TIMEOUT_MS: '1000' } });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => {
    await proxy.up().catch(() => undefined);
    // Bounded: in 2 of about 6 full-suite runs this stop, closing after the outage took over a
    // minute (not seen when the file runs alone; open in the closing note). A process's own
    // shutdown is bounded the same way by SHUTDOWN_TIMEOUT_MS.
    await Promise.race([sys?.close(), new Promise((r) => setTimeout(r, 20_000))]);
    await proxy?.close();
  });

  it('answers 503 at once (so Aliyun pushes again), reports it on /readyz, and recovers by itself', async () => {
    expect((await smsUp('13800005001', '1')).statusCode).toBe(200);
    // The first text is read before the outage: one caught mid-job when Redis goes is recovered
    // by BullMQ's stalled-job check or the sweep, later than this test waits (it failed once in CI).
    await waitFor(async () => (await sys.ctx.db.inboundMessage.count({ where: { processedAt: { not: null } } })) === 1, 'the first text read', 20_000);
    await proxy.down();
    await waitFor(async () => sys.ctx.redis.status !== 'ready', 'the connection noticed');

    const r = await smsUp('13800005002', '2');
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject(errorShape(503));
    const ready = await sys.app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.redis).toMatch(/Redis/);
    expect(ready.json().checks.postgres).toBe('ok');
    // An API call that needs no Redis still works.
    expect((await apiAs(sys, ADMIN_KEY)('GET', '/api/v1/openings')).status).toBe(200);

    await proxy.up();
    await waitFor(async () => (await sys.app.inject('/readyz')).statusCode === 200, 'Redis back', 20_000);
    // Aliyun's retry of the refused push is stored once and answered.
    expect((await smsUp('13800005002', '2')).statusCode).toBe(200);
    await waitFor(
      async () => (await sys.ctx.db.inboundMessage.count({ where: { processedAt: { not: null } } })) === 2,
      'both texts read and answered',
      20_000,
    );
  });
});

describe('server timeouts', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false, listen: true, env: { HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => sys?.close());

  const connect = async () => {
    const { port } = new URL(sys.url);
    const socket = (await import('node:net')).connect(Number(port), '127.0.0.1');
    let received = '';
    let closed = false;
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    return { socket, received: () => received, closed: () => closed };
  };

  it('cuts off a client that sends its request too slowly, and closes idle keep-alive connections', async () => {
    const slow = await connect();
    slow.socket.write('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: guiyan\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[');
    await waitFor(async () => slow.closed(), 'the slow request cut off', 15_000);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);

    const idle = await connect();
    idle.socket.write('GET /healthz HTTP/1.1\r\nHost: guiyan\r\n\r\n');
    await waitFor(async () => idle.received().includes('"ok"'), 'answered');
    await waitFor(async () => idle.closed(), 'the idle keep-alive connection closed', 15_000);
  });
});
