import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createAliyunSmsProvider } from './channels/aliyun-sms-provider.js';
import { createConsoleSmsProvider } from './channels/console-sms-provider.js';
import type { SmsProvider } from './channels/sms-provider.js';
import { createWechatClient, type WechatClient } from './channels/wechat-client.js';
import { loadDivisions } from './data/divisions.js';
import { createDb, type Db } from './db/prisma.js';
import { createMessageReader } from './domain/message-reader.js';
import { createPlaceIndex, type PlaceIndex } from './domain/places.js';
import { createQueueClient, type QueueClient } from './queues/queue-client.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createLogger } from './logger.js';
import { createServices, type Services } from './services/index.js';
import { holdingNow, spentSegmentsToday } from './services/send-guard.js';

/**
 * Everything the API and the workers share in one process: connections, the SMS channel,
 * the place dictionary and the services built on them. The HTTP entry and the worker entry
 * each create one; `close()` releases it in reverse order of creation.
 */
export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  /** For commands; BullMQ workers open their own blocking connections from this one's options. */
  redis: Redis;
  queues: QueueClient;
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

export function createContext(config: Config, overrides: ContextOverrides = {}): AppContext {
  const log = overrides.log ?? createLogger({ level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL);
  // maxRetriesPerRequest: null is what BullMQ requires of connections its workers share.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const queues = createQueueClient(redis, config.QUEUE_PREFIX);
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
  const services = createServices({ config, log, db, queues, sms, places, reader, redis, wechatClient: wechat, metrics });
  let closed: Promise<void> | undefined;
  return {
    config,
    log,
    db,
    redis,
    queues,
    sms,
    places,
    services,
    wechat,
    metrics,
    close() {
      closed ??= (async () => {
        await queues.close();
        await db.$disconnect();
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closed;
    },
  };
}
