import { isIP } from 'node:net';
import { z } from 'zod';
import { bulletinSettings } from './services/bulletins/bulletin-config.js';
import { TEMPLATES, type MessageKindName } from './domain/message-templates.js';
import { insidePublicHours, parseCallWindows } from './domain/voice-rules.js';
import { queueNames, type QueueName } from './queues/catalog.js';

/** Clock range in Asia/Shanghai, e.g. "21:00-08:00"; the empty string turns quiet hours off. */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
}

const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseQuietHours(value: string, ctx: z.RefinementCtx): QuietHours | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const [start, end, ...rest] = trimmed.split('-').map((s) => s.trim());
  const s = start ? hhmm.exec(start) : null;
  const e = end ? hhmm.exec(end) : null;
  if (!s || !e || rest.length > 0) {
    ctx.addIssue({ code: 'custom', message: 'expected HH:MM-HH:MM such as 21:00-08:00, or empty to turn it off' });
    return z.NEVER;
  }
  const startMinute = Number(s[1]) * 60 + Number(s[2]);
  const endMinute = Number(e[1]) * 60 + Number(e[2]);
  if (startMinute === endMinute) {
    ctx.addIssue({ code: 'custom', message: 'start and end are equal; leave it empty to turn quiet hours off' });
    return z.NEVER;
  }
  return { startMinute, endMinute };
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A variable holding a JSON object (default `{}`): parsed, or one clear error saying what shape is wanted. */
const jsonObjectText = (message: string) =>
  z
    .string()
    .default('{}')
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
    });

/** Public demo value: refused for a deployment that looks real (https PUBLIC_BASE_URL). */
export const DEMO_SESSION_SECRET = 'demo-session-secret-change-me-0123456789';
/** Public default admin key, for the demo only: refused in production. */
export const DEFAULT_ADMIN_API_KEY = 'dev-admin-key-change-me';
/** Shortest WEBHOOK_TOKEN production accepts: a token anyone can guess lets anyone push texts. */
export const WEBHOOK_TOKEN_MIN_CHARS = 32;
/**
 * bcrypt cost of console passwords: 2^cost rounds, cost 10 about 100 ms in pure JS on one core.
 * Lower only for tests (each sign-in and new user pays it; tests/helpers/app.ts uses the minimum,
 * 4); production refuses less, since a stolen hash is then cheap to guess.
 */
export const CONSOLE_PASSWORD_COST_SAFE = 10;

/** One network of WEBHOOK_ALLOW_CIDRS, as net.BlockList takes it. */
export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

function parseCidr(item: string): Cidr | null {
  const [address = '', prefixText, ...rest] = item.split('/');
  const v = isIP(address);
  if (!v || rest.length > 0) return null;
  const max = v === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

function parseCidrList(value: string, ctx: z.RefinementCtx): Cidr[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const out: Cidr[] = [];
  for (const item of items) {
    const c = parseCidr(item);
    if (!c) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not an IPv4 or IPv6 address or network (e.g. 47.0.0.0/8, 2408:4000::/24)` });
      return z.NEVER;
    }
    out.push(c);
  }
  return out;
}

/**
 * Fastify's trustProxy: whom to believe about the client address in X-Forwarded-For. `false`
 * (the default: the socket address is the client), `true` (any peer; only when every request
 * comes through a proxy you run that overwrites the header), or the proxies' addresses and
 * networks. Fastify 5 ignores hop counts (it cannot check the peer), so they are refused here.
 */
function parseTrustProxy(value: string, ctx: z.RefinementCtx): boolean | string[] {
  const t = value.trim().toLowerCase();
  if (t === '' || t === 'false') return false;
  if (t === 'true') return true;
  if (/^\d+$/.test(t)) {
    ctx.addIssue({ code: 'custom', message: 'hop counts are not honoured by Fastify; list the proxy addresses or networks (e.g. 10.0.0.0/8) or use true' });
    return z.NEVER;
  }
  const items = t.split(',').map((s) => s.trim()).filter(Boolean);
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const bad = items.filter((i) => !named.has(i) && !parseCidr(i));
  if (bad.length) {
    ctx.addIssue({ code: 'custom', message: `expected true, false, or proxy addresses/networks; cannot read ${bad.map((b) => `"${b}"`).join(', ')}` });
    return z.NEVER;
  }
  return items;
}

/** A comma-separated list of queue names from the catalog; empty means every queue. */
function parseQueueList(value: string, ctx: z.RefinementCtx): QueueName[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((q) => !(queueNames as string[]).includes(q));
  if (unknown.length) {
    ctx.addIssue({ code: 'custom', message: `unknown queue ${unknown.map((q) => `"${q}"`).join(', ')}; known: ${queueNames.join(', ')}` });
    return z.NEVER;
  }
  return items.length ? (items as QueueName[]) : [...queueNames];
}

const port = z.coerce.number().int().min(0).max(65535);

/**
 * The part of a key Redis Cluster hashes: between the first `{` and the first `}` after it, when
 * that is not empty (Redis' own rule); null when the key has no such tag and is hashed whole.
 */
export function hashTag(key: string): string | null {
  const open = key.indexOf('{');
  if (open < 0) return null;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : null;
}

export interface RedisNode {
  host: string;
  port: number;
}

/** `host:port,host:port` (IPv6 as `[::1]:7000`): the seed nodes of a Redis Cluster or the Sentinels. */
function parseRedisNodes(value: string, ctx: z.RefinementCtx): RedisNode[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const nodes: RedisNode[] = [];
  for (const item of items) {
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9._-]+)):(\d{1,5})$/.exec(item);
    const p = m ? Number(m[3]) : 0;
    if (!m || p < 1 || p > 65535) {
      ctx.addIssue({ code: 'custom', message: `"${item.slice(0, 80)}" is not host:port (a list such as 10.0.0.1:6379,10.0.0.2:6379)` });
      return z.NEVER;
    }
    nodes.push({ host: m[1] ?? m[2]!, port: p });
  }
  if (!nodes.length) {
    ctx.addIssue({ code: 'custom', message: 'names no node: give host:port,host:port' });
    return z.NEVER;
  }
  return nodes;
}

/**
 * Every setting guiyan reads. Only the entry points (src/server.ts, workers/main.ts, scripts/*)
 * call loadConfig(process.env), and tools that need a few settings loadSettings; everything
 * else receives the parsed object.
 */
const settings = z.object({
    DATABASE_URL: z
      .string()
      .url()
      .default('postgresql://postgres@127.0.0.1:5432/guiyan')
      .describe('PostgreSQL connection string'),
    DATABASE_POOL_MAX: z.coerce
      .number()
      .int()
      .min(2)
      .max(200)
      .default(10)
      .describe('PostgreSQL connections each process may hold; size max_connections for every API and worker process (docs/deployment.md)'),
    REDIS_URL: z
      .string()
      .url()
      .refine((u) => /^rediss?:\/\//.test(u), 'must start with redis:// or rediss:// (TLS)')
      .default('redis://127.0.0.1:6379')
      .describe('Redis connection string for a single node (rediss:// for TLS); ignored when REDIS_CLUSTER_NODES or REDIS_SENTINELS is set'),
    REDIS_CLUSTER_NODES: z
      .string()
      .transform(parseRedisNodes)
      .optional()
      .describe('Redis Cluster seed nodes, host:port,host:port: every Redis client becomes a cluster client'),
    REDIS_SENTINELS: z
      .string()
      .transform(parseRedisNodes)
      .optional()
      .describe('Redis Sentinels, host:port,host:port (with REDIS_SENTINEL_NAME): clients follow the master the Sentinels name'),
    REDIS_SENTINEL_NAME: z.string().min(1).max(200).optional().describe('The master name the Sentinels monitor'),
    REDIS_USERNAME: z.string().min(1).max(200).optional().describe('ACL user for cluster or sentinel-managed nodes (a single node takes it in REDIS_URL)'),
    REDIS_PASSWORD: z.string().min(1).max(500).optional().describe('Password for cluster or sentinel-managed nodes (a single node takes it in REDIS_URL)'),
    REDIS_SENTINEL_PASSWORD: z.string().min(1).max(500).optional().describe('Password of the Sentinels themselves, when they have one'),
    REDIS_TLS: bool.default(false).describe('TLS to cluster or sentinel-managed nodes (a single node: rediss:// in REDIS_URL)'),
    QUEUE_PREFIX: z
      .string()
      .min(1)
      .default('{guiyan}')
      .describe('BullMQ key prefix; the {hash tag} keeps a queue on one Redis Cluster slot'),
    HOST: z.string().default('0.0.0.0').describe('Address the HTTP server binds to'),
    PORT: port.default(3000).describe('Public HTTP port'),
    WORKER_METRICS_PORT: port
      .default(0)
      .describe('Port where a worker-only process serves /metrics, /healthz and /readyz (0 = none; each process counts its own sends)'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NODE_ENV: z
      .enum(['development', 'production', 'test'])
      .default('development')
      .describe('production refuses to start with public defaults or an unprotected webhook (see insecureSettings); development warns once'),
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform(parseTrustProxy)
      .describe('Fastify trustProxy: false, true, or proxy addresses/networks (comma-separated, or loopback/linklocal/uniquelocal); decides the client address'),
    WEBHOOK_ALLOW_CIDRS: z
      .string()
      .default('')
      .transform(parseCidrList)
      .describe('Comma-separated IPv4/IPv6 networks allowed to call /webhooks/* (Aliyun and WeChat pushes); empty allows any address'),
    ADMIN_API_KEY: z
      .string()
      .min(16, 'must be at least 16 characters')
      .default(DEFAULT_ADMIN_API_KEY)
      .describe('Bearer key with full access to the API'),
    PUBLIC_BASE_URL: z
      .string()
      .url()
      .optional()
      .describe('Where Aliyun and WeChat reach this service; used in logs and the demo CLI'),
    WEBHOOK_TOKEN: z
      .string()
      .default('')
      .describe(`If set, Aliyun push URLs must carry ?token=<this>: the pushes are not signed (production: required, ≥ ${WEBHOOK_TOKEN_MIN_CHARS} characters, whatever the SMS driver)`),
    PREFECTURES: z
      .string()
      .default('5325')
      .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^\d{4}$/, 'prefecture codes are 4 digits, e.g. 5325')).min(1))
      .describe('Comma-separated prefecture codes whose places are loaded'),

    SMS_DRIVER: z.enum(['aliyun', 'console']).optional().describe('aliyun or console; console when no Aliyun key is set'),
    ALIYUN_ACCESS_KEY_ID: z.string().optional(),
    ALIYUN_ACCESS_KEY_SECRET: z.string().optional(),
    ALIYUN_SMS_SIGN_NAME: z
      .string()
      .regex(/^[\p{Script=Han}A-Za-z0-9]{2,12}$/u, '2–12 Chinese characters, letters or digits, without 【】')
      .default('归雁就业'),
    ALIYUN_SMS_ENDPOINT: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'host[:port] only, without http:// (the SDK adds the scheme)')
      .default('dysmsapi.aliyuncs.com'),
    ALIYUN_SMS_PROTOCOL: z.enum(['https', 'http']).default('https'),
    ALIYUN_SMS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60_000).default(5000)
      .describe('Read/connect timeout for SendSms; Aliyun advises at least 1 s'),
    // Voice alerts (Aliyun Dyvmsapi 2017-05-25, docs/aliyun-voice.md).
    VOICE_DRIVER: z.enum(['aliyun', 'console', 'off']).optional()
      .describe('aliyun, console or off; default console with the console SMS driver, else off (calls go as SMS)'),
    VOICE_ENDPOINT: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'host[:port] only, without http:// (the client adds the scheme)')
      .default('dyvmsapi.aliyuncs.com'),
    VOICE_PROTOCOL: z.enum(['https', 'http']).default('https'),
    VOICE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60_000).default(5000)
      .describe('Read/connect timeout of a call request; past it the outcome is unknown and left to the receipt or reconciliation'),
    VOICE_CALLED_SHOW_NUMBER: z.string().regex(/^\d{5,20}$/, 'a purchased number (digits only), or empty for public mode').optional()
      .describe('Display number (真实号) for dedicated mode; empty = public mode, which has no keypress menu (IvrCall needs a number of our own)'),
    VOICE_TTS_CODE: z.string().regex(/^TTS_\d+$/, 'an approved TTS template id such as TTS_123456789').optional()
      .describe('Approved TTS template with variables job, place, pay, code (SingleCallByTts, and IvrCall StartCode)'),
    VOICE_IVR_KEY_CODES: jsonObjectText('must be a JSON object such as {"1":"TTS_1","2":"TTS_2","9":"TTS_9"}')
      .pipe(z.partialRecord(z.enum(['1', '2', '9']), z.string().regex(/^(TTS_\d+|[\w-]+\.(wav|mp3))$/, 'a TTS template id or an approved voice file id')))
      .describe('IvrCall MenuKeyMap: what is played after key 1 (报名), 2 (不需要), 9 (不要再打); all three turn the keypress menu on'),
    VOICE_RECORDINGS: jsonObjectText('must be a JSON object such as {"day_labour":"abc.wav"}')
      .pipe(z.partialRecord(z.enum(['day_labour', 'county_workshop', 'village_plant', 'home_workshop']), z.string().regex(/^[\w-]+\.(wav|mp3)$/, 'an approved voice file id such as 2d4c-4e78.wav')))
      .describe('A station\'s approved recording (SingleCallByVoice VoiceCode) per opening type: day_labour or the workshop form'),
    VOICE_PLAY_TIMES: z.coerce.number().int().min(1).max(3).default(3).describe('Times the message is played in one call (Aliyun: 1–3)'),
    VOICE_PRICE_PER_CALL: z.coerce.number().min(0).max(10).default(0.12)
      .describe('Yuan per call (a call under a minute), for the pre-flight and cost estimates'),
    VOICE_CALL_HOURS: z
      .string()
      .default('09:00-12:00,14:00-21:00')
      .transform((s, ctx) => {
        try {
          return parseCallWindows(s);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      })
      .describe('Beijing hours in which calls are placed (others wait); public mode allows only 09:00-12:00,14:00-21:00'),
    VOICE_CONSOLE_RECEIPT_MS: z.coerce.number().int().min(0).max(600_000).default(2000)
      .describe('With VOICE_DRIVER=console, an answered-call receipt follows each call after this long (0: none)'),
    VOICE_RECEIPT_WAIT_MS: z.coerce.number().int().min(60_000).default(10 * 60_000)
      .describe('A call with no receipt this long after it was placed is looked up (QueryCallDetailByCallId)'),
    SMS_TEMPLATE_CODES: jsonObjectText('must be a JSON object such as {"job_alert":"SMS_123456789"}')
      .pipe(
        z
          .partialRecord(
            z.enum(Object.keys(TEMPLATES) as [MessageKindName, ...MessageKindName[]]),
            z.string().regex(/^SMS_\w+$/, 'Aliyun template codes look like SMS_123456789'),
          )
          .refine((v) => v !== null && typeof v === 'object', 'must be a JSON object')
          // The opt-out confirmation is recognised by its template code and goes past every budget
          // and the spend limit (docs/abuse-and-spend.md): a code it shares with another kind would
          // let that kind past them too.
          .refine((v) => {
            const code = (k: MessageKindName) => v[k] ?? TEMPLATES[k].defaultCode;
            return (Object.keys(TEMPLATES) as MessageKindName[]).every((k) => k === 'unsubscribed' || code(k) !== code('unsubscribed'));
          }, 'unsubscribed needs a template code of its own: opt-out confirmations pass every budget and the spend limit'),
      )
      .describe('Approved Aliyun template code per message kind, JSON; unnamed kinds use their default code'),

    QUIET_HOURS: z.string().default('21:00-08:00').transform(parseQuietHours),

    WECHAT_APP_ID: z.string().optional().describe('WeChat Official Account AppID; WeChat is off unless set'),
    WECHAT_APP_SECRET: z.string().optional().describe('WeChat Official Account AppSecret'),
    WECHAT_TOKEN: z
      .string()
      .regex(/^[A-Za-z0-9]{3,32}$/, '3–32 letters or digits, as in the WeChat console')
      .optional()
      .describe('Token set in the WeChat console; signs every push to /webhooks/wechat'),
    WECHAT_ENCODING_AES_KEY: z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, '43 letters or digits, as in the WeChat console')
      .optional()
      .describe('EncodingAESKey from the WeChat console, for safe or compatible mode (encrypted pushes and replies)'),
    WECHAT_API_BASE_URL: z
      .string()
      .url()
      .default('https://api.weixin.qq.com')
      .describe('WeChat API base URL; tests point it at a fake server'),
    WECHAT_REPLY_DEADLINE_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(4500)
      .default(4000)
      .describe('Answer a WeChat push in the HTTP reply if ready this soon, else later by the customer-service API (WeChat waits 5 s)'),
    CHAT_DIALOG_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(86_400)
      .default(1800)
      .describe('A dialog (subscribe questions, binding) is forgotten after this much silence'),
    MATCH_WEEKLY_ALERT_CAP: z.coerce.number().int().min(0).max(50).default(3)
      .describe('At most this many job alerts per worker per 7 days; 0 turns the cap off'),
    MATCH_WAVE_FACTOR: z.coerce.number().int().min(1).max(1000).default(5)
      .describe('A wave alerts the best headcount × this many workers'),
    MATCH_WAVE_WAIT_HOURS: z.coerce.number().min(0.01).max(24 * 14).default(24)
      .describe('Hours before the next wave of an opening that is still not filled'),
    LADDER_WAIT_DAY_LABOUR_MINUTES: z.coerce.number().min(1).max(24 * 60).default(20)
      .describe('Ladder (docs/ladder.md): minutes a day-labour alert step waits for a reply before the next step'),
    LADDER_WAIT_WORKSHOP_HOURS: z.coerce.number().min(0.01).max(7 * 24).default(4)
      .describe('Ladder: hours a workshop, plant or home-work alert step waits for a reply before the next step'),
    DAY_LABOUR_WAVE_MINUTES: z.coerce.number().min(1).max(24 * 60).default(30)
      .describe('Minutes between waves of a day-labour (零工) opening'),

    RUN_WORKERS: bool.default(true).describe('npm start: run the queue workers in the API process too'),
    WORKER_QUEUES: z
      .string()
      .default('')
      .transform(parseQueueList)
      .describe('Worker-only process (npm run start:workers): comma-separated queues it serves, e.g. notify,match; empty = every queue'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(15_000),

    SMS_SEND_RATE_PER_SECOND: z.coerce.number().positive().max(5000).default(50)
      .describe('Recipients per second the broadcast pre-flight assumes when estimating the finish time'),
    REMINDER_MIN_GAP_HOURS: z.coerce.number().min(0).max(24 * 30).default(20)
      .describe('A worker gets at most one reminder within this many hours; later runs skip them'),

    SESSION_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)')
      .default(DEMO_SESSION_SECRET)
      .describe('Signs the web console session cookie; the demo default is refused when PUBLIC_BASE_URL is https'),
    CONSOLE_PASSWORD_COST: z.coerce.number().int().min(4).max(15).default(CONSOLE_PASSWORD_COST_SAFE)
      .describe(`bcrypt cost of console passwords (4–15); production refuses less than ${CONSOLE_PASSWORD_COST_SAFE}, lower is for tests only`),
    SESSION_COOKIE_SECURE: z
      .enum(['auto', 'true', 'false'])
      .default('auto')
      .describe('Console cookie Secure flag: auto = when the request came over https (set trustProxy behind a proxy)'),
    SESSION_MAX_AGE_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12)
      .describe('A console sign-in lasts this long without use'),
    SIGNIN_MAX_FAILURES_PER_NAME: z.coerce.number().int().min(1).max(1000).default(10)
      .describe('Wrong passwords per user name and window from browsers that never signed in as that user; then such sign-ins wait for the window to end'),
    SIGNIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(30)
      .describe('Wrong passwords per client address and window, whatever the names tried'),
    SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15)
      .describe('Sign-in limits count in fixed windows of this length; a lock ends with its window'),
    RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).refine((d) => d === 0 || d >= 7, 'at least 7 days, or 0 to keep everything').default(180)
      .describe('Webhook data (receipts, texts and replies of no worker, console outbox) is deleted after this many days; 0 keeps it'),
    MESSAGE_BODY_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).refine((d) => d === 0 || d >= 7, 'at least 7 days, or 0 to keep every text').default(180)
      .describe('What workers wrote and were sent (inbound and outbound message text) is blanked after this many days; the rows and their times stay for the counts (docs/outcomes.md); 0 keeps the text'),
    SMS_RATE_LIMIT_RPS: z.coerce.number().int().min(1).max(5000).default(500)
      .describe('Provider calls per second for the whole account, shared by every worker process (Aliyun allows 5000)'),
    SMS_DAILY_PER_PHONE: z.coerce.number().int().min(1).max(25).default(20)
      .describe('Messages per phone, template and Beijing day; over it a message fails with DAILY_BUDGET. ≤25 keeps any rolling 24 h under Aliyun\'s 50'),
    SMS_PRICE_PER_SEGMENT: z.coerce.number().min(0).max(10).default(0.045).describe('Yuan per billed SMS segment, for pre-flight and campaign cost estimates and the daily spend guard'),
    SMS_CONSOLE_RECEIPT_MS: z.coerce.number().int().min(0).max(600_000).default(2000)
      .describe('With SMS_DRIVER=console, a DELIVERED receipt follows each send after this long (0: no receipts)'),
    QUIET_HOURS_SPREAD_MS: z.coerce.number().int().min(0).default(30 * 60_000)
      .describe('Alerts deferred by quiet hours are spread over this long after they end'),
    NOTIFY_LOCK_MS: z.coerce.number().int().min(1000).default(30_000)
      .describe('BullMQ lock of a running notify job; a crashed worker\'s job is taken over after about this long'),
    RECONCILE_EVERY_MS: z.coerce.number().int().min(200).default(60_000).describe('How often the reconciliation job runs'),
    RECONCILE_SENDING_AFTER_MS: z.coerce.number().int().min(0).default(2 * 60_000)
      .describe('A message left in sending this long (crash or timeout) is looked up with QuerySendDetails'),
    RECONCILE_RESEND_AFTER_MS: z.coerce.number().int().min(0).default(10 * 60_000)
      .describe('A message in sending with no trace at the provider this long is put back in the queue'),
    RECONCILE_RECEIPT_AFTER_MS: z.coerce.number().int().min(0).default(30 * 60_000)
      .describe('A sent message without a receipt this long is looked up with QuerySendDetails'),
    NOTIFY_REQUEUE_AFTER_MS: z.coerce.number().int().min(0).default(45 * 60_000)
      .describe('Queued messages untouched this long (their job lost with Redis) get a new notify job'),
    WECHAT_ALERT_TEMPLATE_ID: z.string().optional()
      .describe('WeChat template message id for job alerts outside the 48-hour window; without it such alerts go by SMS'),
    WECOM_API_BASE_URL: z.string().url().default('https://qyapi.weixin.qq.com').describe('WeCom robot webhook base URL; tests point it at a fake'),
    WECOM_ROBOT_INTERVAL_MS: z.coerce.number().int().min(0).default(3000)
      .describe('Gap between messages to one WeCom robot (it takes 20 a minute)'),

    // What one phone (or WeChat user) can make the service do by text, and what it may cost.
    APPLY_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100).default(5)
      .describe('Applications (报名) one worker may make by text in any hour; past it they are refused, answered once, and the worker\'s recent applications are flagged'),
    APPLY_LIMIT_PER_DAY: z.coerce.number().int().min(1).max(500).default(10)
      .describe('Applications one worker may make by text in any 24 hours'),
    TEXT_CHANGES_PER_DAY: z.coerce.number().int().min(1).max(1000).default(12)
      .describe('Subscribe, skill, place, pause, resume and channel changes one sender may make by text in 24 hours; opt-outs are never limited'),
    // Reports (举报, 欠薪) and the cases they open (docs/cases.md).
    CASE_RESPONSE_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(3)
      .describe('Working days (Monday to Friday, Beijing time) a station has to respond to a worker\'s report before the case is overdue and flagged to the county'),
    CASE_HOLD_OPEN_CASES: z.coerce.number().int().min(1).max(1000).default(2)
      .describe('Workers with an open case against one employer (or a workshop with no employer) from which its new broadcasts are held for a station\'s review'),
    CASE_NEW_PER_DAY: z.coerce.number().int().min(1).max(100).default(3)
      .describe('New cases one worker may open by text in 24 hours; further reports join the latest case, so a flood of texts cannot bury a station'),
    REPLY_BUDGET_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(10)
      .describe('SMS one phone may receive in an hour as answers to its own texts (replies and digests), all kinds together; opt-out confirmations always go'),
    REPLY_BUDGET_PER_DAY: z.coerce.number().int().min(1).max(1000).default(20)
      .describe('The same per Beijing day'),
    NEW_NUMBER_REPLIES_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(100)
      .describe('Answers by SMS to numbers with no worker record older than a day, per hour for the whole service'),
    SMS_DAILY_SPEND_LIMIT_YUAN: z.coerce.number().min(0).max(10_000_000).default(2000)
      .describe('Estimated SMS spend per Beijing day (segments × SMS_PRICE_PER_SEGMENT) past which every send but opt-out confirmations is held; 0 turns the guard off'),
    SMS_SPEND_WARN_PERCENT: z.coerce.number().int().min(1).max(100).default(80)
      .describe('Share of SMS_DAILY_SPEND_LIMIT_YUAN at which an alert is logged'),
    // --- On the public internet (issue #11): mode, server timeouts, Redis fail-fast, what /metrics and /docs expose.
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000)
      .describe('Longest time a client may take to send one whole request (slow senders are cut off)'),
    HTTP_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000)
      .describe('A connection silent this long is closed; longer than the slowest request (a large survey import)'),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(72_000)
      .describe('An idle keep-alive connection is closed after this long; keep it above the idle timeout of a proxy in front'),
    QUEUE_EPOCH_CHECK_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(3_600_000)
      .default(5000)
      .describe('How often each process compares the database id sequences with Redis to notice a restored or replaced database (0 = at start only); src/queues/queue-epoch.ts'),
    INBOUND_BATCH_MAX: z.coerce.number().int().min(1).max(500).default(50)
      .describe('Inbound texts of distinct senders handled in one transaction when they queue up (a reply storm); 1 = one at a time. src/services/inbound/inbound-batcher.ts'),
    INBOUND_HANDOFF: bool.default(true)
      .describe('With the inbound worker in the webhook\'s process, stored texts go to it without a BullMQ job (the sweep re-queues any a crash left unread); docs/reply-storm.md round 4'),
    NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(8)
      .describe('Notify jobs each worker process runs at once: each waits on one provider call most of its time (a reply storm is hundreds of one-text jobs)'),
    INBOUND_BATCHES_AT_ONCE: z.coerce.number().int().min(1).max(16).default(2)
      .describe('Inbound batches each worker process runs at once (each holds one database connection)'),
    INBOUND_BATCH_GATHER_MS: z.coerce.number().int().min(0).max(50).default(0)
      .describe('While an inbound batch runs, texts arriving wait up to this long for others before a batch beside it starts (an idle process starts a text at once); 0 = no wait. docs/reply-storm.md round 5'),
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000)
      .describe('A Redis command (or queuing a job) not answered this soon fails, and the request answers 503'),
    METRICS_PORT: port.default(0)
      .describe('Serve /metrics on this port only (on METRICS_HOST), not on the public port; 0 = on the public port'),
    METRICS_HOST: z.string().default('127.0.0.1').describe('Address the METRICS_PORT listener binds to'),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional()
      .describe('When set, /metrics needs Authorization: Bearer <token>; in production /metrics is on the public port only with it'),
    DOCS_ENABLED: bool.optional().describe('Serve /docs and /docs/json; default on, except NODE_ENV=production'),
    // Village bulletins for the loudspeaker slots (issue 16 §4, docs/bulletins.md).
    ...bulletinSettings,
});

export const envSchema = settings
  .superRefine((env, ctx) => {
    if (env.REDIS_CLUSTER_NODES && env.REDIS_SENTINELS) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_SENTINELS'], message: 'set REDIS_CLUSTER_NODES or REDIS_SENTINELS, not both' });
    }
    if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_SENTINEL_NAME'], message: 'required with REDIS_SENTINELS: the name of the master the Sentinels monitor' });
    }
    if (env.REDIS_SENTINEL_NAME && !env.REDIS_SENTINELS) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_SENTINELS'], message: 'required with REDIS_SENTINEL_NAME: the Sentinels to ask (host:port,host:port)' });
    }
    // A cluster runs a multi-key command only when all its keys share a slot: every key guiyan
    // writes starts with QUEUE_PREFIX, so its {hash tag} is what keeps them together (docs/redis.md).
    if (env.REDIS_CLUSTER_NODES && hashTag(env.QUEUE_PREFIX) === null) {
      ctx.addIssue({ code: 'custom', path: ['QUEUE_PREFIX'], message: `must hold a {hash tag} on Redis Cluster, e.g. {guiyan}; "${env.QUEUE_PREFIX}" would spread one queue's keys over slots` });
    }
    if (env.SMS_DRIVER === 'aliyun') {
      for (const key of ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when SMS_DRIVER=aliyun' });
      }
    }
    if (env.VOICE_DRIVER === 'aliyun') {
      for (const key of ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'VOICE_TTS_CODE'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when VOICE_DRIVER=aliyun' });
      }
    }
    const ivrKeys = Object.keys(env.VOICE_IVR_KEY_CODES);
    if (ivrKeys.length > 0 && ivrKeys.length < 3) {
      ctx.addIssue({ code: 'custom', path: ['VOICE_IVR_KEY_CODES'], message: 'name what keys 1, 2 and 9 play, or none of them' });
    }
    if (ivrKeys.length > 0 && !env.VOICE_CALLED_SHOW_NUMBER) {
      ctx.addIssue({ code: 'custom', path: ['VOICE_CALLED_SHOW_NUMBER'], message: 'IvrCall (the keypress menu) needs a purchased display number; public mode has none' });
    }
    if (!env.VOICE_CALLED_SHOW_NUMBER && !insidePublicHours(env.VOICE_CALL_HOURS)) {
      ctx.addIssue({ code: 'custom', path: ['VOICE_CALL_HOURS'], message: 'public mode (no VOICE_CALLED_SHOW_NUMBER) is refused 12:00-14:00 and 21:00-09:00: keep the windows inside 09:00-12:00,14:00-21:00' });
    }
    if (env.REPLY_BUDGET_PER_HOUR > env.REPLY_BUDGET_PER_DAY) {
      ctx.addIssue({ code: 'custom', path: ['REPLY_BUDGET_PER_HOUR'], message: 'must not exceed REPLY_BUDGET_PER_DAY' });
    }
    if (env.APPLY_LIMIT_PER_HOUR > env.APPLY_LIMIT_PER_DAY) {
      ctx.addIssue({ code: 'custom', path: ['APPLY_LIMIT_PER_HOUR'], message: 'must not exceed APPLY_LIMIT_PER_DAY' });
    }
    if (env.RECONCILE_RESEND_AFTER_MS <= 2 * env.ALIYUN_SMS_TIMEOUT_MS) {
      // A call still waiting for its answer must never be mistaken for one that was lost.
      ctx.addIssue({ code: 'custom', path: ['RECONCILE_RESEND_AFTER_MS'], message: 'must be more than twice ALIYUN_SMS_TIMEOUT_MS' });
    }
    if (Boolean(env.ALIYUN_ACCESS_KEY_ID) !== Boolean(env.ALIYUN_ACCESS_KEY_SECRET)) {
      const missing = env.ALIYUN_ACCESS_KEY_ID ? 'ALIYUN_ACCESS_KEY_SECRET' : 'ALIYUN_ACCESS_KEY_ID';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'set both the Aliyun key id and secret, or neither' });
    }
    if (Boolean(env.WECHAT_APP_ID) !== Boolean(env.WECHAT_APP_SECRET)) {
      const missing = env.WECHAT_APP_ID ? 'WECHAT_APP_SECRET' : 'WECHAT_APP_ID';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'set both the WeChat AppID and AppSecret, or neither' });
    }
    if (env.WECHAT_ENCODING_AES_KEY && !env.WECHAT_APP_ID) {
      ctx.addIssue({ code: 'custom', path: ['WECHAT_APP_ID'], message: 'required when WECHAT_ENCODING_AES_KEY is set: encrypted pushes name the AppID' });
    }
    if (env.WECHAT_APP_ID && !env.WECHAT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['WECHAT_TOKEN'], message: 'required when WECHAT_APP_ID is set: pushes cannot be verified without it' });
    }
    // A public https address means real people sign in: a secret everyone can read in the repo would let anyone forge sessions.
    if (env.PUBLIC_BASE_URL?.startsWith('https://') && env.SESSION_SECRET === DEMO_SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'set your own secret: the demo default is public and PUBLIC_BASE_URL is https' });
    }
  })
  .transform((env) => ({
    ...env,
    SMS_DRIVER: env.SMS_DRIVER ?? (env.ALIYUN_ACCESS_KEY_ID ? 'aliyun' : 'console'),
    VOICE_DRIVER: env.VOICE_DRIVER ?? (env.SMS_DRIVER === 'aliyun' || env.ALIYUN_ACCESS_KEY_ID ? 'off' : 'console'),
    DOCS_ENABLED: env.DOCS_ENABLED ?? env.NODE_ENV !== 'production',
  }));

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Empty strings from a .env file mean "not set", except QUIET_HOURS and WEBHOOK_TOKEN where empty is a value.
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const cleaned: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    cleaned[k] = v === '' && k !== 'QUIET_HOURS' && k !== 'WEBHOOK_TOKEN' ? undefined : v;
  }
  return cleaned;
}

function configError(error: z.ZodError): ConfigError {
  return new ConfigError(error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
}

/** Parses the environment once at start; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) throw configError(parsed.error);
  return parsed.data;
}

type Settings = z.output<typeof settings>;

/**
 * A few settings alone, read through the same schema (same defaults, same errors), for tools
 * (benchmarks, the parse CLI) that must not fail on settings they never use.
 */
export function loadSettings<const K extends keyof Settings>(env: Record<string, string | undefined>, names: readonly K[]): Pick<Settings, K> {
  const mask = Object.fromEntries(names.map((n) => [n, true]));
  const parsed = settings.pick(mask as never).safeParse(withoutEmpty(env));
  if (!parsed.success) throw configError(parsed.error);
  return parsed.data as unknown as Pick<Settings, K>;
}

/**
 * Settings that leave a service open to anyone on the internet, each as "VARIABLE: why":
 * public default secrets, and Aliyun pushes (unsigned: docs/abuse-and-spend.md)
 * without a long token. Production refuses to start with any of them; development warns once.
 */
export function insecureSettings(c: Config): string[] {
  const out: string[] = [];
  if (c.ADMIN_API_KEY === DEFAULT_ADMIN_API_KEY) {
    out.push('ADMIN_API_KEY: is the public default; anyone who read the README has full access (set a random key, e.g. `openssl rand -base64 32`)');
  }
  if (c.SESSION_SECRET === DEMO_SESSION_SECRET) {
    out.push('SESSION_SECRET: is the public demo value; anyone could forge console sessions (set `openssl rand -base64 48`)');
  }
  // The Aliyun push routes are served whatever the SMS driver (the demo's `npm run sms` uses
  // them with the console driver), so they need the token whatever the driver.
  if (!c.WEBHOOK_TOKEN) {
    out.push(`WEBHOOK_TOKEN: is not set; anyone can push forged texts to /webhooks/aliyun and act for any phone (set ≥ ${WEBHOOK_TOKEN_MIN_CHARS} random characters and add ?token=… to both Aliyun push URLs)`);
  } else if (c.WEBHOOK_TOKEN.length < WEBHOOK_TOKEN_MIN_CHARS) {
    out.push(`WEBHOOK_TOKEN: is shorter than ${WEBHOOK_TOKEN_MIN_CHARS} characters; it is the only thing that keeps forged texts out`);
  }
  if (c.CONSOLE_PASSWORD_COST < CONSOLE_PASSWORD_COST_SAFE) {
    out.push(`CONSOLE_PASSWORD_COST: is below ${CONSOLE_PASSWORD_COST_SAFE}; a stolen console password hash would be cheap to guess (a lower cost is for tests only)`);
  }
  if ((c.WECHAT_APP_ID || c.WECHAT_APP_SECRET) && !c.WECHAT_TOKEN) {
    out.push('WECHAT_TOKEN: is not set while WeChat credentials are; pushes to /webhooks/wechat could not be verified');
  }
  return out;
}

/**
 * For the services (API and workers): in production any insecure setting is a configuration
 * error naming the variable. Scripts (migrate, seed) use loadConfig and are not held to it.
 */
export function loadServiceConfig(env: Record<string, string | undefined>): Config {
  const config = loadConfig(env);
  if (config.NODE_ENV === 'production') {
    const problems = insecureSettings(config);
    if (problems.length) throw new ConfigError(problems.map((p) => `${p} (refused because NODE_ENV=production)`));
  }
  return config;
}

/** Development (or test) with insecure settings: one loud warning at start, listing each. */
export function warnInsecureSettings(config: Config, log: { warn: (obj: object, msg: string) => void }): string[] {
  const problems = insecureSettings(config);
  if (problems.length && config.NODE_ENV !== 'production') {
    log.warn(
      { insecure: problems },
      `NOT SAFE FOR THE PUBLIC INTERNET (NODE_ENV=${config.NODE_ENV}): ${problems.map((p) => p.split(':')[0]).join(', ')}. ` +
        'Fine for a local demo; with NODE_ENV=production the service refuses to start like this.',
    );
  }
  return problems;
}

/**
 * For entry points: the parsed config, or the problems printed and exit code 78 (EX_CONFIG),
 * so a misconfigured deployment stops at once with a message naming each bad variable.
 */
export function loadConfigOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadServiceConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
}
