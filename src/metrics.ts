import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { spendState, spendThresholds } from './domain/abuse-limits.js';
import { queueNames } from './queues/catalog.js';
import type { QueueClient } from './queues/queue-client.js';

/**
 * Delivery metrics for `GET /metrics`. One registry per context (tests build several in one
 * process). Counters count what this process did; queue depths and ages are read from Redis at
 * scrape time, so any process shows the whole system's queues.
 */
/** Where the day's SMS spend is read at scrape time (Redis, shared by every process). */
export interface SpendSource {
  segmentsToday(): Promise<number>;
  /** A send was held at the limit in the last minutes. */
  holding(): Promise<boolean>;
  pricePerSegment: number;
  limitYuan: number;
  warnPercent: number;
}

export function createMetrics(queues: Pick<QueueClient, 'queue'>, spend: SpendSource) {
  const registry = new Registry();
  const smsSent = new Counter({
    name: 'guiyan_sms_sent_total',
    help: 'Recipients accepted by the SMS provider, by message kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const smsFailed = new Counter({
    name: 'guiyan_sms_failed_total',
    help: 'Recipients whose message failed or was dropped before sending, by reason (provider code or ours)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const ladderSteps = new Counter({
    name: 'guiyan_ladder_steps_total',
    help: 'Ladder steps taken (docs/ladder.md), by channel (sms, voice, call_task) and trigger (failed, no_reply)',
    labelNames: ['channel', 'trigger'] as const,
    registers: [registry],
  });
  const ladderStops = new Counter({
    name: 'guiyan_ladder_stops_total',
    help: 'Ladders stopped before their last step, by reason (replied, opening, deadline, worker, cancelled, exhausted)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const smsDeferred = new Counter({
    name: 'guiyan_sms_deferred_total',
    help: 'Notify jobs put off at the moment of sending, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const providerCalls = new Counter({
    name: 'guiyan_sms_provider_calls_total',
    help: 'Calls to the SMS provider, by operation and outcome (ok or error class)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const providerLatency = new Histogram({
    name: 'guiyan_sms_provider_latency_seconds',
    help: 'Latency of SMS provider calls',
    labelNames: ['operation'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const reconciled = new Counter({
    name: 'guiyan_reconcile_messages_total',
    help: 'Messages the reconciler resolved, by result (found_sent, found_delivered, found_failed, resent, requeued, receipt, wechat_sent, wechat_unconfirmed)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const accountPaused = new Gauge({
    name: 'guiyan_sms_account_paused',
    help: '1 while SMS sending is paused for a balance or account problem; an operator resumes it',
    registers: [registry],
    async collect() {
      this.set((await queues.queue('notify').isPaused()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'guiyan_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const name of queueNames) {
        const counts = await queues.queue(name).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
      }
    },
  });
  new Gauge({
    name: 'guiyan_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting to run, per queue (0 when none)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      for (const name of queueNames) {
        const q = queues.queue(name);
        // asc = oldest first: the head of each list or sorted set.
        const [oldest] = [...(await q.getJobs(['prioritized'], 0, 0, true)), ...(await q.getJobs(['wait'], 0, 0, true))]
          .filter((j) => j?.timestamp)
          .sort((a, b) => a.timestamp - b.timestamp);
        this.set({ queue: name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
      }
    },
  });
  // How well texts are grouped (docs/reply-storm.md, round 5): texts / batches is the batch's mean size.
  const inboundBatches = new Counter({
    name: 'guiyan_inbound_batches_total',
    help: 'Inbound batches this process ran (a lone text is a batch of one)',
    registers: [registry],
  });
  const inboundBatchTexts = new Counter({
    name: 'guiyan_inbound_batch_texts_total',
    help: 'Inbound texts this process read in its batches',
    registers: [registry],
  });
  const abuseLimited = new Counter({
    name: 'guiyan_abuse_limited_total',
    help: 'Things refused by a per-phone or global limit, by limit (reply_budget, new_number_ceiling, unknown_text_repeat, bind_sender, bind_target, apply_rate, text_changes, case_repeat)',
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  const smsSpendHeld = new Counter({
    name: 'guiyan_sms_spend_held_segments_total',
    help: 'Segments of sends held (kept queued) because the day\'s SMS spend reached SMS_DAILY_SPEND_LIMIT_YUAN',
    registers: [registry],
  });
  const { limitSegments, warnSegments } = spendThresholds(spend.limitYuan, spend.pricePerSegment, spend.warnPercent);
  new Gauge({
    name: 'guiyan_sms_spend_today_yuan',
    help: 'Estimated SMS spend this Beijing day (segments reserved × SMS_PRICE_PER_SEGMENT), all processes',
    registers: [registry],
    async collect() {
      this.set(Math.round((await spend.segmentsToday()) * spend.pricePerSegment * 100) / 100);
    },
  });
  new Gauge({
    name: 'guiyan_sms_spend_limit_yuan',
    help: 'SMS_DAILY_SPEND_LIMIT_YUAN (0 = no limit)',
    registers: [registry],
    collect() {
      this.set(spend.limitYuan);
    },
  });
  new Gauge({
    name: 'guiyan_sms_spend_state',
    help: 'SMS spend guard: 0 below the warn threshold, 1 past SMS_SPEND_WARN_PERCENT, 2 at the limit (non-essential sends held)',
    registers: [registry],
    async collect() {
      if (await spend.holding()) return this.set(2);
      this.set(spendState(await spend.segmentsToday(), warnSegments, limitSegments));
    },
  });
  return { registry, smsSent, smsFailed, smsDeferred, ladderSteps, ladderStops, providerCalls, providerLatency, reconciled, accountPaused, abuseLimited, smsSpendHeld, inboundBatches, inboundBatchTexts };
}

export type Metrics = ReturnType<typeof createMetrics>;
