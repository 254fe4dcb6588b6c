import { z } from 'zod';
import { TEMPLATES, type MessageKindName } from './domain/message-templates.js';

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

/** Public demo value: refused for a deployment that looks real (https PUBLIC_BASE_URL). */
export const DEMO_SESSION_SECRET = 'demo-session-secret-change-me-0123456789';

const port = z.coerce.number().int().min(0).max(65535);

/**
 * Every setting guiyan reads. Only the entry points (src/server.ts, workers/main.ts, scripts/*)
 * call loadConfig(process.env); everything else receives the parsed object.
 */
export const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .url()
      .default('postgresql://postgres@127.0.0.1:5432/guiyan')
      .describe('PostgreSQL connection string'),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379').describe('Redis connection string'),
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
    ADMIN_API_KEY: z
      .string()
      .min(16, 'must be at least 16 characters')
      .default('dev-admin-key-change-me')
      .describe('Bearer key with full access to the API'),
    PUBLIC_BASE_URL: z
      .string()
      .url()
      .optional()
      .describe('Where Aliyun and WeChat reach this service; used in logs and the demo CLI'),
    WEBHOOK_TOKEN: z
      .string()
      .default('')
      .describe('If set, Aliyun push URLs must carry ?token=<this>: the pushes are not signed'),
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
    SMS_TEMPLATE_CODES: z
      .string()
      .default('{}')
      .transform((s, ctx) => {
        try {
          return JSON.parse(s) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"job_alert":"SMS_123456789"}' });
          return z.NEVER;
        }
      })
      .pipe(
        z
          .partialRecord(
            z.enum(Object.keys(TEMPLATES) as [MessageKindName, ...MessageKindName[]]),
            z.string().regex(/^SMS_\w+$/, 'Aliyun template codes look like SMS_123456789'),
          )
          .refine((v) => v !== null && typeof v === 'object', 'must be a JSON object'),
      )
      .describe('Approved Aliyun template code per message kind, JSON; unnamed kinds use their default code'),

    QUIET_HOURS: z.string().default('21:00-08:00').transform(parseQuietHours),
    TIMEZONE: z.literal('Asia/Shanghai').default('Asia/Shanghai'),

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
    DAY_LABOUR_WAVE_MINUTES: z.coerce.number().min(1).max(24 * 60).default(30)
      .describe('Minutes between waves of a day-labour (零工) opening'),

    RUN_WORKERS: bool.default(true).describe('npm start: run the queue workers in the API process too'),
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
    SESSION_COOKIE_SECURE: z
      .enum(['auto', 'true', 'false'])
      .default('auto')
      .describe('Console cookie Secure flag: auto = when the request came over https (set trustProxy behind a proxy)'),
    SESSION_MAX_AGE_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12)
      .describe('A console sign-in lasts this long without use'),
    SMS_RATE_LIMIT_RPS: z.coerce.number().int().min(1).max(5000).default(500)
      .describe('Provider calls per second for the whole account, shared by every worker process (Aliyun allows 5000)'),
    SMS_DAILY_PER_PHONE: z.coerce.number().int().min(1).max(25).default(20)
      .describe('Messages per phone, template and Beijing day; over it a message fails with DAILY_BUDGET. ≤25 keeps any rolling 24 h under Aliyun\'s 50'),
    SMS_PRICE_PER_SEGMENT: z.coerce.number().min(0).max(10).default(0.045).describe('Yuan per billed SMS segment, for pre-flight and campaign cost estimates'),
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

    // --- On the public internet (issue #11): mode, server timeouts, Redis fail-fast, what /metrics and /docs expose.
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development')
      .describe('production: safe defaults for a public deployment (no /docs, no public /metrics without a token)'),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000)
      .describe('Longest time a client may take to send one whole request (slow senders are cut off)'),
    HTTP_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000)
      .describe('A connection silent this long is closed; longer than the slowest request (a large survey import)'),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(72_000)
      .describe('An idle keep-alive connection is closed after this long; keep it above the idle timeout of a proxy in front'),
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000)
      .describe('A Redis command (or queuing a job) not answered this soon fails, and the request answers 503'),
    METRICS_PORT: port.default(0)
      .describe('Serve /metrics on this port only (on METRICS_HOST), not on the public port; 0 = on the public port'),
    METRICS_HOST: z.string().default('127.0.0.1').describe('Address the METRICS_PORT listener binds to'),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional()
      .describe('When set, /metrics needs Authorization: Bearer <token>; in production /metrics is on the public port only with it'),
    DOCS_ENABLED: bool.optional().describe('Serve /docs and /docs/json; default on, except NODE_ENV=production'),
  })
  .superRefine((env, ctx) => {
    if (env.SMS_DRIVER === 'aliyun') {
      for (const key of ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when SMS_DRIVER=aliyun' });
      }
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
    DOCS_ENABLED: env.DOCS_ENABLED ?? env.NODE_ENV !== 'production',
  }));

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at start; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings from a .env file mean "not set", except QUIET_HOURS and WEBHOOK_TOKEN where empty is a value.
  const cleaned: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    cleaned[k] = v === '' && k !== 'QUIET_HOURS' && k !== 'WEBHOOK_TOKEN' ? undefined : v;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return parsed.data;
}

/**
 * For entry points: the parsed config, or the problems printed and exit code 78 (EX_CONFIG),
 * so a misconfigured deployment stops at once with a message naming each bad variable.
 */
export function loadConfigOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
}
