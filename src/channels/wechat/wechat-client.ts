import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../../redis.js';

/**
 * WeChat Official Account API client (docs/wechat.md, "Answering later" and "Outside the window"): customer-service text inside the
 * 48-hour window, template messages outside it. The access_token is shared by every process
 * through Redis, because each call to /cgi-bin/token invalidates the previous token (after a
 * 5-minute overlap): processes fetching their own would keep knocking each other out.
 */
export type WechatSendResult =
  | { ok: true; msgId?: string }
  | { ok: false; errcode: number; errmsg: string; outOfWindow: boolean /* 45015, 45047, 43101… */; retryable: boolean /* -1 busy, 45009, network */ };

export interface WechatClient {
  /** Customer-service text message (only inside the 48-hour window). */
  sendText(openId: string, content: string): Promise<WechatSendResult>;
  /** Template message (服务号), outside the window. */
  sendTemplate(openId: string, templateId: string, data: Record<string, string>): Promise<WechatSendResult>;
}

export interface WechatClientOptions {
  appId: string;
  appSecret: string;
  /** https://api.weixin.qq.com in production; a fake server in tests. */
  apiBaseUrl: string;
  redis: RedisClient;
  keyPrefix: string;
  fetch?: typeof fetch;
  /** Per HTTP call; default 5000 ms. */
  timeoutMs?: number;
}

/**
 * The user cannot be reached on this path now: 45015 outside the 48 h window or unfollowed,
 * 45047 the 5-message quota used, 43101 no subscription-message consent, 43004 not following.
 * Another channel (SMS) is the answer, not a retry.
 */
export const OUT_OF_WINDOW_ERRCODES: ReadonlySet<number> = new Set([45015, 45047, 43101, 43004]);
/** -1 system busy, 45009 / 45011 API frequency limits: worth retrying later. */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45011]);
/** The token we used is invalid or expired: refresh once and retry. */
const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** errcode for failures that never reached WeChat's answer (network, timeout, HTTP 5xx, bad JSON). */
export const NETWORK_ERRCODE = -2;

// Refresh this long before WeChat's stated expiry, so a token never dies between our read and its use.
const EXPIRY_MARGIN_S = 300;
// How long one process may hold the refresh lock; a crashed holder frees it after this.
const LOCK_MS = 10_000;
const LOCK_POLL_MS = 50;

interface ApiAnswer {
  errcode?: number;
  errmsg?: string;
  msgid?: number | string;
  access_token?: string;
  expires_in?: number;
}

type CallOutcome = { ok: true; body: ApiAnswer } | { ok: false; errcode: number; errmsg: string };

function failure(errcode: number, errmsg: string): Extract<WechatSendResult, { ok: false }> {
  return {
    ok: false,
    errcode,
    errmsg,
    outOfWindow: OUT_OF_WINDOW_ERRCODES.has(errcode),
    retryable: errcode === NETWORK_ERRCODE || RETRYABLE_ERRCODES.has(errcode),
  };
}

// Deletes the cached token only if it is still the one that failed: a newer token another
// process already fetched must survive our late complaint about the old one.
const DEL_IF_EQUAL = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function createWechatClient(opts: WechatClientOptions): WechatClient {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const base = opts.apiBaseUrl.replace(/\/+$/, '');
  const tokenKey = `${opts.keyPrefix}wechat:token:${opts.appId}`;
  const lockKey = `${opts.keyPrefix}wechat:token-lock:${opts.appId}`;

  async function call(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown): Promise<CallOutcome> {
    const url = `${base}${path}?${new URLSearchParams(query).toString()}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
        // WeChat reads the body as UTF-8 JSON; it does not need \uXXXX escapes for Chinese.
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return { ok: false, errcode: NETWORK_ERRCODE, errmsg: `network: ${(err as Error).message}` };
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) return { ok: false, errcode: NETWORK_ERRCODE, errmsg: `HTTP ${res.status}` };
    let parsed: ApiAnswer;
    try {
      // msgid is a 64-bit integer; keep its digits exact by quoting it before JSON.parse.
      parsed = JSON.parse(text.replace(/"msgid"\s*:\s*(\d+)/, '"msgid":"$1"')) as ApiAnswer;
    } catch {
      return { ok: false, errcode: NETWORK_ERRCODE, errmsg: 'answer is not JSON' };
    }
    if (parsed.errcode !== undefined && parsed.errcode !== 0) {
      return { ok: false, errcode: parsed.errcode, errmsg: parsed.errmsg ?? '' };
    }
    return { ok: true, body: parsed };
  }

  async function fetchToken(): Promise<{ ok: true; token: string } | { ok: false; errcode: number; errmsg: string }> {
    const r = await call('GET', '/cgi-bin/token', { grant_type: 'client_credential', appid: opts.appId, secret: opts.appSecret });
    if (!r.ok) return r;
    const token = r.body.access_token;
    if (!token) return { ok: false, errcode: NETWORK_ERRCODE, errmsg: 'token answer without access_token' };
    const ttlS = Math.max(60, (r.body.expires_in ?? 7200) - EXPIRY_MARGIN_S);
    await opts.redis.set(tokenKey, token, 'EX', ttlS);
    return { ok: true, token };
  }

  /** The shared token; at most one process fetches a new one at a time, the others wait for it. */
  async function getToken(): Promise<{ ok: true; token: string } | { ok: false; errcode: number; errmsg: string }> {
    const deadline = Date.now() + timeoutMs + LOCK_MS;
    for (;;) {
      const cached = await opts.redis.get(tokenKey);
      if (cached) return { ok: true, token: cached };
      const lockId = randomBytes(8).toString('hex');
      const got = await opts.redis.set(lockKey, lockId, 'PX', LOCK_MS, 'NX');
      if (got === 'OK') {
        try {
          // Someone may have stored a token between our read and our lock.
          const again = await opts.redis.get(tokenKey);
          if (again) return { ok: true, token: again };
          return await fetchToken();
        } finally {
          await opts.redis.eval(DEL_IF_EQUAL, 1, lockKey, lockId);
        }
      }
      if (Date.now() > deadline) return { ok: false, errcode: NETWORK_ERRCODE, errmsg: 'timed out waiting for the token refresh lock' };
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
    }
  }

  async function send(path: string, body: unknown): Promise<WechatSendResult> {
    for (let attempt = 0; ; attempt++) {
      const t = await getToken();
      if (!t.ok) return failure(t.errcode, `access_token: ${t.errmsg}`);
      const r = await call('POST', path, { access_token: t.token }, body);
      if (r.ok) return r.body.msgid !== undefined ? { ok: true, msgId: String(r.body.msgid) } : { ok: true };
      if (TOKEN_ERRCODES.has(r.errcode) && attempt === 0) {
        await opts.redis.eval(DEL_IF_EQUAL, 1, tokenKey, t.token);
        continue;
      }
      return failure(r.errcode, r.errmsg);
    }
  }

  return {
    sendText(openId, content) {
      return send('/cgi-bin/message/custom/send', { touser: openId, msgtype: 'text', text: { content } });
    },
    sendTemplate(openId, templateId, data) {
      const wrapped: Record<string, { value: string }> = {};
      for (const [k, v] of Object.entries(data)) wrapped[k] = { value: v };
      return send('/cgi-bin/message/template/send', { touser: openId, template_id: templateId, data: wrapped });
    },
  };
}
