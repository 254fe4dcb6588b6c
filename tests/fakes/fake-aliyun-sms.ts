/**
 * Fake Alibaba Cloud SMS server (dysmsapi 2017-05-25) for offline tests.
 *
 * It is driven by the real `@alicloud/dysmsapi20170525` v4 SDK, so it speaks the SDK's wire format
 * (RPC-style `POST /`, action/version in `x-acs-*` headers, ACS3-HMAC-SHA256 signature) and answers the
 * way the real service does wherever the SDK or our code can see a difference. Every vendor behaviour
 * mirrored here is described in docs/aliyun-sms.md (the API, and the SmsReport push).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type TemplateKind = 'notification' | 'promotion' | 'verification';

export interface FakeTemplate {
  /** Variable names; must be exactly the `${var}` placeholders used in `text`. */
  vars: string[];
  /** Template body in Aliyun syntax, e.g. `您的验证码为${code}`. Never contains 【】. */
  text: string;
  /** Default 'notification'. Decides which frequency limits and variable-length rules apply. */
  kind?: TemplateKind;
}

/** Carrier receipt for one message. */
export interface DeliveryOutcome {
  success: boolean;
  errCode: string;
  errMsg: string;
}

const SMS_ACTIONS = ['SendSms', 'SendBatchSms', 'QuerySendDetails'] as const;
export type SmsAction = (typeof SMS_ACTIONS)[number];
const isSmsAction = (action: string): action is SmsAction => (SMS_ACTIONS as readonly string[]).includes(action);

export type FaultKind =
  | 'throttle'
  | 'internal'
  | 'unavailable'
  | 'system'
  | 'amount'
  | 'dayLimit'
  | 'delay'
  | 'hang'
  | 'badJson';

export interface FaultRule {
  /** Only requests for this action; default any action. */
  action?: SmsAction;
  /** How many matching requests the rule applies to; default 1, `Infinity` allowed. */
  times?: number;
  kind: FaultKind;
  /** throttle: value of the `x-acs-retry-after` header (milliseconds, as the SDK reads it). */
  retryAfterMs?: number;
  /** delay: how long to hold the answer; default 4000 ms, above the SDK's default 3000 ms read timeout. */
  delayMs?: number;
  /** Only requests that include this phone number (any accepted prefix form). */
  phone?: string;
}

export interface FakeSmsMessage {
  bizId: string;
  outId?: string;
  /** Normalised 11-digit mainland number. */
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  /** What the handset shows: 【signName】 + rendered template. */
  content: string;
  /** Billed segments: ≤70 chars → 1, else ceil(len / 67), counting code points. */
  smsSize: number;
  smsUpExtendCode?: string;
  sendTime: Date;
  /** QuerySendDetails SendStatus: 1 waiting for receipt, 2 failed, 3 delivered. */
  status: 1 | 2 | 3;
  errCode?: string;
  errMsg?: string;
  reportTime?: Date;
}

export interface FakeSmsCall {
  /** `x-acs-action` header ('' when absent). */
  action: string;
  /** Decoded query string. */
  query: Record<string, string>;
  /** Decoded form body (SendBatchSms), `{}` otherwise. */
  body: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** HTTP status answered; 0 while unanswered (delay in progress, or a `hang` fault). */
  status: number;
  /** True when the answer carried `Code: "OK"`. */
  ok: boolean;
  /** `Code` answered; `<hang>` / `<bad-json>` for those faults, which carry no vendor code. */
  code: string;
  at: Date;
}

/** One SmsReport record exactly as Aliyun's HTTP batch push sends it (docs/aliyun-sms.md, "Pushes to us"). */
export interface SmsReport {
  phone_number: string;
  send_time: string;
  report_time: string;
  success: boolean;
  err_code: string;
  err_msg: string;
  sms_size: string;
  biz_id: string;
  out_id: string;
}

export interface ReportPush {
  at: Date;
  /** 1 for the first push, 2.. for retries. */
  attempt: number;
  reports: SmsReport[];
  /** HTTP status from the report URL, absent when the push failed at the network level. */
  status?: number;
  error?: string;
  ok: boolean;
}

export interface FakeAliyunSmsOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (random free port). */
  port?: number;
  /** AccessKeyId → AccessKeySecret. Default `{ LTAItestAccessKeyId: 'testAccessKeySecret' }`. */
  accessKeys?: Record<string, string>;
  /** Approved signatures (without 【】). Default `[DEFAULT_SIGN_NAME]`. */
  signNames?: string[];
  /** Approved templates by TemplateCode. Default `DEFAULT_TEMPLATES`. */
  templates?: Record<string, FakeTemplate>;
  /** Where SmsReport batches are POSTed; no push when unset (receipts still update `status`). */
  reportUrl?: string;
  /** Delay between an accepted send and its receipt. Default 50. `Infinity`: only `pushReports()`. */
  reportDelayMs?: number;
  /** Waits before each re-push after a failed push. Default [100, 500, 1000] (Aliyun: 1, 5, 10 min). */
  reportRetryDelaysMs?: number[];
  /** Per-push timeout; a timeout counts as a failed push, as at Aliyun. Default 2000. */
  reportTimeoutMs?: number;
  /** Carrier outcome per message. Default: DELIVERED. */
  deliver?: (phone: string, message: FakeSmsMessage) => DeliveryOutcome;
  /** Per-phone frequency limits (docs/aliyun-sms.md, "Per-phone frequency limits"). Default true. */
  frequencyLimits?: boolean;
  /** Reject `x-acs-date` further than this from the wall clock. Default 15 min; `Infinity` disables. */
  maxClockSkewMs?: number;
  /** Reject a reused `x-acs-signature-nonce` (SignatureNonceUsed). Default true. */
  rejectReusedNonce?: boolean;
  /** Business clock: send/report times, SendDate, frequency windows. Default `() => new Date()`. */
  now?: () => Date;
  /** Receives one human-readable line per call, message and report push. Default: silent. */
  log?: (line: string) => void;
  /** Added to every answer (after the request is processed), like network and service time. Default 0. */
  latencyMs?: number;
}

export interface FakeAliyunSms {
  /** `127.0.0.1:PORT`: what the SDK's `endpoint` config takes (host[:port], no scheme). */
  readonly endpoint: string;
  readonly port: number;
  readonly messages: FakeSmsMessage[];
  readonly calls: FakeSmsCall[];
  readonly reportPushes: ReportPush[];
  /** Where receipts go; set after start when the receiving service's port is known only then. */
  setReportUrl(url: string | undefined): void;
  /** Changes the latency added to every answer. */
  setLatency(ms: number): void;
  fail(rule: FaultRule): void;
  clearFaults(): void;
  /** Forget messages, calls, pushes, faults, frequency counters and nonces; cancel pending receipts. */
  reset(): void;
  /** Produce the pending receipts (matching `filter`) now and push them; resolves when pushing is done. */
  pushReports(filter?: (message: FakeSmsMessage) => boolean): Promise<void>;
  waitForMessages(n: number, timeoutMs?: number): Promise<FakeSmsMessage[]>;
  close(): Promise<void>;
}

export const DEFAULT_ACCESS_KEYS: Readonly<Record<string, string>> = {
  LTAItestAccessKeyId: 'testAccessKeySecret',
};

export const DEFAULT_SIGN_NAME = '归雁就业';

/** A small illustrative template set, one of each kind. */
export const DEFAULT_TEMPLATES: Readonly<Record<string, FakeTemplate>> = {
  SMS_900000001: {
    kind: 'verification',
    vars: ['code'],
    text: '您的验证码为${code}，5分钟内有效，请勿泄露给他人。',
  },
  SMS_900000002: {
    kind: 'notification',
    vars: ['place', 'job', 'wage'],
    text: '${place}有新活：${job}，工钱${wage}。详情请在归雁公众号查看。',
  },
  SMS_900000003: {
    kind: 'promotion',
    vars: ['name'],
    text: '${name}您好，红河家门口工坊本周新增多个岗位，欢迎来看看。拒收请回复R',
  },
};

// ---------------------------------------------------------------------------------------------
// ACS3-HMAC-SHA256 signature (docs/aliyun-sms.md, "Request signature"; openapi-core/src/utils.ts getAuthorization)
// ---------------------------------------------------------------------------------------------

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** The SDK's `encode()`: encodeURIComponent plus the RFC 3986 reserved `! ' ( ) *`. */
export function acsEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A');
}

export function sha256Hex(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export interface CanonicalRequestInput {
  method: string;
  pathname: string;
  /** Decoded query values; they are re-encoded here with `acsEncode`. */
  query: Readonly<Record<string, string>>;
  /** Header values keyed by lower-case name. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Lower-case header names in signing order (the SDK sorts them). */
  signedHeaders: readonly string[];
  /** hex(sha256(raw body)) = the `x-acs-content-sha256` header. */
  payloadHash: string;
}

export function buildCanonicalRequest(input: CanonicalRequestInput): string {
  // Keys are sorted and emitted raw, values encoded: the SDK never encodes query keys.
  const canonicalQuery = Object.keys(input.query)
    .sort()
    .map((key) => `${key}=${acsEncode(input.query[key] ?? '')}`)
    .join('&');
  // Each header line ends with "\n", so the joined request has a blank line before SignedHeaders.
  const canonicalHeaders = input.signedHeaders
    .map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`)
    .join('');
  return [
    input.method,
    input.pathname,
    canonicalQuery,
    canonicalHeaders,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

export function acs3Signature(accessKeySecret: string, canonicalRequest: string): string {
  return crypto
    .createHmac('sha256', accessKeySecret)
    .update(acs3StringToSign(canonicalRequest))
    .digest('hex');
}

export interface SignAcs3Input {
  accessKeyId: string;
  accessKeySecret: string;
  method: string;
  pathname: string;
  query: Readonly<Record<string, string>>;
  /** Lower-case names: at least host, x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce. */
  headers: Readonly<Record<string, string>>;
  body?: string | Buffer;
}

/**
 * Signs a hand-built request the way the SDK does: it signs every header named `host`,
 * `content-type` or `x-acs-*`. Returns the headers plus `x-acs-content-sha256` and `authorization`.
 * Lets tests craft requests the SDK cannot (stale timestamps, reused nonces).
 */
export function signAcs3(input: SignAcs3Input): Record<string, string> {
  const headers: Record<string, string> = {
    ...input.headers,
    'x-acs-content-sha256': sha256Hex(input.body ?? ''),
  };
  const signedHeaders = Object.keys(headers)
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort();
  const canonical = buildCanonicalRequest({
    method: input.method,
    pathname: input.pathname,
    query: input.query,
    headers,
    signedHeaders,
    payloadHash: headers['x-acs-content-sha256'] ?? '',
  });
  headers['authorization'] =
    `${ACS3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders.join(';')},` +
    `Signature=${acs3Signature(input.accessKeySecret, canonical)}`;
  return headers;
}

export type Acs3Verification =
  | { ok: true; accessKeyId: string }
  | { ok: false; code: 'IncompleteSignature' | 'InvalidAccessKeyId.NotFound' | 'SignatureDoesNotMatch' };

const AUTHORIZATION_RE =
  /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/;

function headerValue(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Server-side check of an ACS3 signature. The signed header list is taken from `SignedHeaders`
 * (it grows with STS credentials), and the query is decoded then re-encoded with ACS rules:
 * the SDK puts it on the wire with `querystring.stringify`, which leaves `( ) * !` unescaped,
 * so the raw query text is not what was signed.
 */
export function verifyAcs3(
  req: { method?: string | undefined; url?: string | undefined; headers: http.IncomingHttpHeaders },
  rawBody: Buffer,
  secretFor: (accessKeyId: string) => string | undefined,
): Acs3Verification {
  const match = AUTHORIZATION_RE.exec(headerValue(req.headers, 'authorization') ?? '');
  const [, accessKeyId, signedHeaderList, signature] = match ?? [];
  if (!accessKeyId || !signedHeaderList || !signature) return { ok: false, code: 'IncompleteSignature' };
  const secret = secretFor(accessKeyId);
  if (secret === undefined) return { ok: false, code: 'InvalidAccessKeyId.NotFound' };

  const payloadHash = sha256Hex(rawBody);
  if (payloadHash !== headerValue(req.headers, 'x-acs-content-sha256')) {
    return { ok: false, code: 'SignatureDoesNotMatch' };
  }
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  const signedHeaders = signedHeaderList.split(';');
  const headers: Record<string, string | undefined> = {};
  for (const name of signedHeaders) headers[name] = headerValue(req.headers, name);
  const canonical = buildCanonicalRequest({
    method: req.method ?? '',
    pathname: url.pathname,
    // URLSearchParams turns '+' into a space; harmless because the SDK always sends '%2B'.
    query: Object.fromEntries(url.searchParams),
    headers,
    signedHeaders,
    payloadHash,
  });
  const expected = Buffer.from(acs3Signature(secret, canonical));
  const ok = crypto.timingSafeEqual(expected, Buffer.from(signature));
  return ok ? { ok: true, accessKeyId } : { ok: false, code: 'SignatureDoesNotMatch' };
}

// ---------------------------------------------------------------------------------------------
// Vendor rules (docs/aliyun-sms.md: the operations, per-phone limits, length and variables)
// ---------------------------------------------------------------------------------------------

const API_VERSION = '2017-05-25';
const MAX_SEND_SMS_PHONES = 1000;
const MAX_BATCH_PHONES = 100;
const MAX_VAR_LENGTH = 35;
const VERIFICATION_CODE_LENGTH = { min: 4, max: 6 };
const MAX_QUERY_PAGE_SIZE = 50;
const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_DELAY_FAULT_MS = 4000;
const BEIJING_OFFSET_MS = 8 * 3600_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** Verification codes, per (signature, phone); notification/promotion, per (signature, template, phone). */
const LIMITS = { verificationPerMinute: 1, verificationPerHour: 5, verificationPerDay: 10, otherPerDay: 50 };

/** Mainland mobile with the prefixes Aliyun accepts: none, `+`, `+86`, `86`, `0086`. */
const MAINLAND_MOBILE_RE = /^(?:\+86|0086|86|\+)?(1[3-9]\d{9})$/;
const URL_IN_VARIABLE_RE = /https?:\/\/|www\.|\b[a-z0-9-]+\.(?:com|cn|net|org)\b/i;
const PLACEHOLDER_RE = /\$\{([^}]+)\}/g;

export function normalizeMainlandPhone(raw: string): string | undefined {
  return MAINLAND_MOBILE_RE.exec(raw.trim())?.[1];
}

/** Domestic billing: 70 chars fit one message, longer ones go out in 67-char segments. */
export function smsSegments(content: string): number {
  const length = [...content].length;
  return length <= 70 ? 1 : Math.ceil(length / 67);
}

function renderTemplate(text: string, params: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER_RE, (whole, name: string) => params[name] ?? whole);
}

function beijingParts(date: Date): { dateTime: string; day: string } {
  const b = new Date(date.getTime() + BEIJING_OFFSET_MS);
  const p = (n: number): string => String(n).padStart(2, '0');
  const [y, mo, d] = [b.getUTCFullYear(), p(b.getUTCMonth() + 1), p(b.getUTCDate())];
  return {
    dateTime: `${y}-${mo}-${d} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}:${p(b.getUTCSeconds())}`,
    day: `${y}${mo}${d}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

type PopBody = Record<string, unknown> & { Code: string };

/** What a handler decided; `RequestId` is added when it is written. */
interface Reply {
  status: number;
  payload: PopBody;
  headers?: Record<string, string>;
}

const ok = (extra: Record<string, unknown> = {}): Reply => ({
  status: 200,
  payload: { Code: 'OK', Message: 'OK', ...extra },
});
/** Business errors (`isv.*`, `isp.*`) are HTTP 200: the SDK resolves and our code must check Code. */
const business = (code: string, message: string): Reply => ({
  status: 200,
  payload: { Code: code, Message: message },
});
/** Gateway errors are 4xx/5xx: the SDK turns them into ClientError / ServerError / ThrottlingError. */
const gateway = (status: number, code: string, message: string): Reply => ({
  status,
  payload: {
    Code: code,
    Message: message,
    HostId: 'dysmsapi.aliyuncs.com',
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Dysmsapi`,
  },
});

const MOBILE_NUMBER_ILLEGAL = business('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
const MOBILE_COUNT_OVER_LIMIT = business('isv.MOBILE_COUNT_OVER_LIMIT', '手机号码数量超过限制');
const INVALID_JSON_PARAM = business('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
const TEMPLATE_MISSING_PARAMETERS = business('isv.TEMPLATE_MISSING_PARAMETERS', '模板缺少变量');
const PARAM_LENGTH_LIMIT = business('isv.PARAM_LENGTH_LIMIT', '参数超出长度限制');
const PARAM_NOT_SUPPORT_URL = business('isv.PARAM_NOT_SUPPORT_URL', '不支持URL作为变量');
const SMS_SIGNATURE_ILLEGAL = business('isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
const SMS_TEMPLATE_ILLEGAL = business('isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
// The exact code for malformed-but-present values (batch array lengths, paging) is not documented;
// isv.INVALID_PARAMETERS ("参数异常") is the generic one in Aliyun's error list.
const INVALID_PARAMETERS = business('isv.INVALID_PARAMETERS', '参数异常');

const FAULT_REPLIES: Partial<Record<FaultKind, Reply>> = {
  internal: gateway(500, 'InternalError', 'The request processing has failed due to some unknown error, exception or failure.'),
  unavailable: gateway(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
  system: business('isp.SYSTEM_ERROR', '系统出现错误，请重新调用'),
  amount: business('isv.AMOUNT_NOT_ENOUGH', '账户余额不足'),
  dayLimit: business('isv.DAY_LIMIT_CONTROL', '触发日发送限额'),
};

/** Aliyun's POP gateway names a missing required parameter `Missing<Name>`, HTTP 400. */
function missing(params: Readonly<Record<string, string>>, names: readonly string[]): Reply | undefined {
  const absent = names.find((name) => !params[name]);
  return absent === undefined ? undefined : gateway(400, `Missing${absent}`, `${absent} is mandatory for this action.`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** TemplateParam must be a JSON object of strings: `{"code":123456}` is rejected by the service. */
function asStringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => typeof v === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

function asStringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

interface Recipient {
  phone: string;
  signName: string;
  params: Record<string, string>;
  smsUpExtendCode?: string;
}

interface ActiveFault {
  rule: FaultRule;
  remaining: number;
}

export async function startFakeAliyunSms(options: FakeAliyunSmsOptions = {}): Promise<FakeAliyunSms> {
  const accessKeys = options.accessKeys ?? DEFAULT_ACCESS_KEYS;
  const signNames = new Set(options.signNames ?? [DEFAULT_SIGN_NAME]);
  const templates = new Map(Object.entries(options.templates ?? DEFAULT_TEMPLATES));
  const reportDelayMs = options.reportDelayMs ?? 50;
  const reportRetryDelaysMs = options.reportRetryDelaysMs ?? [100, 500, 1000];
  const reportTimeoutMs = options.reportTimeoutMs ?? 2000;
  const deliver =
    options.deliver ?? ((): DeliveryOutcome => ({ success: true, errCode: 'DELIVERED', errMsg: '用户接收成功' }));
  const frequencyLimits = options.frequencyLimits ?? true;
  const maxClockSkewMs = options.maxClockSkewMs ?? 15 * MINUTE_MS;
  const rejectReusedNonce = options.rejectReusedNonce ?? true;
  const now = options.now ?? ((): Date => new Date());
  const log = options.log ?? ((): void => {});
  let latencyMs = options.latencyMs ?? 0;

  for (const [code, template] of templates) {
    const used = [...template.text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]).sort();
    if (JSON.stringify(used) !== JSON.stringify([...template.vars].sort())) {
      throw new Error(`fake-aliyun-sms: template ${code} declares vars [${template.vars}] but uses [${used}]`);
    }
  }

  const messages: FakeSmsMessage[] = [];
  const calls: FakeSmsCall[] = [];
  const reportPushes: ReportPush[] = [];
  const faults: ActiveFault[] = [];
  /** Send timestamps (business clock, ms) per frequency-limit key. */
  const sendLog = new Map<string, number[]>();
  /** Nonce → wall-clock ms when first seen. */
  const nonces = new Map<string, number>();
  /** Messages whose carrier receipt has not been produced yet. */
  const pendingReceipts = new Set<FakeSmsMessage>();
  const receiptTimers = new Set<NodeJS.Timeout>();
  const inFlightPushes = new Set<Promise<void>>();
  const messageWaiters = new Set<() => void>();
  /** Aborted by reset() and close(): stops delayed answers and report re-pushes of the old state. */
  let lifecycle = new AbortController();
  let bizSeq = 0;

  // --- request plumbing -----------------------------------------------------------------------

  function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
    // SendBatchSms arrives with Transfer-Encoding: chunked and no Content-Length; Node de-chunks it.
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
      req.on('error', reject);
    });
  }

  function write(res: http.ServerResponse, call: FakeSmsCall, reply: Reply): void {
    const requestId = crypto.randomUUID().toUpperCase();
    call.status = reply.status;
    call.code = reply.payload.Code;
    call.ok = reply.payload.Code === 'OK';
    if (res.destroyed) return; // the client gave up (read timeout) while a delay fault was running
    res.writeHead(reply.status, {
      'content-type': 'application/json;charset=utf-8',
      'x-acs-request-id': requestId,
      ...reply.headers,
    });
    res.end(JSON.stringify({ RequestId: requestId, ...reply.payload }));
  }

  function checkGateway(req: http.IncomingMessage, rawBody: Buffer): Reply | undefined {
    if (headerValue(req.headers, 'x-acs-version') !== API_VERSION) {
      return gateway(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    }
    const verdict = verifyAcs3(req, rawBody, (id) => accessKeys[id]);
    if (!verdict.ok) {
      switch (verdict.code) {
        case 'InvalidAccessKeyId.NotFound':
          return gateway(404, verdict.code, 'Specified access key is not found.');
        case 'IncompleteSignature':
          return gateway(400, verdict.code, 'The request signature does not conform to Aliyun standards.');
        case 'SignatureDoesNotMatch':
          return gateway(400, verdict.code, 'Specified signature is not matched with our calculation.');
      }
    }
    // The SDK stamps x-acs-date from the real clock, so skew is judged against the wall clock,
    // not the injectable business clock.
    const stamp = Date.parse(headerValue(req.headers, 'x-acs-date') ?? '');
    if (Number.isNaN(stamp)) {
      return gateway(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
    const wallClock = Date.now();
    if (Math.abs(wallClock - stamp) > maxClockSkewMs) {
      return gateway(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    const nonce = headerValue(req.headers, 'x-acs-signature-nonce');
    if (!nonce) return gateway(400, 'MissingSignatureNonce', 'SignatureNonce is mandatory for this action.');
    if (rejectReusedNonce) {
      if (nonces.has(nonce)) return gateway(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
      nonces.set(nonce, wallClock);
      // A nonce only needs remembering while its timestamp is still acceptable.
      if (nonces.size > 10_000 && Number.isFinite(maxClockSkewMs)) {
        for (const [seen, at] of nonces) if (wallClock - at > maxClockSkewMs) nonces.delete(seen);
      }
    }
    return undefined;
  }

  /** Phones a request is about, read leniently (for the `phone` filter of fault rules). */
  function phonesOf(action: SmsAction, query: Record<string, string>, body: Record<string, string>): string[] {
    const raw =
      action === 'SendSms'
        ? (query.PhoneNumbers ?? '').split(',')
        : action === 'SendBatchSms'
          ? (asStringArray(parseJson(body.PhoneNumberJson ?? '')) ?? [])
          : [query.PhoneNumber ?? ''];
    return raw.map((p) => normalizeMainlandPhone(p) ?? p.trim());
  }

  function takeFault(action: SmsAction, phones: readonly string[]): FaultRule | undefined {
    const index = faults.findIndex(({ rule }) => {
      if (rule.action !== undefined && rule.action !== action) return false;
      if (rule.phone === undefined) return true;
      return phones.includes(normalizeMainlandPhone(rule.phone) ?? rule.phone.trim());
    });
    const fault = faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault.rule;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const query = Object.fromEntries(url.searchParams);
    const isForm = (headerValue(req.headers, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
    const body = rawBody && isForm ? Object.fromEntries(new URLSearchParams(rawBody.toString('utf8'))) : {};
    const action = headerValue(req.headers, 'x-acs-action') ?? '';
    const call: FakeSmsCall = { action, query, body, headers: req.headers, status: 0, ok: false, code: '', at: now() };
    calls.push(call);

    const refuse = (reply: Reply): void => {
      write(res, call, reply);
      log(`${action || '(no action)'} → HTTP ${reply.status} ${reply.payload.Code}`);
    };
    if (!rawBody) {
      refuse(gateway(413, 'RequestEntityTooLarge', 'The request body is too large.'));
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/' || !isSmsAction(action)) {
      refuse(gateway(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.'));
      return;
    }
    const rejected = checkGateway(req, rawBody);
    if (rejected) {
      refuse(rejected);
      return;
    }
    const fault = takeFault(action, phonesOf(action, query, body));

    if (fault?.kind === 'hang') {
      call.code = '<hang>';
      log(`${action} → (fault: hang, never answered)`);
      return;
    }
    if (fault?.kind === 'badJson') {
      call.status = 200;
      call.code = '<bad-json>';
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>upstream error</body></html>');
      log(`${action} → (fault: non-JSON 200)`);
      return;
    }
    let reply: Reply;
    if (fault?.kind === 'throttle') {
      reply = gateway(400, 'Throttling.User', 'Request was denied due to user flow control.');
      if (fault.retryAfterMs !== undefined) reply.headers = { 'x-acs-retry-after': String(fault.retryAfterMs) };
    } else {
      reply = (fault && FAULT_REPLIES[fault.kind]) ?? dispatch(action, query, body);
    }
    log(`${action} → HTTP ${reply.status} ${reply.payload.Code}${fault ? ` (fault: ${fault.kind})` : ''}`);

    if (latencyMs > 0) {
      // Like `delay` but for every call: a send is already recorded while its answer travels.
      try {
        await sleep(latencyMs, undefined, { signal: lifecycle.signal });
      } catch {
        return;
      }
    }
    if (fault?.kind === 'delay') {
      // The send has already been accepted and recorded: this models a success whose answer the
      // client never sees, which is exactly why Aliyun says to check receipts before resending.
      try {
        await sleep(fault.delayMs ?? DEFAULT_DELAY_FAULT_MS, undefined, { signal: lifecycle.signal });
      } catch {
        return; // reset() or close() while waiting
      }
    }
    write(res, call, reply);
  }

  function dispatch(action: SmsAction, query: Record<string, string>, body: Record<string, string>): Reply {
    switch (action) {
      case 'SendSms':
        return sendSms(query);
      case 'SendBatchSms':
        return sendBatchSms(query, body);
      case 'QuerySendDetails':
        return querySendDetails(query);
    }
  }

  // --- SendSms / SendBatchSms ------------------------------------------------------------------

  function sendSms(q: Record<string, string>): Reply {
    const absent = missing(q, ['PhoneNumbers', 'SignName', 'TemplateCode']);
    if (absent) return absent;
    const rawPhones = (q.PhoneNumbers ?? '').split(',');
    if (rawPhones.length > MAX_SEND_SMS_PHONES) return MOBILE_COUNT_OVER_LIMIT;
    const phones = rawPhones.map(normalizeMainlandPhone);
    if (!phones.every((p): p is string => p !== undefined)) return MOBILE_NUMBER_ILLEGAL;
    const signName = q.SignName ?? '';
    if (!signNames.has(signName)) return SMS_SIGNATURE_ILLEGAL;
    const templateCode = q.TemplateCode ?? '';
    const template = templates.get(templateCode);
    if (!template) return SMS_TEMPLATE_ILLEGAL;
    const params = q.TemplateParam === undefined ? {} : asStringMap(parseJson(q.TemplateParam));
    if (!params) return INVALID_JSON_PARAM;
    const bad = checkTemplateParams(template, params);
    if (bad) return bad;
    const smsUpExtendCode = q.SmsUpExtendCode;
    const recipients = phones.map((phone): Recipient => ({
      phone,
      signName,
      params,
      ...(smsUpExtendCode === undefined ? {} : { smsUpExtendCode }),
    }));
    return accept(templateCode, template, q.OutId, recipients);
  }

  function sendBatchSms(q: Record<string, string>, b: Record<string, string>): Reply {
    const absent = missing({ ...q, ...b }, ['PhoneNumberJson', 'SignNameJson', 'TemplateCode']);
    if (absent) return absent;
    const rawPhones = asStringArray(parseJson(b.PhoneNumberJson ?? ''));
    const signs = asStringArray(parseJson(b.SignNameJson ?? ''));
    const paramJson = b.TemplateParamJson === undefined ? [] : parseJson(b.TemplateParamJson);
    const paramList = Array.isArray(paramJson) ? (paramJson as unknown[]) : undefined;
    const extendCodes = asStringArray(parseJson(b.SmsUpExtendCodeJson ?? '[]'));
    if (!rawPhones || !signs || !paramList || !extendCodes) return INVALID_JSON_PARAM;
    if (rawPhones.length > MAX_BATCH_PHONES) return MOBILE_COUNT_OVER_LIMIT;
    // "签名数量需与手机号码数量一致"; variable sets and extension codes, when given, line up index by index.
    const n = rawPhones.length;
    const misaligned =
      n === 0 ||
      signs.length !== n ||
      (b.TemplateParamJson !== undefined && paramList.length !== n) ||
      (extendCodes.length > 0 && extendCodes.length !== n);
    if (misaligned) return INVALID_PARAMETERS;
    const phones = rawPhones.map(normalizeMainlandPhone);
    if (!phones.every((p): p is string => p !== undefined)) return MOBILE_NUMBER_ILLEGAL;
    if (!signs.every((s) => signNames.has(s))) return SMS_SIGNATURE_ILLEGAL;
    const templateCode = q.TemplateCode ?? '';
    const template = templates.get(templateCode);
    if (!template) return SMS_TEMPLATE_ILLEGAL;

    const recipients: Recipient[] = [];
    for (const [i, phone] of phones.entries()) {
      const params = b.TemplateParamJson === undefined ? {} : asStringMap(paramList[i]);
      if (!params) return INVALID_JSON_PARAM;
      const bad = checkTemplateParams(template, params);
      if (bad) return bad;
      const smsUpExtendCode = extendCodes[i];
      recipients.push({
        phone,
        signName: signs[i] ?? '',
        params,
        ...(smsUpExtendCode === undefined ? {} : { smsUpExtendCode }),
      });
    }
    return accept(templateCode, template, q.OutId, recipients);
  }

  function checkTemplateParams(template: FakeTemplate, params: Record<string, string>): Reply | undefined {
    if (template.vars.some((name) => params[name] === undefined)) return TEMPLATE_MISSING_PARAMETERS;
    for (const name of template.vars) {
      const length = [...(params[name] ?? '')].length;
      const tooLong =
        template.kind === 'verification'
          ? length < VERIFICATION_CODE_LENGTH.min || length > VERIFICATION_CODE_LENGTH.max
          : length > MAX_VAR_LENGTH;
      if (tooLong) return PARAM_LENGTH_LIMIT;
      if (URL_IN_VARIABLE_RE.test(params[name] ?? '')) return PARAM_NOT_SUPPORT_URL;
    }
    return undefined;
  }

  /**
   * Per-phone limits (docs/aliyun-sms.md). Minute and hour windows are natural UTC+8 windows; because UTC+8 is a
   * whole-hour offset their boundaries coincide with UTC ones. The day window is a rolling 24 h.
   * All recipients are checked before any is counted: a limited request is rejected as a whole.
   */
  function checkFrequency(templateCode: string, template: FakeTemplate, recipients: Recipient[], at: number): Reply | undefined {
    if (!frequencyLimits) return undefined;
    const verification = template.kind === 'verification';
    for (const key of new Set(recipients.map((r) => limitKey(verification, templateCode, r)))) {
      const stamps = (sendLog.get(key) ?? []).filter((t) => at - t < DAY_MS);
      sendLog.set(key, stamps);
      const limited = (permits: number, window: string): Reply =>
        business('isv.BUSINESS_LIMIT_CONTROL', `触发${window}级流控Permits:${permits}`);
      if (!verification) {
        if (stamps.length >= LIMITS.otherPerDay) return limited(LIMITS.otherPerDay, '天');
        continue;
      }
      const sameWindow = (unit: number): number => stamps.filter((t) => Math.floor(t / unit) === Math.floor(at / unit)).length;
      if (sameWindow(MINUTE_MS) >= LIMITS.verificationPerMinute) return limited(LIMITS.verificationPerMinute, '分钟');
      if (sameWindow(HOUR_MS) >= LIMITS.verificationPerHour) return limited(LIMITS.verificationPerHour, '小时');
      if (stamps.length >= LIMITS.verificationPerDay) return limited(LIMITS.verificationPerDay, '天');
    }
    return undefined;
  }

  function limitKey(verification: boolean, templateCode: string, r: Recipient): string {
    return verification ? `v|${r.signName}|${r.phone}` : `t|${r.signName}|${templateCode}|${r.phone}`;
  }

  function accept(templateCode: string, template: FakeTemplate, outId: string | undefined, recipients: Recipient[]): Reply {
    const sendTime = now();
    const at = sendTime.getTime();
    const limited = checkFrequency(templateCode, template, recipients, at);
    if (limited) return limited;
    const verification = template.kind === 'verification';
    // Counting is per API request, so a number repeated within one request counts once.
    for (const key of new Set(recipients.map((r) => limitKey(verification, templateCode, r)))) {
      sendLog.set(key, [...(sendLog.get(key) ?? []), at]);
    }
    // One BizId covers the whole request, whatever the number of recipients.
    bizSeq += 1;
    const bizId = `${at}${String(bizSeq).padStart(6, '0')}^0`;
    const accepted = recipients.map((r): FakeSmsMessage => {
      const content = `【${r.signName}】${renderTemplate(template.text, r.params)}`;
      return {
        bizId,
        ...(outId === undefined ? {} : { outId }),
        phone: r.phone,
        signName: r.signName,
        templateCode,
        params: r.params,
        content,
        smsSize: smsSegments(content),
        ...(r.smsUpExtendCode === undefined ? {} : { smsUpExtendCode: r.smsUpExtendCode }),
        sendTime,
        status: 1,
      };
    });
    for (const message of accepted) {
      messages.push(message);
      pendingReceipts.add(message);
      log(`SMS ${message.phone} bizId=${bizId}${outId ? ` outId=${outId}` : ''} ${message.content}`);
    }
    for (const waiter of messageWaiters) waiter();
    if (Number.isFinite(reportDelayMs)) {
      const timer = setTimeout(() => {
        receiptTimers.delete(timer);
        track(produceReceipts(accepted)).catch((error: unknown) => log(`receipt for ${bizId} failed: ${String(error)}`));
      }, reportDelayMs);
      timer.unref();
      receiptTimers.add(timer);
    }
    return ok({ BizId: bizId });
  }

  // --- QuerySendDetails ------------------------------------------------------------------------

  function querySendDetails(q: Record<string, string>): Reply {
    const absent = missing(q, ['PhoneNumber', 'SendDate', 'PageSize', 'CurrentPage']);
    if (absent) return absent;
    const phone = normalizeMainlandPhone(q.PhoneNumber ?? '');
    if (!phone) return MOBILE_NUMBER_ILLEGAL;
    const pageSize = Number(q.PageSize);
    const currentPage = Number(q.CurrentPage);
    const pageSizeOk = Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_QUERY_PAGE_SIZE;
    if (!pageSizeOk || !Number.isInteger(currentPage) || currentPage < 1 || !/^\d{8}$/.test(q.SendDate ?? '')) {
      return INVALID_PARAMETERS;
    }
    const matching = messages.filter(
      (m) =>
        m.phone === phone &&
        beijingParts(m.sendTime).day === q.SendDate &&
        (q.BizId === undefined || m.bizId === q.BizId),
    );
    const page = matching.slice((currentPage - 1) * pageSize, currentPage * pageSize);
    return ok({
      TotalCount: matching.length,
      // Always an array, even for one or zero records: the SDK throws "type of smsSendDetailDTO is
      // mismatch, expect array, but object" otherwise.
      SmsSendDetailDTOs: {
        SmsSendDetailDTO: page.map((m) => ({
          PhoneNum: m.phone,
          SendStatus: m.status,
          ...(m.errCode === undefined ? {} : { ErrCode: m.errCode }),
          TemplateCode: m.templateCode,
          Content: m.content,
          SendDate: beijingParts(m.sendTime).dateTime,
          ...(m.reportTime === undefined ? {} : { ReceiveDate: beijingParts(m.reportTime).dateTime }),
          ...(m.outId === undefined ? {} : { OutId: m.outId }),
        })),
      },
    });
  }

  // --- Receipts and SmsReport push -------------------------------------------------------------

  /** Remembers in-flight receipt work so close() can wait for it; returns the same promise. */
  function track(push: Promise<void>): Promise<void> {
    inFlightPushes.add(push);
    const forget = (): void => void inFlightPushes.delete(push);
    push.then(forget, forget);
    return push;
  }

  /** Carrier receipts for the still-pending messages of one send, pushed together as one batch. */
  async function produceReceipts(batch: readonly FakeSmsMessage[]): Promise<void> {
    const reports: SmsReport[] = [];
    for (const message of batch) {
      if (!pendingReceipts.delete(message)) continue; // already produced by pushReports()
      const outcome = deliver(message.phone, message);
      message.status = outcome.success ? 3 : 2;
      message.errCode = outcome.errCode;
      message.errMsg = outcome.errMsg;
      message.reportTime = now();
      reports.push({
        phone_number: message.phone,
        send_time: beijingParts(message.sendTime).dateTime,
        report_time: beijingParts(message.reportTime).dateTime,
        success: outcome.success,
        err_code: outcome.errCode,
        err_msg: outcome.errMsg,
        sms_size: String(message.smsSize),
        biz_id: message.bizId,
        out_id: message.outId ?? '',
      });
    }
    if (reports.length > 0 && options.reportUrl !== undefined) await pushWithRetry(options.reportUrl, reports);
  }

  /**
   * Aliyun treats anything but HTTP 200 (or a timeout) as a failed push and re-pushes after
   * 1, 5 and 10 minutes before giving up; the fake keeps that shape with short, configurable waits.
   */
  async function pushWithRetry(reportUrl: string, reports: SmsReport[]): Promise<void> {
    const signal = lifecycle.signal;
    for (let attempt = 1; attempt <= reportRetryDelaysMs.length + 1; attempt += 1) {
      if (attempt > 1) {
        try {
          await sleep(reportRetryDelaysMs[attempt - 2] ?? 0, undefined, { signal });
        } catch {
          return; // reset() or close()
        }
      }
      const push: ReportPush = { at: now(), attempt, reports, ok: false };
      try {
        const response = await fetch(reportUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(reports),
          signal: AbortSignal.any([signal, AbortSignal.timeout(reportTimeoutMs)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        push.status = response.status;
        push.ok = response.status === 200;
      } catch (error) {
        if (signal.aborted) return;
        push.error = error instanceof Error ? error.message : String(error);
      }
      reportPushes.push(push);
      log(`report push #${attempt} (${reports.length} reports) → ${push.status ?? push.error}`);
      if (push.ok) return;
    }
  }

  // --- server lifecycle ------------------------------------------------------------------------

  // 1000 comma-separated numbers travel in the URL (~14 KB percent-encoded, more with +86
  // prefixes); Node's default 16 KB header limit would reject requests the real service accepts.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    res.on('error', () => {});
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify({ RequestId: crypto.randomUUID(), Code: 'InternalError', Message: 'fake server error' }));
      }
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;

  function cancelPendingWork(): void {
    lifecycle.abort();
    for (const timer of receiptTimers) clearTimeout(timer);
    receiptTimers.clear();
    pendingReceipts.clear();
  }

  return {
    endpoint: `${address}:${port}`,
    port,
    messages,
    calls,
    reportPushes,

    setReportUrl(url: string | undefined): void {
      options.reportUrl = url;
    },

    setLatency(ms: number): void {
      latencyMs = ms;
    },

    fail(rule: FaultRule): void {
      faults.push({ rule, remaining: rule.times ?? 1 });
    },

    clearFaults(): void {
      faults.length = 0;
    },

    reset(): void {
      cancelPendingWork();
      lifecycle = new AbortController();
      messages.length = 0;
      calls.length = 0;
      reportPushes.length = 0;
      faults.length = 0;
      sendLog.clear();
      nonces.clear();
    },

    async pushReports(filter: (message: FakeSmsMessage) => boolean = () => true): Promise<void> {
      const byBizId = new Map<string, FakeSmsMessage[]>();
      for (const message of pendingReceipts) {
        if (filter(message)) byBizId.set(message.bizId, [...(byBizId.get(message.bizId) ?? []), message]);
      }
      await Promise.all([...byBizId.values()].map((batch) => track(produceReceipts(batch))));
    },

    waitForMessages(n: number, timeoutMs = 2000): Promise<FakeSmsMessage[]> {
      return new Promise((resolve, reject) => {
        const finish = (): void => {
          clearTimeout(timer);
          messageWaiters.delete(check);
        };
        const check = (): void => {
          if (messages.length < n) return;
          finish();
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`fake-aliyun-sms: expected ${n} messages, have ${messages.length} after ${timeoutMs} ms`));
        }, timeoutMs);
        messageWaiters.add(check);
        check();
      });
    },

    async close(): Promise<void> {
      cancelPendingWork();
      await Promise.allSettled([...inFlightPushes]);
      // Keep-alive sockets (the SDK's agent) and hung requests would otherwise hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
