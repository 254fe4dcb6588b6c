import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from './error-schema.js';
import { SKIP_REASONS } from '../../domain/matching.js';


const skipCounts = z
  .object(Object.fromEntries(SKIP_REASONS.map((r) => [r, z.number()])) as Record<(typeof SKIP_REASONS)[number], z.ZodNumber>)
  .describe('Workers in the county with a fitting skill who would not be alerted, by the first rule they fail');

/** The dry run: also returned by POST /openings/:id/broadcast with {dryRun: true}. */
export const preflightOut = z.object({
  matched: z.number().describe('Workers who match now (all waves)'),
  firstWave: z.number().describe('How many the first wave alerts: min(matched, headcount × factor)'),
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

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Who an opening reaches and why, and stopping it: matches, fill, close. */
export const matchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireApiKey);
  const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

  app.get(
    '/openings/:id/matches',
    {
      schema: {
        tags: ['employer'],
        params: idParams,
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: matchesOut, ...errors },
      },
    },
    async (req) => app.ctx.services.matching.listMatches(req.params.id, req.query.page, req.query.pageSize),
  );

  app.get(
    '/openings/:id/preflight',
    { schema: { tags: ['employer'], params: idParams, response: { 200: preflightOut, ...errors } } },
    async (req) => app.ctx.services.matching.preflight(req.params.id),
  );

  for (const status of ['filled', 'closed'] as const) {
    app.post(
      `/openings/:id/${status === 'filled' ? 'fill' : 'close'}`,
      { schema: { tags: ['employer'], params: idParams, response: { 200: stopOut, ...errors } } },
      async (req) => app.ctx.services.matching.stopOpening(req.params.id, status),
    );
  }
};
