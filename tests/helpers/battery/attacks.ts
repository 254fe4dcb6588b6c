import { expect, it } from 'vitest';
import type { FakeWechat } from '../../fakes/fake-wechat.js';
import { waitFor, type TestSystem } from '../app.js';
import { judge, leakIn, shapeProblem, wechatQuery, type Case, type Expect, type Fixtures } from './cases.js';
import { anonymousSession, CONSOLE_PASSWORD } from './fixtures.js';
import type { Route } from './routes.js';
import { send, type CrashMonitor, type Outcome, type RawResponse, type WireRequest } from './wire.js';

export interface BatteryState {
  sys: TestSystem;
  fake: FakeWechat;
  fx: Fixtures;
  crashes: CrashMonitor;
}

const route = (method: string, path: string, kind: Route['kind']): Route => ({ method, path, params: [], kind, idempotent: false, query: [] });

async function expectAnswer(s: BatteryState, r: Route, c: Case): Promise<RawResponse | null> {
  const o: Outcome = await send(s.fx.port, c.req, { crashes: s.crashes });
  const problem = judge(r, c, o);
  expect(problem, `${c.label}`).toBeNull();
  return o.kind === 'response' ? o.res : null;
}

const json = (v: unknown) => JSON.stringify(v);
const deepArrays = (n: number) => '['.repeat(n) + ']'.repeat(n);

// ---------------------------------------------------------------------------------------------

/**
 * Requests that are not valid HTTP, or that no client library sends: Node's parser or the app
 * must answer 4xx (never 5xx, never hang) and the process must go on.
 */
export function protocolCases(s: BatteryState): void {
  const raw = (...parts: (string | Buffer | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.isBuffer(p) ? p : Buffer.from(p))));
  const auth = () => `Authorization: Bearer ${s.fx.adminKey}\r\n`;
  const cases: [label: string, build: () => Buffer, expect: Expect][] = [
    ['raw bytes FF FE in the path', () => raw('GET /api/v1/openings/', [0xff, 0xfe], ' HTTP/1.1\r\nHost: x\r\n', auth(), 'Connection: close\r\n\r\n'), 'reject'],
    ['raw UTF-8 in the path', () => raw('GET /api/v1/openings/', Buffer.from('工人'), ' HTTP/1.1\r\nHost: x\r\n', auth(), 'Connection: close\r\n\r\n'), 'reject'],
    ['raw UTF-8 in a console path', () => raw('GET /console/workers/', Buffer.from('工人'), ` HTTP/1.1\r\nHost: x\r\nCookie: ${s.fx.sessions.admin.cookie}\r\nConnection: close\r\n\r\n`), 'reject'],
    ['raw CR in the path', () => raw('GET /console/workers/1\rX HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'reject'],
    ['raw LF in the path', () => raw('GET /healthz\nX HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'reject'],
    ['raw NUL in the path', () => raw('GET /health', [0], 'z HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'reject'],
    ['a space in the path', () => raw('GET /api/v1/openings/1 2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'reject'],
    ['an invalid percent-encoding in the path', () => raw('GET /api/v1/openings/% HTTP/1.1\r\nHost: x\r\n', auth(), 'Connection: close\r\n\r\n'), 'reject'],
    ['traversal at the root', () => raw('GET /%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'reject'],
    ['NUL in a header value', () => raw('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a', [0], 'b\r\nConnection: close\r\n\r\n'), 'reject'],
    ['CR inside a header value', () => raw('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\nConnection: close\r\n\r\n'), 'reject'],
    ['a header name with a space', () => raw('GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\nConnection: close\r\n\r\n'), 'reject'],
    ['a header line without a colon', () => raw('GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\nConnection: close\r\n\r\n'), 'reject'],
    ['an obs-fold continuation line', () => raw('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n'), 'reject'],
    ['Content-Length not a number', () => raw('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\nConnection: close\r\n\r\n[]'), 'reject'],
    ['Content-Length negative', () => raw('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\nConnection: close\r\n\r\n[]'), 'reject'],
    ['two different Content-Lengths', () => raw('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\nConnection: close\r\n\r\n[]'), 'reject'],
    ['Content-Length with Transfer-Encoding', () => raw('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n[]\r\n0\r\n\r\n'), 'reject'],
    ['an invalid chunk size', () => raw('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n[]\r\n0\r\n\r\n'), 'reject'],
    ['Transfer-Encoding gzip', () => raw('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n[]'), 'reject'],
    ['Content-Length 10^20', () => raw('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n[]'), 'reject'],
    ['Content-Length shorter than the body', () => raw('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]GARBAGE / HTTP/1.1\r\n\r\n'), 'handled'],
    ['no Host header', () => raw('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'), 'reject'],
    ['the HTTP/2 preface', () => raw('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 'reject'],
    ['HTTP/9.9', () => raw('GET /healthz HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n'), 'reject'],
    ['an absolute URL for another host', () => raw('GET http://evil.example/healthz HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'), 'handled'],
    ['a 20 KB URL', () => raw(`GET /api/v1/openings/${'9'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), 'reject'],
    ['a 20 KB header', () => raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Junk: ${'j'.repeat(20_000)}\r\nConnection: close\r\n\r\n`), 'reject'],
    ['3,000 headers', () => raw('GET /healthz HTTP/1.1\r\nHost: x\r\n', Array.from({ length: 3000 }, (_, i) => `X-H${i}: 1\r\n`).join(''), 'Connection: close\r\n\r\n'), 'handled'],
    ['an unknown method', () => raw('FOO /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'reject'],
    ['TRACE', () => raw('TRACE /console/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'reject'],
    ['OPTIONS *', () => raw('OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'reject'],
    ['an unknown Expect', () => raw('POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 200-ok\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]'), 'reject'],
    ['not HTTP at all', () => raw('HELLO\r\n\r\n'), 'reject'],
    ['TLS to a plain port', () => raw([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03], '\r\n\r\n'), 'reject'],
  ];
  for (const [label, build, expectation] of cases) {
    it(`answers ${label} with ${expectation === 'reject' ? 'a 4xx' : 'no 5xx'}`, async () => {
      const r = route('GET', '/', 'public');
      const res = await expectAnswer(s, r, { label, req: { method: 'GET', target: '/', raw: build() }, expect: expectation, wire: true });
      if (res && res.status >= 400) expect(leakIn(res.text)).toBeNull();
      expect(res?.text ?? '').not.toMatch(/root:x?:0:0/);
    });
  }
}

// ---------------------------------------------------------------------------------------------

const SMS_UP = route('POST', '/webhooks/aliyun/sms-up', 'aliyun');
const SMS_REPORT = route('POST', '/webhooks/aliyun/sms-report', 'aliyun');
let seq = 880_000;
const item = (phone: string, content: string, extra: Record<string, unknown> = {}) => ({
  phone_number: phone,
  content,
  send_time: '2026-11-29 10:00:00',
  dest_code: '1234',
  sequence_id: String(++seq),
  ...extra,
});

export function webhookAttacks(s: BatteryState): void {
  const post = (r: Route, body: string | Buffer, expect: Expect, label: string, contentType = 'application/json'): Case => ({
    label,
    req: { method: 'POST', target: r.path, headers: [['content-type', contentType]], body },
    expect,
  });

  const unreadableUp: [string, string | Buffer][] = [
    ['[1,2,3]', '[1,2,3]'],
    ['[{}]', '[{}]'],
    ['[null]', '[null]'],
    ['a list of strings', json(['订阅 缝纫 新街'])],
    ['[[]]', '[[]]'],
    ['wrong types', json([{ phone_number: 13800000001, content: 12345, sequence_id: { a: 1 } }])],
    ['empty phone and content', json([{ phone_number: '', content: '' }])],
    ['phone and content of invalid UTF-8', Buffer.concat([Buffer.from('[{"phone_number":"'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('","content":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]')])],
    ['arrays nested 5,000 deep', deepArrays(5000)],
    ['an object instead of the batch array', json({ phone_number: '13800000001', content: '订阅' })],
  ];
  it('refuses an SmsUp push with no readable item (400) and stores nothing', async () => {
    const problems: string[] = [];
    for (const [label, body] of unreadableUp) {
      const before = await s.sys.ctx.db.inboundMessage.count();
      const o = await send(s.fx.port, post(SMS_UP, body, 'reject', label).req, { crashes: s.crashes });
      const p = judge(SMS_UP, post(SMS_UP, body, 'reject', label), o);
      if (p) problems.push(`${label} → ${p}`);
      const after = await s.sys.ctx.db.inboundMessage.count();
      if (after !== before) problems.push(`${label} → stored ${after - before} rows`);
    }
    expect(problems).toEqual([]);
  });

  it('refuses an SmsReport push with no readable receipt (400) and stores nothing', async () => {
    const bodies: [string, string][] = [
      ['[1,2,3]', '[1,2,3]'],
      ['[{}]', '[{}]'],
      ['wrong types', json([{ phone_number: 1, success: 'maybe', biz_id: 2, err_code: [] }])],
      ['arrays nested 5,000 deep', deepArrays(5000)],
    ];
    const problems: string[] = [];
    for (const [label, body] of bodies) {
      const before = await s.sys.ctx.db.deliveryReport.count();
      const c = post(SMS_REPORT, body, 'reject', label);
      const p = judge(SMS_REPORT, c, await send(s.fx.port, c.req, { crashes: s.crashes }));
      if (p) problems.push(`${label} → ${p}`);
      const after = await s.sys.ctx.db.deliveryReport.count();
      if (after !== before) problems.push(`${label} → stored ${after - before} rows`);
    }
    expect(problems).toEqual([]);
  });

  const oneBad: [string, (phone: string) => Record<string, unknown>][] = [
    ['NUL in the text', (p) => item(p, '订阅\u0000缝纫')],
    ['a lone surrogate in the text', (p) => item(p, '订阅\ud800缝纫')],
    ['NUL in the phone number', () => item('1380000\u00000002', '帮助')],
    ['a lone surrogate in the phone number', () => item('1380000\udc000003', '帮助')],
    ['NUL in the sequence id', (p) => item(p, '帮助', { sequence_id: `9\u00009` })],
    ['NUL in the send time', (p) => item(p, '帮助', { send_time: '2026-11-29\u000010:00:00' })],
    ['NUL in a field Aliyun may add', (p) => item(p, '帮助', { sign_name: '归雁\u0000' })],
    ['an unreadable item', () => ({ phone_number: 5 })],
  ];
  for (const [label, bad] of oneBad) {
    it(`keeps the valid texts of a push with one item with ${label}`, async () => {
      const a = item('13700000601', '你好');
      const b = item('13700000602', '你好');
      const c = post(SMS_UP, json([a, bad('13700000603'), b]), 'handled', label);
      const o = await send(s.fx.port, c.req, { crashes: s.crashes });
      expect(judge(SMS_UP, c, o)).toBeNull();
      if (o.kind === 'response') expect(o.res.status).toBe(200);
      for (const good of [a, b]) {
        const row = await s.sys.ctx.db.inboundMessage.findFirst({ where: { providerMessageId: `${good.phone_number}:${good.sequence_id}` } });
        expect(row, `${good.phone_number} stored`).not.toBeNull();
      }
    });
  }

  it('refuses a WeChat push with a bad signature before reading a hostile body', async () => {
    const r = route('POST', '/webhooks/wechat', 'wechat');
    const billion = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>`;
    await expectAnswer(s, r, { label: 'unsigned billion laughs', req: { method: 'POST', target: '/webhooks/wechat', headers: [['content-type', 'text/xml']], body: billion }, expect: 'auth' });
  });

  const wechatBodies: [string, string | Buffer, Expect][] = [
    ['an entity-expansion bomb', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><ToUserName>gh</ToUserName><FromUserName>oBomb</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol3;</Content><MsgId>1</MsgId></xml>`, 'handled'],
    ['an external entity (XXE)', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>gh</ToUserName><FromUserName>oXXE</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>`, 'handled'],
    ['elements nested 5,000 deep', `<xml>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</xml>`, 'reject'],
    ['a NUL character reference', wechatText('oNul', 'TD&#0;退订'), 'handled'],
    ['a raw NUL', wechatText('oNul2', 'TD\u0000退订'), 'handled'],
    ['a lone surrogate character reference', wechatText('oSurrogate', '订阅&#xD800;缝纫'), 'handled'],
    ['invalid UTF-8', Buffer.concat([Buffer.from(wechatText('oUtf8', 'x').replace('x', '')), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]), 'handled'],
    ['a FromUserName of 5,000 characters', wechatText('o'.repeat(5000), '帮助'), 'handled'],
    ['a 60 KB text', wechatText('oLong', '订'.repeat(20_000)), 'handled'],
    ['a body over the XML limit', wechatText('oHuge', '订'.repeat(100_000)), 'reject'],
    ['not XML', 'hello', 'reject'],
    ['XML that is not a message', '<xml><Foo>1</Foo></xml>', 'reject'],
    ['an empty body', '', 'reject'],
    ['a Content element repeated', wechatText('oTwice', '帮助').replace('</xml>', '<Content><![CDATA[TD]]></Content></xml>'), 'handled'],
    ['NUL as the MsgType', wechatText('oType', 'x').replace('<MsgType><![CDATA[text]]></MsgType>', '<MsgType><![CDATA[\u0000]]></MsgType>'), 'handled'],
  ];
  it('answers signed WeChat pushes with hostile XML without a 5xx, a leak or a stall', async () => {
    const r = route('POST', '/webhooks/wechat', 'wechat');
    const problems: string[] = [];
    for (const [label, body, expectation] of wechatBodies) {
      const c: Case = { label, req: { method: 'POST', target: `/webhooks/wechat?${wechatQuery(s.fx.wechatToken)}`, headers: [['content-type', 'text/xml']], body }, expect: expectation };
      const o = await send(s.fx.port, c.req, { crashes: s.crashes });
      const p = judge(r, c, o);
      if (p) problems.push(`${label} → ${p}`);
      if (o.kind === 'response' && /root:x?:0:0/.test(o.res.text)) problems.push(`${label} → the reply holds /etc/passwd`);
    }
    expect(problems).toEqual([]);
  });

  it('does not die on a sign-in whose next= holds CR/LF or non-ASCII (the value is copied into the form)', async () => {
    const problems: string[] = [];
    for (const next of ['/console/\r\nX-Evil: 1', '/console/?\r\nSet-Cookie: a=b', '/console/工人', '/console/\u0000']) {
      // The crafted link: the sign-in page must render it without harm …
      const page = await send(s.fx.port, { method: 'GET', target: `/console/login?next=${encodeURIComponent(next)}` }, { crashes: s.crashes });
      const p1 = judge(route('GET', '/console/login', 'console-public'), { label: 'page', req: { method: 'GET', target: '/' }, expect: 'handled' }, page);
      if (p1) problems.push(`GET /console/login?next=${JSON.stringify(next)} → ${p1}`);
      // … and signing in through it (a real user, the right password) must not end the process,
      // and must land on a page of the console.
      const anon = await anonymousSession(s.sys.url);
      const o = await send(
        s.fx.port,
        {
          method: 'POST',
          target: '/console/login',
          headers: [['cookie', anon.cookie], ['content-type', 'application/x-www-form-urlencoded']],
          body: new URLSearchParams({ _csrf: anon.csrf, name: 'bat-next', password: CONSOLE_PASSWORD, next }).toString(),
        },
        { crashes: s.crashes },
      );
      const what = `sign-in with next=${JSON.stringify(next)}`;
      if (o.kind !== 'response') problems.push(`${what} → ${judge(route('POST', '/console/login', 'console-public'), { label: what, req: { method: 'POST', target: '/' }, expect: 'handled' }, o)}`);
      // A NUL is refused in every console field (400 page); the other values sign in as usual.
      else if (next.includes('\u0000') ? o.res.status !== 400 : o.res.status !== 303) problems.push(`${what} → ${o.res.status} instead of the sign-in's 303 (400 for a NUL)`);
      else if (o.res.status === 400) continue;
      else if (!/^\/console(?:[/?][\x21-\x7e]*)?$/.test(o.res.headers.location ?? '')) problems.push(`${what} → Location ${JSON.stringify(o.res.headers.location)}`);
    }
    expect(problems).toEqual([]);
  });

  it('does not die when a caseworker saves a worker at a path with CR/LF (POST /console/workers/<id>%0D%0A)', async () => {
    const station = s.fx.sessions.caseworker;
    const body = new URLSearchParams({ phone: s.fx.workerPhone, name: '回车换行', division: '532528102', skills: '缝纫', status: 'active' }).toString();
    const res = await expectAnswer(s, route('POST', '/console/workers/:id', 'console'), {
      label: 'POST /console/workers/<id>%0D%0A',
      req: {
        method: 'POST',
        target: `/console/workers/${s.fx.ids.worker}%0D%0A`,
        headers: [['cookie', station.cookie], ['x-csrf-token', station.csrf], ['content-type', 'application/x-www-form-urlencoded']],
        body,
      },
      expect: 'handled',
    });
    expect(res).not.toBeNull();
  });

  // Today Prisma batches findUnique calls made in the same tick into one query, so one id past
  // int32 fails every request being served beside it. Whether two requests meet in one tick is
  // timing, so the attack is a burst; a fix that refuses such ids at the edge passes every time.
  it('does not fail requests served beside one with an id past 2^31', async () => {
    const cookie: [string, string] = ['cookie', s.fx.sessions.admin.cookie];
    const bearer: [string, string] = ['authorization', `Bearer ${s.fx.adminKey}`];
    const failed: string[] = [];
    for (let round = 0; round < 10; round++) {
      const burst: Promise<void>[] = [];
      for (let i = 0; i < 10; i++) {
        for (const [target, headers] of [
          [`/console/workers/${s.fx.ids.worker}`, [cookie]],
          [`/api/v1/caseworker/workers/${s.fx.ids.worker}`, [bearer]],
        ] as const) {
          burst.push(
            send(s.fx.port, { method: 'GET', target, headers: [...headers] }, { crashes: s.crashes }).then((o) => {
              if (o.kind !== 'response' || o.res.status !== 200) failed.push(`GET ${target} → ${o.kind === 'response' ? o.res.status : o.kind}`);
            }),
          );
          burst.push(send(s.fx.port, { method: 'GET', target: target.replace(/\d+$/, '2147483648'), headers: [...headers] }, { crashes: s.crashes }).then(() => undefined));
        }
      }
      await Promise.all(burst);
    }
    expect(failed, `${failed.length} good requests failed`).toEqual([]);
  });

  it('refuses /admin/queues to non-admin keys with 403 in the usual shape', async () => {
    const r = route('GET', '/admin/queues', 'board');
    for (const key of [s.fx.keys.caseworker, s.fx.keys.employer]) {
      for (const target of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/api/queues/notify/pause']) {
        const res = await expectAnswer(s, r, { label: target, req: { method: 'GET', target, headers: [['authorization', `Bearer ${key}`]] }, expect: 'forbidden' });
        if (res) expect(shapeProblem(r, res)).toBeNull();
      }
    }
  });
}

function wechatText(from: string, content: string): string {
  return `<xml><ToUserName><![CDATA[gh_guiyan000001]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${Date.now()}${Math.floor(Math.random() * 1000)}</MsgId></xml>`;
}

// ---------------------------------------------------------------------------------------------

/** After everything above: the process never crashed, is ready, and still serves a worker. */
export function afterBattery(s: BatteryState): void {
  it('no request ended the process (no uncaught exception or unhandled rejection)', () => {
    expect(s.crashes.errors.map((e) => e.error)).toEqual([]);
  });

  // Not about the app: the battery's own callers must have worked to the end, or the cases
  // after the one that broke them tested less than they say.
  it('kept its admin session and its keys working to the end', async () => {
    const page = await fetch(`${s.sys.url}/console/password`, { headers: { cookie: s.fx.sessions.admin.cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    for (const key of [s.fx.adminKey, s.fx.keys.caseworker]) {
      const res = await fetch(`${s.sys.url}/api/v1/caseworker/workers?limit=1`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
    }
  });

  it('is still ready', async () => {
    const res = await fetch(`${s.sys.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('still accepts a good Aliyun SmsUp push and answers it by SMS', async () => {
    const phone = '13700000777';
    const good = item(phone, '订阅 缝纫 新街');
    const res = await fetch(`${s.sys.url}/webhooks/aliyun/sms-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json([good]) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: 0 });
    const db = s.sys.ctx.db;
    const row = await waitFor(() => db.inboundMessage.findFirst({ where: { providerMessageId: `${phone}:${good.sequence_id}`, processedAt: { not: null } } }), 'the text to be handled', 20_000);
    const replies = await db.notification.findMany({ where: { dedupeKey: { startsWith: `reply:${row.id}` } } });
    expect(replies.length).toBeGreaterThan(0);
    // The reply leaves through the SMS provider (the console driver keeps what it "sent").
    for (const r of replies) {
      await waitFor(() => db.outboxMessage.findFirst({ where: { phone, content: `【归雁就业】${r.content}` } }), `reply "${r.content}" sent`, 20_000);
    }
    expect((await db.worker.findFirst({ where: { phone } }))?.status).toBe('active');
  });

  it('still answers a good WeChat message', async () => {
    const r = await s.fake.userSendsText('oBatteryAfterwards', '订阅缝纫新街');
    expect(r.status).toBe(200);
    expect(r.body).toContain('缝纫');
    expect(await s.sys.ctx.db.worker.count({ where: { wechatOpenId: 'oBatteryAfterwards', status: 'active' } })).toBe(1);
  });
}
