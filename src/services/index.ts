import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { SmsProvider } from '../channels/sms-provider.js';
import type { Db } from '../db/prisma.js';
import type { ReadMessage } from '../domain/message-reader.js';
import type { PlaceIndex } from '../domain/places.js';
import type { QueueClient } from '../queues/queue-client.js';
import { createConversationService } from './conversation-service.js';
import { createInboundService } from './inbound-service.js';
import { createMatchService } from './match-service.js';
import { createNotifyService } from './notify-service.js';
import { createOpeningService } from './opening-service.js';
import { createOutboundService } from './outbound-service.js';
import { createReportService } from './report-service.js';
import type { Redis } from 'ioredis';
import type { Metrics } from '../metrics.js';
import { createReconcileService } from './reconcile-service.js';
import type { WechatClient } from '../channels/wechat-client.js';
import { createWecomRobotClient } from '../channels/wecom-robot.js';
import { createSendPacing } from './send-pacing.js';
import { createCampaignService } from './campaign-service.js';

export interface ServiceDeps {
  config: Config;
  log: Logger;
  db: Db;
  queues: QueueClient;
  sms: SmsProvider;
  places: PlaceIndex;
  reader: (text: string) => ReadMessage;
  redis: Redis;
  metrics: Metrics;
  wechat: WechatClient | null;
}

/** Wires the services; each takes only the dependencies it uses. */
export function createServices(deps: ServiceDeps) {
  const { config, log, db, queues, sms, places, reader, redis, metrics, wechat } = deps;
  const wecom = createWecomRobotClient({ apiBaseUrl: config.WECOM_API_BASE_URL });
  const notify = createNotifyService({ config, db, sms, wechat, wecom, log: log.child({ svc: 'notify' }), pacing: createSendPacing({ redis, config }), metrics });
  const outbound = createOutboundService({ config, db, queues });
  const matching = createMatchService({ config, db, queues, log: log.child({ svc: 'match' }) });
  return {
    outbound,
    matching,
    inbound: createInboundService({ db, queues, log }),
    reports: createReportService({ db }),
    conversation: createConversationService({ db, log: log.child({ svc: 'conversation' }), reader, outbound }),
    openings: createOpeningService({ db, places, queues, matching }),
    notify,
    campaigns: createCampaignService({ config, db }),
    reconcile: createReconcileService({ config, db, sms, queues, notify, metrics, log: log.child({ svc: 'reconcile' }) }),
  };
}

export type Services = ReturnType<typeof createServices>;
