import { z } from 'zod';

/**
 * Every queue guiyan uses, with the schema of its job payload. Producers (routes, services)
 * and processors (workers/) both import from here, so a payload cannot drift between them.
 */
export const queueCatalog = {
  /**
   * Stored inbound messages to read and answer: one (`inboundId`: a backlog text, a WeChat
   * message, jobs queued by older versions), or the texts one webhook statement stored
   * (`inboundIds`, in id order: docs/reply-storm.md, round 3).
   */
  inbound: z.union([
    z.object({ inboundId: z.string().regex(/^\d+$/) }),
    z.object({ inboundIds: z.array(z.string().regex(/^\d+$/)).min(1).max(100) }),
  ]),
  /** A campaign to match: finds recipients, creates their notifications, queues sends. */
  match: z.union([
    z.object({ campaignId: z.number().int().positive() }),
    /** The next wave of an opening still not filled (delayed; jobId wave-<opening>-<wave>). */
    // `after`: the campaign of the wave before (id, creation ms), checked when the job runs;
    // absent in jobs queued by older versions.
    z.object({
      openingId: z.number().int().positive(),
      wave: z.number().int().min(2),
      after: z.object({ campaignId: z.number().int().positive(), createdAt: z.number().int().positive() }).optional(),
    }),
  ]),
  /** Notifications to send in one provider call; all share template and variables. */
  notify: z.object({ notificationIds: z.array(z.string().regex(/^\d+$/)).min(1).max(1000) }),
  /**
   * Periodic upkeep: `sweep` re-queues work a crash left behind between the database and Redis;
   * `prune` deletes webhook data past RETENTION_DAYS (src/services/access/retention-service.ts).
   */
  maintenance: z.object({ task: z.enum(['sweep', 'prune']) }),
  /**
   * One run of a reminder. `occurrence` (epoch ms) names the run for explicitly delayed
   * schedules; runs from a BullMQ job scheduler take it from the job (opts.prevMillis).
   */
  reminder: z.object({ reminderId: z.number().int().positive(), occurrence: z.number().int().positive().optional() }),
  /** Periodic delivery reconciliation: calls left in `sending`, sent messages without a receipt, lost jobs. */
  reconcile: z.object({ task: z.literal('reconcile') }),
} as const;

export type QueueName = keyof typeof queueCatalog;
export type JobPayload<Q extends QueueName> = z.infer<(typeof queueCatalog)[Q]>;
export const queueNames = Object.keys(queueCatalog) as QueueName[];

/** Job priorities (BullMQ: lower runs first). Replies to a worker's own text go before broadcasts. */
export const PRIORITY = { reply: 1, alert: 10 } as const;

export function parsePayload<Q extends QueueName>(name: Q, data: unknown): JobPayload<Q> {
  return queueCatalog[name].parse(data) as JobPayload<Q>;
}
