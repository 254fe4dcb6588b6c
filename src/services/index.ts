import type { RedisClient } from '../redis.js';
import type { Logger } from 'pino';
import type { WechatClient } from '../channels/wechat/wechat-client.js';
import type { Config } from '../config.js';
import type { SmsProvider } from '../channels/sms/sms-provider.js';
import type { Db } from '../db/prisma.js';
import type { ReadMessage } from '../domain/message-reader.js';
import type { PlaceIndex } from '../domain/places.js';
import type { QueueClient } from '../queues/queue-client.js';
import { createChatMemory } from './inbound/chat-memory.js';
import { createConversationService } from './inbound/conversation-service.js';
import { createInboundService } from './inbound/inbound-service.js';
import { createMatchService } from './matching/match-service.js';
import { createNotifyService } from './delivery/notify-service.js';
import { createOpeningService } from './employers/opening-service.js';
import { createOutbox } from './delivery/outbox.js';
import { createReceiptService } from './delivery/receipts.js';
import { createApiKeyService } from './access/api-key-service.js';
import { createAuditLog } from './access/audit-log.js';
import { createWechatReplayGuard } from './inbound/wechat-replay-guard.js';
import { createRetentionService } from './access/retention-service.js';
import { createErasureService } from './stations/erasure.js';
import { createOutcomeService } from './stations/outcomes.js';
import { createCaseworkerService } from './stations/caseworker-service.js';
import { createEmployerAccounts } from './access/employer-accounts.js';
import { createEmployerService } from './employers/employer-service.js';
import { createIdempotencyService } from './access/idempotency-service.js';
import { createReminderService } from './stations/reminder-service.js';
import { createWechatService } from './inbound/wechat-inbox.js';
import { createConsoleUserService } from './access/console-user-service.js';
import { createWorkerHistory } from './stations/worker-history.js';
import type { Metrics } from '../metrics.js';
import { createReconcileService } from './delivery/reconcile.js';
import { createWecomRobotClient } from '../channels/wechat/wecom-robot.js';
import { createSendPacing } from './delivery/send-pacing.js';
import { createChannelRouter } from './delivery/channel-router.js';
import { createSendGuard } from './delivery/send-guard.js';
import { createCampaignService } from './employers/campaign-service.js';
import { createCaseService } from './stations/case-service.js';
import { createBulletinService } from './bulletins/bulletin-service.js';
import { createAfterHireService } from './stations/after-hire-service.js';
import type { VoiceProvider } from '../channels/voice/voice-provider.js';
import { createVoiceProvider } from '../channels/voice/create-voice-provider.js';
import { createVoiceSender } from './delivery/voice-sender.js';
import { createVoiceReceiptService } from './delivery/voice-receipts.js';
import { createVoiceReconcile } from './delivery/voice-reconcile.js';
import { createLadderService } from './delivery/ladder-service.js';

export interface ServiceDeps {
  config: Config;
  log: Logger;
  db: Db;
  queues: QueueClient;
  sms: SmsProvider;
  places: PlaceIndex;
  reader: (text: string) => ReadMessage;
  redis: RedisClient;
  /** null when WeChat is not configured. */
  wechatClient: WechatClient | null;
  metrics: Metrics;
  /** The voice driver (docs/aliyun-voice.md); made from the config when not given. */
  voice?: VoiceProvider;
}

/** Wires the services; each takes only the dependencies it uses. */
export function createServices(deps: ServiceDeps) {
  const { config, log, db, queues, sms, places, reader, redis, wechatClient, metrics } = deps;
  const wecom = createWecomRobotClient({ apiBaseUrl: config.WECOM_API_BASE_URL });
  const guard = createSendGuard({ redis, config, log: log.child({ svc: 'guard' }), metrics });
  const outbox = createOutbox({ config, db, queues });
  const pacing = createSendPacing({ redis, config });
  const router = createChannelRouter({ config, db, outbox, wechat: wechatClient, wecom, pacing, metrics, log: log.child({ svc: 'notify' }) });
  const voice = deps.voice ?? createVoiceProvider(config, log);
  const voiceSender = createVoiceSender({ config, db, outbox, voice, metrics, log: log.child({ svc: 'voice' }) });
  const notify = createNotifyService({ config, db, outbox, router, sms, voice: voiceSender, log: log.child({ svc: 'notify' }), pacing, guard, metrics });
  const wechat = createWechatService({ db, outbox, client: wechatClient, log: log.child({ svc: 'wechat' }) });
  const memory = createChatMemory({ redis, keyPrefix: `${config.QUEUE_PREFIX}:chat:`, dialogTtlSeconds: config.CHAT_DIALOG_TTL_SECONDS });
  const audit = createAuditLog({ db });
  const ladder = createLadderService({ config, db, outbox, metrics, audit, log: log.child({ svc: 'ladder' }) });
  const matching = createMatchService({ config, db, queues, outbox, ladder, log: log.child({ svc: 'match' }) });
  const openings = createOpeningService({ db, places, queues, matching });
  const caseworker = createCaseworkerService({ db, openings, audit });
  const cases = createCaseService({ config, db, audit, queues });
  const erasure = createErasureService({ db, audit });
  const afterHire = createAfterHireService({ config, db, outbox, audit, log: log.child({ svc: 'after-hire' }) });
  const inbound = createInboundService({ db, queues, log });
  const voiceReceipts = createVoiceReceiptService({ outbox, inbound, ladder, log: log.child({ svc: 'voice' }) });
  const voiceReconcile = createVoiceReconcile({ config, outbox, voice, receipts: voiceReceipts, log: log.child({ svc: 'voice' }) });
  const smsReconcile = createReconcileService({ config, db, outbox, sms, queues, notify, wechat, metrics, log: log.child({ svc: 'reconcile' }) });
  return {
    voice,
    voiceReceipts,
    guard,
    outbox,
    matching,
    inbound,
    receipts: createReceiptService({ outbox, ladder, log: log.child({ svc: 'ladder' }) }),
    ladder,
    conversation: createConversationService({
      config,
      db,
      log: log.child({ svc: 'conversation' }),
      reader,
      outbox,
      memory,
      pushWechat: (openId, ids) => wechat.push(openId, ids),
      matching,
      metrics,
      cases,
      erasure,
      afterHire,
    }),
    cases,
    erasure,
    outcomes: createOutcomeService({ db }),
    afterHire,
    wechat,
    openings,
    notify,
    campaigns: createCampaignService({ config, db }),
    reconcile: {
      ...smsReconcile,
      // Calls are settled by their own lookup (QueryCallDetailByCallId), in the same periodic run.
      async run() {
        const result = await smsReconcile.run();
        // The ladder's sweep (docs/ladder.md): waits that ran out, failures no receipt reported.
        return { ...result, voice: await voiceReconcile.run(), ladder: await ladder.sweep() };
      },
    },
    audit,
    apiKeys: createApiKeyService({ db, audit }),
    idempotency: createIdempotencyService({ db }),
    employer: createEmployerService({
      config,
      db,
      openings,
      matching,
      audit,
      outbox,
      openingStopped: async (id, status) => {
        await matching.stopOpening(id, status);
      },
    }),
    caseworker,
    reminders: createReminderService({ config, db, queues, outbox, audit, canonicalSkills: caseworker.canonicalSkills }),
    consoleUsers: createConsoleUserService({ db, audit, passwordCost: config.CONSOLE_PASSWORD_COST }),
    employerAccounts: createEmployerAccounts({ db, audit }),
    workerHistory: createWorkerHistory({ db, caseworker }),
    wechatReplay: createWechatReplayGuard({ redis, keyPrefix: `${config.QUEUE_PREFIX}:` }),
    retention: createRetentionService({ config, db, outbox, redis, log: log.child({ svc: 'retention' }) }),
    bulletins: createBulletinService({ config, db, audit, log: log.child({ svc: 'bulletins' }) }),
  };
}

export type Services = ReturnType<typeof createServices>;
