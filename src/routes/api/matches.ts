import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../domain/access.js';
import { errorResponses, idParams } from './schemas.js';
import { SKIP_REASONS } from '../../domain/matching.js';


const skipCounts = z
  .object(Object.fromEntries(SKIP_REASONS.map((r) => [r, z.number()])) as Record<(typeof SKIP_REASONS)[number], z.ZodNumber>)
  .describe('Workers in the county with a fitting skill who would not be alerted, by the first rule they fail');

/** The dry run: also returned by POST /openings/:id/broadcast with {dryRun: true}. */
export const preflightOut = z.object({
  matched: z.number().describe('Workers who match now (all waves)'),
  firstWave: z.number().describe('How many the first wave alerts: min(matched, headcount × factor)'),
  calls: z.number().describe('Of the first wave, workers alerted by phone call instead of SMS (docs/aliyun-voice.md)'),
  byTownship: z.array(z.object({ code: z.string(), name: z.string(), count: z.number() })),
  bySkill: z.array(z.object({ skill: z.string(), count: z.number() })),
  skipped: skipCounts,
});

const matchesOut = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  skipped: z.record(z.string(), z.number()).describe('Matched workers skipped when a wave went out, by reason (capped)'),
  items: z.array(
    z.object({
      workerId: z.number().nullable(),
      phone: z.string().nullable().describe('Masked'),
      place: z.string().nullable(),
      wave: z.number().nullable(),
      score: z.number().nullable(),
      reasons: z.array(z.string()).describe('Why this worker was chosen, e.g. ["缝纫","同乡镇","距离3km","近7天0条"]'),
      status: z.enum(['queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled']),
      errorCode: z.string().nullable(),
      createdAt: z.date(),
      sentAt: z.date().nullable(),
    }),
  ),
});

const stopOut = z.object({
  status: z.enum(['filled', 'closed']),
  cancelledNotifications: z.number().describe('Queued alerts cancelled'),
  removedJobs: z.number().describe('Pending waves and broadcasts removed from the queue'),
});


/** Who an opening reaches and why, and stopping it: matches, fill, close (within the caller's scope). */
export const matchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireApiKey);
  const roles: Role[] = ['admin', 'employer', 'caseworker'];
  const svc = app.ctx.services.employer;

  app.get(
    '/openings/:id/matches',
    {
      config: { roles },
      schema: {
        tags: ['employer'],
        summary: 'Who was alerted (or queued) for the opening, with the score and reasons of each match',
        params: idParams,
        querystring: z.object({
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: matchesOut, ...errorResponses },
      },
    },
    async (req) => svc.listMatches(req.principal, req.params.id, req.query.page, req.query.pageSize),
  );

  for (const status of ['filled', 'closed'] as const) {
    app.post(
      `/openings/:id/${status === 'filled' ? 'fill' : 'close'}`,
      {
        config: { roles },
        schema: {
          tags: ['employer'],
          summary: status === 'filled' ? 'Mark the opening filled: stops every pending wave and alert' : 'Close the opening: stops every pending wave and alert',
          params: idParams,
          response: { 200: stopOut, ...errorResponses },
        },
      },
      async (req) => svc.stopOpening(req.principal, req.params.id, status),
    );
  }
};
