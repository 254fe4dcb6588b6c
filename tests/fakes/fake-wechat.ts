/**
 * Fake WeChat Official Account API (docs/wechat.md) for offline tests, both directions:
 * - the API guiyan calls: `GET /cgi-bin/token`, `POST /cgi-bin/message/custom/send` (48-hour
 *   window and per-action quota → 45015 / 45047), `POST /cgi-bin/message/template/send`;
 * - the pushes WeChat makes to guiyan: signed XML to the server URL, as a user would cause them
 *   (`userSendsText`, `userSendsLocation`, `userFollows`, `userUnfollows`).
 * Every accepted message is recorded; `fail()` makes the next calls fail the ways WeChat does.
 * With an EncodingAESKey (`setServer(url, token, { encodingAESKey, mode })`) pushes go out in
 * safe or compatible mode, and encrypted passive replies are checked and decrypted. The
 * encryption is written here again from WeChat's WXBizMsgCrypt scheme, not imported from
 * guiyan, so the two are checked against each other.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const DEFAULT_APP_ID = 'wx0123456789abcdef';
export const DEFAULT_APP_SECRET = 'fake-wechat-app-secret-0123456789';
export const DEFAULT_SERVER_TOKEN = 'guiyanWechatToken1';
export const DEFAULT_ACCOUNT = 'gh_guiyan000001';

const HOUR = 3_600_000;
/** Customer-service quotas per user action (docs/wechat.md, "Answering later"). */
const QUOTA = { message: { count: 5, validMs: 48 * HOUR }, follow: { count: 3, validMs: 60_000 } } as const;
/** Calling /token again leaves the previous token valid for this long. */
const TOKEN_OVERLAP_MS = 5 * 60_000;

export type FakeWechatApi = 'token' | 'custom' | 'template';

export interface FakeWechatFault {
  /** Only calls to this API; default any. */
  api?: FakeWechatApi;
  /** How many matching calls fail; default 1, `Infinity` allowed. */
  times?: number;
  /** errcode: answer HTTP 200 with this errcode; http500; hang (never answers); badJson. */
  kind: 'errcode' | 'http500' | 'hang' | 'badJson';
  errcode?: number;
  errmsg?: string;
}

export interface FakeWechatMessage {
  type: 'custom' | 'template';
  openId: string;
  /** custom: the text content. */
  content?: string;
  templateId?: string;
  /** template: each keyword's value. */
  data?: Record<string, string>;
  msgId: string;
  at: Date;
}

export interface FakeWechatCall {
  api: FakeWechatApi | 'unknown';
  query: Record<string, string>;
  body: unknown;
  errcode: number;
}

export interface FakeWechatOptions {
  appId?: string;
  appSecret?: string;
  /** Seconds a token lives; default 7200 like WeChat. */
  tokenExpiresIn?: number;
  /** Template ids that exist; others get 40037. Default: any id is accepted. */
  templateIds?: string[];
  /** Where "WeChat" pushes user messages (our POST /webhooks/wechat) and the token it signs with. */
  serverUrl?: string;
  serverToken?: string;
  /** Business clock for windows, quotas and token expiry; default the wall clock. */
  now?: () => Date;
  port?: number;
}

export interface PushResult {
  status: number;
  /** The reply; an encrypted passive reply is given decrypted (see `encrypted`). */
  body: string;
  /** The reply came encrypted, with a valid MsgSignature. */
  encrypted?: boolean;
}

export interface PushEncryption {
  encodingAESKey: string;
  /** safe: only <Encrypt>; compatible: the plaintext fields too. */
  mode: 'safe' | 'compatible';
}

/** WXBizMsgCrypt: AES-256-CBC, key = EncodingAESKey + "=" base64-decoded, IV its first 16 bytes. */
function wxKey(encodingAESKey: string): Buffer {
  return Buffer.from(`${encodingAESKey}=`, 'base64');
}
function wxEncrypt(encodingAESKey: string, appId: string, xml: string): string {
  const key = wxKey(encodingAESKey);
  const msg = Buffer.from(xml);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(appId)]);
  const n = 32 - (plain.length % 32);
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.concat([plain, Buffer.alloc(n, n)])), c.final()]).toString('base64');
}
function wxDecrypt(encodingAESKey: string, encrypt: string): { xml: string; appId: string } {
  const key = wxKey(encodingAESKey);
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()]);
  const body = plain.subarray(0, plain.length - plain[plain.length - 1]!);
  const len = body.readUInt32BE(16);
  return { xml: body.subarray(20, 20 + len).toString(), appId: body.subarray(20 + len).toString() };
}
function wxSignature(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

export interface FakeWechat {
  /** http://127.0.0.1:PORT, the WECHAT_API_BASE_URL for the client. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  messages: FakeWechatMessage[];
  calls: FakeWechatCall[];
  /** How many tokens were issued. */
  tokensIssued(): number;
  /** Every token issued so far stops working (WeChat answers 40001). */
  invalidateTokens(): void;
  /** Every token issued so far is past its expiry (WeChat answers 42001). */
  expireTokens(): void;
  fail(rule: FakeWechatFault): void;
  /** The user acted (sent a message / followed): opens a window with that action's quota. */
  openWindow(openId: string, action?: keyof typeof QUOTA): void;
  setServer(url: string, token?: string, encryption?: PushEncryption | null): void;
  userSendsText(openId: string, content: string, opts?: { msgId?: string; createTime?: number }): Promise<PushResult>;
  userSendsLocation(openId: string, lat: number, lng: number, opts?: { msgId?: string; label?: string }): Promise<PushResult>;
  userFollows(openId: string, opts?: { createTime?: number }): Promise<PushResult>;
  userUnfollows(openId: string, opts?: { createTime?: number }): Promise<PushResult>;
  /** Posts any XML body, signed unless `signature` is given, encrypted if the server is set so. */
  push(xml: string, opts?: { signature?: string; timestamp?: string; nonce?: string; msgSignature?: string; appId?: string }): Promise<PushResult>;
  reset(): void;
  close(): Promise<void>;
}

/** sha1 of the lexicographically sorted [token, timestamp, nonce], lower-case hex (docs/wechat.md). */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

const cdata = (s: string): string => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** A value written without CDATA, e.g. a 64-bit MsgId that must stay digits. */
export interface Bare {
  bare: string;
}
export const bare = (s: string): Bare => ({ bare: s });

/** The XML WeChat pushes; string values are CDATA, numbers bare, like the real pushes. */
export function pushXml(fields: Record<string, string | number | Bare>): string {
  const inner = Object.entries(fields)
    .map(([k, v]) => `<${k}>${typeof v === 'number' ? String(v) : typeof v === 'string' ? cdata(v) : v.bare}</${k}>`)
    .join('');
  return `<xml>${inner}</xml>`;
}

let msgSeq = 0n;
/** A 64-bit message id above 2^53, so a parser that uses Number would lose digits. */
export function nextMsgId(): string {
  msgSeq += 1n;
  return (9_007_199_254_740_993n + msgSeq * 7n).toString();
}

interface Window {
  until: number;
  remaining: number;
}

export async function startFakeWechat(options: FakeWechatOptions = {}): Promise<FakeWechat> {
  const appId = options.appId ?? DEFAULT_APP_ID;
  const appSecret = options.appSecret ?? DEFAULT_APP_SECRET;
  const expiresIn = options.tokenExpiresIn ?? 7200;
  const now = options.now ?? (() => new Date());
  let serverUrl = options.serverUrl ?? '';
  let serverToken = options.serverToken ?? DEFAULT_SERVER_TOKEN;
  let encryption: PushEncryption | null = null;

  const tokens = new Map<string, { expiresAt: number; revokedAt: number | null; invalid: boolean }>();
  let issued = 0;
  const windows = new Map<string, Window>();
  const unfollowed = new Set<string>();
  const faults: (FakeWechatFault & { left: number })[] = [];
  const messages: FakeWechatMessage[] = [];
  const calls: FakeWechatCall[] = [];
  const hanging = new Set<http.ServerResponse>();
  // Above 2^53, so a client that reads msgid as a Number loses digits.
  let sendSeq = 9_100_000_000_000_000_001n;

  function tokenError(token: string | undefined): { errcode: number; errmsg: string } | null {
    const t = token ? tokens.get(token) : undefined;
    const at = now().getTime();
    if (!t || t.invalid) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (t.revokedAt !== null && at > t.revokedAt + TOKEN_OVERLAP_MS) {
      return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    }
    if (at >= t.expiresAt) return { errcode: 42001, errmsg: 'access_token expired' };
    return null;
  }

  function takeFault(api: FakeWechatApi): FakeWechatFault | null {
    const i = faults.findIndex((f) => (f.api === undefined || f.api === api) && f.left > 0);
    if (i < 0) return null;
    const f = faults[i]!;
    f.left -= 1;
    if (f.left <= 0) faults.splice(i, 1);
    return f;
  }

  function handleToken(query: Record<string, string>): { errcode: number; body: object } {
    if (query.grant_type !== 'client_credential') return { errcode: 40002, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
    if (query.appid !== appId) return { errcode: 40013, body: { errcode: 40013, errmsg: 'invalid appid' } };
    if (query.secret !== appSecret) return { errcode: 40001, body: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' } };
    const at = now().getTime();
    for (const t of tokens.values()) if (t.revokedAt === null) t.revokedAt = at;
    const token = `ACCESS_${randomBytes(12).toString('hex')}`;
    tokens.set(token, { expiresAt: at + expiresIn * 1000, revokedAt: null, invalid: false });
    issued += 1;
    return { errcode: 0, body: { access_token: token, expires_in: expiresIn } };
  }

  function handleCustom(body: Record<string, unknown>): { errcode: number; body: object } {
    const openId = typeof body.touser === 'string' ? body.touser : '';
    const text = body.text as { content?: unknown } | undefined;
    if (!openId) return { errcode: 40003, body: { errcode: 40003, errmsg: 'invalid openid' } };
    if (body.msgtype !== 'text' || typeof text?.content !== 'string' || text.content === '') {
      return { errcode: 44003, body: { errcode: 44003, errmsg: 'empty news data / invalid content' } };
    }
    const w = windows.get(openId);
    const at = now().getTime();
    if (unfollowed.has(openId) || !w || at > w.until) {
      return { errcode: 45015, body: { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' } };
    }
    if (w.remaining <= 0) return { errcode: 45047, body: { errcode: 45047, errmsg: 'out of response count limit' } };
    w.remaining -= 1;
    messages.push({ type: 'custom', openId, content: text.content, msgId: String(sendSeq++), at: now() });
    return { errcode: 0, body: { errcode: 0, errmsg: 'ok' } };
  }

  function handleTemplate(body: Record<string, unknown>): { errcode: number; body: object } {
    const openId = typeof body.touser === 'string' ? body.touser : '';
    const templateId = typeof body.template_id === 'string' ? body.template_id : '';
    if (!openId) return { errcode: 40003, body: { errcode: 40003, errmsg: 'invalid openid' } };
    if (!templateId || (options.templateIds && !options.templateIds.includes(templateId))) {
      return { errcode: 40037, body: { errcode: 40037, errmsg: 'invalid template_id' } };
    }
    if (unfollowed.has(openId)) return { errcode: 43004, body: { errcode: 43004, errmsg: 'require subscribe' } };
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries((body.data ?? {}) as Record<string, { value?: unknown }>)) data[k] = String(v?.value ?? '');
    const msgId = String(sendSeq++);
    messages.push({ type: 'template', openId, templateId, data, msgId, at: now() });
    // The real msgid is a bare 64-bit number in the JSON.
    return { errcode: 0, body: { errcode: 0, errmsg: 'ok', msgid: `__RAW__${msgId}` } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const query = Object.fromEntries(url.searchParams.entries());
      const api: FakeWechatApi | 'unknown' =
        url.pathname === '/cgi-bin/token' ? 'token'
          : url.pathname === '/cgi-bin/message/custom/send' ? 'custom'
            : url.pathname === '/cgi-bin/message/template/send' ? 'template'
              : 'unknown';
      let body: unknown = null;
      const raw = Buffer.concat(chunks).toString('utf8');
      const answer = (status: number, errcode: number, payload: string): void => {
        calls.push({ api, query, body, errcode });
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(payload);
      };
      const json = (o: object, errcode: number): void =>
        answer(200, errcode, JSON.stringify(o).replace(/"__RAW__(\d+)"/, '$1'));
      if (api === 'unknown') return answer(404, 404, '{"errcode":404,"errmsg":"not found"}');
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return json({ errcode: 47001, errmsg: 'data format error' }, 47001);
        }
      }
      const fault = takeFault(api);
      if (fault) {
        if (fault.kind === 'hang') {
          calls.push({ api, query, body, errcode: -999 });
          hanging.add(res);
          return;
        }
        if (fault.kind === 'http500') return answer(500, -500, 'Internal Server Error');
        if (fault.kind === 'badJson') return answer(200, -998, '<html>busy</html>');
        const errcode = fault.errcode ?? -1;
        return json({ errcode, errmsg: fault.errmsg ?? 'system error' }, errcode);
      }
      if (api === 'token') {
        if (req.method !== 'GET') return json({ errcode: 43001, errmsg: 'require GET method' }, 43001);
        const r = handleToken(query);
        return json(r.body, r.errcode);
      }
      if (req.method !== 'POST') return json({ errcode: 43002, errmsg: 'require POST method' }, 43002);
      const bad = tokenError(query.access_token);
      if (bad) return json(bad, bad.errcode);
      if (typeof body !== 'object' || body === null) return json({ errcode: 44002, errmsg: 'empty post data' }, 44002);
      const r = api === 'custom' ? handleCustom(body as Record<string, unknown>) : handleTemplate(body as Record<string, unknown>);
      return json(r.body, r.errcode);
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  function openWindow(openId: string, action: keyof typeof QUOTA = 'message'): void {
    unfollowed.delete(openId);
    const q = QUOTA[action];
    windows.set(openId, { until: now().getTime() + q.validMs, remaining: q.count });
  }

  async function push(
    xml: string,
    opts: { signature?: string; timestamp?: string; nonce?: string; msgSignature?: string; appId?: string } = {},
  ): Promise<PushResult> {
    if (!serverUrl) throw new Error('fake-wechat: setServer(url) first');
    const timestamp = opts.timestamp ?? String(Math.floor(now().getTime() / 1000));
    const nonce = opts.nonce ?? String(Math.floor(Math.random() * 1e9));
    const signature = opts.signature ?? wechatSignature(serverToken, timestamp, nonce);
    const u = new URL(serverUrl);
    u.searchParams.set('signature', signature);
    u.searchParams.set('timestamp', timestamp);
    u.searchParams.set('nonce', nonce);
    let body = xml;
    if (encryption) {
      const encrypt = wxEncrypt(encryption.encodingAESKey, opts.appId ?? appId, xml);
      const to = /<ToUserName>(.*?)<\/ToUserName>/.exec(xml)?.[1] ?? cdata(DEFAULT_ACCOUNT);
      body = encryption.mode === 'safe' ? `<xml><ToUserName>${to}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt></xml>` : xml.replace(/<\/xml>$/, `<Encrypt>${cdata(encrypt)}</Encrypt></xml>`);
      u.searchParams.set('encrypt_type', 'aes');
      u.searchParams.set('msg_signature', opts.msgSignature ?? wxSignature(serverToken, timestamp, nonce, encrypt));
    }
    const res = await fetch(u, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    const text = await res.text();
    const m = /^<xml><Encrypt><!\[CDATA\[(.+?)\]\]><\/Encrypt><MsgSignature><!\[CDATA\[(\w+)\]\]><\/MsgSignature><TimeStamp>(\d+)<\/TimeStamp><Nonce><!\[CDATA\[(\w+)\]\]><\/Nonce><\/xml>$/s.exec(text);
    if (!encryption || !m) return { status: res.status, body: text };
    // What WeChat does with an encrypted reply: check its signature, decrypt it, check the AppID.
    const [, encrypt, msgSignature, ts, n] = m;
    if (wxSignature(serverToken, ts!, n!, encrypt!) !== msgSignature) throw new Error('fake-wechat: encrypted reply with a bad MsgSignature');
    const inner = wxDecrypt(encryption.encodingAESKey, encrypt!);
    if (inner.appId !== appId) throw new Error(`fake-wechat: encrypted reply for AppID ${inner.appId}`);
    return { status: res.status, body: inner.xml, encrypted: true };
  }

  const createTime = (given?: number): number => given ?? Math.floor(now().getTime() / 1000);
  const head = (openId: string, t?: number) => ({ ToUserName: DEFAULT_ACCOUNT, FromUserName: openId, CreateTime: createTime(t) });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    messages,
    calls,
    tokensIssued: () => issued,
    invalidateTokens() {
      for (const t of tokens.values()) t.invalid = true;
    },
    expireTokens() {
      for (const t of tokens.values()) t.expiresAt = 0;
    },
    fail(rule) {
      faults.push({ ...rule, left: rule.times ?? 1 });
    },
    openWindow,
    setServer(url, token, enc) {
      serverUrl = url;
      if (token) serverToken = token;
      if (enc !== undefined) encryption = enc;
    },
    userSendsText(openId, content, opts = {}) {
      openWindow(openId, 'message');
      return push(pushXml({ ...head(openId, opts.createTime), MsgType: 'text', Content: content, MsgId: bare(opts.msgId ?? nextMsgId()) }));
    },
    userSendsLocation(openId, lat, lng, opts = {}) {
      openWindow(openId, 'message');
      return push(
        pushXml({ ...head(openId), MsgType: 'location', Location_X: lat, Location_Y: lng, Scale: 15, Label: opts.label ?? '位置信息', MsgId: bare(opts.msgId ?? nextMsgId()) }),
      );
    },
    userFollows(openId, opts = {}) {
      openWindow(openId, 'follow');
      return push(pushXml({ ...head(openId, opts.createTime), MsgType: 'event', Event: 'subscribe' }));
    },
    userUnfollows(openId, opts = {}) {
      unfollowed.add(openId);
      windows.delete(openId);
      return push(pushXml({ ...head(openId, opts.createTime), MsgType: 'event', Event: 'unsubscribe' }));
    },
    push,
    reset() {
      tokens.clear();
      issued = 0;
      windows.clear();
      unfollowed.clear();
      faults.length = 0;
      messages.length = 0;
      calls.length = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
