import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createAliyunSmsProvider } from './channels/sms/aliyun-provider.js';
import { createConsoleSmsProvider, type ConsoleSmsProvider } from './channels/sms/console-provider.js';
import type { SmsProvider } from './channels/sms/sms-provider.js';
import type { ConsoleVoiceProvider } from './channels/voice/console-voice.js';
import type { VoiceProvider } from './channels/voice/voice-provider.js';
import { createWechatClient, type WechatClient } from './channels/wechat/wechat-client.js';
import { loadDivisions } from './data/divisions.js';
import { createDb, type Db } from './db/prisma.js';
import { createMessageReader } from './domain/message-reader.js';
import { createPlaceIndex, type PlaceIndex } from './domain/places.js';
import { createQueueClient, type QueueClient } from './queues/queue-client.js';
import { createQueueEpoch, type QueueEpoch } from './queues/queue-epoch.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createLogger } from './logger.js';
import { createServices, type Services } from './services/index.js';
import { holdingNow, spentSegmentsToday } from './services/delivery/send-guard.js';
import { createRedis, describeRedis, diagnoseRedis, isCluster, redisMode, type RedisClient } from './redis.js';

/**
 * Everything the API and the workers share in one process: connections, the SMS channel,
 * the place dictionary and the services built on them. The HTTP entry and the worker entry
 * each create one; `close()` releases it in reverse order of creation.
 */
export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  /**
   * For commands and queue producers: fails fast (REDIS_COMMAND_TIMEOUT_MS) when Redis is away,
   * so a request answers 503 instead of hanging. Not for BullMQ workers: see workerRedis().
   */
  redis: RedisClient;
  /** The connection BullMQ workers share (maxRetriesPerRequest: null, as BullMQ requires of workers); opened on first use. */
  workerRedis(): RedisClient;
  queues: QueueClient;
  /** Keeps job ids apart when the database goes back in time under this Redis (src/queues/queue-epoch.ts). */
  epoch: QueueEpoch;
  sms: SmsProvider;
  places: PlaceIndex;
  services: Services;
  /** null when WECHAT_APP_ID is not set. */
  wechat: WechatClient | null;
  metrics: Metrics;
  close(): Promise<void>;
}

export interface ContextOverrides {
  log?: Logger;
  sms?: SmsProvider;
  wechat?: WechatClient | null;
  voice?: VoiceProvider;
}

export function createSmsProvider(config: Config, db: Db, log: Logger): SmsProvider {
  if (config.SMS_DRIVER === 'aliyun') {
    return createAliyunSmsProvider({
      accessKeyId: config.ALIYUN_ACCESS_KEY_ID ?? '',
      accessKeySecret: config.ALIYUN_ACCESS_KEY_SECRET ?? '',
      endpoint: config.ALIYUN_SMS_ENDPOINT,
      protocol: config.ALIYUN_SMS_PROTOCOL,
      timeoutMs: config.ALIYUN_SMS_TIMEOUT_MS,
    });
  }
  return createConsoleSmsProvider(db, log.child({ channel: 'console' }));
}

const isConsoleSms = (sms: SmsProvider): sms is ConsoleSmsProvider => sms.name === 'console' && 'receiptsTo' in sms;

/**
 * Logs a Redis outage once, clearly, then at most every 30 s while it lasts, and its end. The
 * process keeps serving: /healthz stays up, /readyz names Redis, ioredis reconnects by itself.
 */
function watchRedis(redis: RedisClient, log: Logger, config: Config, role: string): void {
  const where = describeRedis(config);
  let down = false;
  let diagnosed = false;
  let lastLog = 0;
  redis.on('error', (err: Error & { code?: string }) => {
    const now = Date.now();
    if (!down) {
      down = true;
      lastLog = now;
      log.error(
        { err: err.message, code: err.code, redis: where, connection: role },
        'Redis is unreachable: requests that need it answer 503 and queued work waits; /readyz reports it; reconnecting by itself',
      );
      // Once per process: what the settings point at, in words that name the one to fix.
      if (!diagnosed) {
        diagnosed = true;
        void diagnoseRedis(config).then(
          (hint) => hint && log.error({ redis: where, connection: role, hint }, `Redis settings: ${hint}`),
          () => undefined,
        );
      }
    } else if (now - lastLog >= 30_000) {
      lastLog = now;
      log.warn({ err: err.message, connection: role }, 'Redis still unreachable; reconnecting');
    }
  });
  redis.on('ready', () => {
    if (down) log.info({ redis: where, connection: role }, 'Redis connection restored');
    down = false;
    // A single node that answers may still be the wrong kind (one node of a cluster): say so once.
    if (!diagnosed && role === 'commands' && redisMode(config) === 'single') {
      diagnosed = true;
      void diagnoseRedis(config).then(
        (hint) => hint && log.error({ redis: where, connection: role, hint }, `Redis settings: ${hint}`),
        () => undefined,
      );
    }
  });
  // A cluster client reports one node's trouble here, not as 'error'.
  if (isCluster(redis)) {
    redis.on('node error', (err: Error, address: string) => {
      const now = Date.now();
      if (now - lastLog >= 30_000) {
        lastLog = now;
        log.warn({ err: err.message, node: address, redis: where, connection: role }, 'a Redis Cluster node is failing; commands for its slots wait for its replica to take over');
      }
    });
  }
}

export function createContext(config: Config, overrides: ContextOverrides = {}): AppContext {
  const log = overrides.log ?? createLogger({ level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_MAX });
  // Commands fail within REDIS_COMMAND_TIMEOUT_MS when Redis is away (a command waiting in the
  // offline queue included), and after one failed reconnect; Queue producers share this
  // connection, which BullMQ allows (only workers need maxRetriesPerRequest: null).
  const redis = createRedis(config, 'commands');
  watchRedis(redis, log, config, 'commands');
  let workerRedis: RedisClient | undefined;
  const epoch = createQueueEpoch({
    db,
    redis,
    prefix: config.QUEUE_PREFIX,
    intervalMs: config.QUEUE_EPOCH_CHECK_MS,
    timeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    log,
  });
  const queues = createQueueClient(redis, config.QUEUE_PREFIX, config.REDIS_COMMAND_TIMEOUT_MS, epoch);
  const sms = overrides.sms ?? createSmsProvider(config, db, log);
  const places = createPlaceIndex(loadDivisions(config.PREFECTURES));
  const reader = createMessageReader({ places });
  const metrics = createMetrics(queues, {
    segmentsToday: () => spentSegmentsToday(redis, config.QUEUE_PREFIX),
    holding: () => holdingNow(redis, config.QUEUE_PREFIX),
    pricePerSegment: config.SMS_PRICE_PER_SEGMENT,
    limitYuan: config.SMS_DAILY_SPEND_LIMIT_YUAN,
    warnPercent: config.SMS_SPEND_WARN_PERCENT,
  });
  const wechat =
    overrides.wechat !== undefined
      ? overrides.wechat
      : config.WECHAT_APP_ID && config.WECHAT_APP_SECRET
        ? createWechatClient({
            appId: config.WECHAT_APP_ID,
            appSecret: config.WECHAT_APP_SECRET,
            apiBaseUrl: config.WECHAT_API_BASE_URL,
            redis,
            // Shared by every process of this deployment, whatever queues it serves.
            keyPrefix: `${config.QUEUE_PREFIX}:`,
          })
        : null;
  const services = createServices({ config, log, db, queues, sms, places, reader, redis, wechatClient: wechat, metrics, voice: overrides.voice });
  // The demo driver reports delivery through the receipt path Aliyun's push takes.
  if (isConsoleSms(sms)) sms.receiptsTo((items) => services.receipts.storeReceipts(items), config.SMS_CONSOLE_RECEIPT_MS);
  const voice = services.voice;
  if ('receiptsTo' in voice && typeof voice.receiptsTo === 'function') {
    (voice as ConsoleVoiceProvider).receiptsTo((items) => services.voiceReceipts.storeVoiceReports(items), config.VOICE_CONSOLE_RECEIPT_MS);
  }
  let closed: Promise<void> | undefined;
  return {
    config,
    log,
    db,
    redis,
    queues,
    epoch,
    sms,
    places,
    services,
    wechat,
    metrics,
    workerRedis() {
      if (!workerRedis) {
        workerRedis = createRedis(config, 'workers');
        watchRedis(workerRedis, log, config, 'workers');
      }
      return workerRedis;
    },
    close() {
      closed ??= (async () => {
        epoch.stop();
        await queues.close();
        await db.$disconnect();
        // quit() waits for Redis to answer; with Redis away, just drop the connections.
        for (const r of [redis, workerRedis]) {
          if (!r) continue;
          if (r.status === 'ready') await r.quit().catch(() => r.disconnect());
          else r.disconnect();
        }
      })();
      return closed;
    },
  };
}
