import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { errorResponses, idParams } from './schemas.js';


const campaignOut = z.object({
  id: z.number(),
  kind: z.enum(['opening_broadcast', 'reminder']),
  openingId: z.number().nullable(),
  status: z.enum(['pending', 'matching', 'sending', 'completed', 'failed', 'cancelled', 'held']),
  error: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  totals: z.object({
    recipients: z.number().describe('Notifications created for this campaign'),
    queued: z.number(),
    sending: z.number(),
    sent: z.number().describe('Accepted by the provider (delivered included)'),
    delivered: z.number(),
    byWechat: z.number().describe('Of those sent, how many went by WeChat (no SMS cost)'),
    failed: z.number(),
    cancelled: z.number(),
    resends: z.number().describe('Messages put back after a crash left no trace at the provider'),
    segments: z.number().describe('Billed SMS segments of the messages sent'),
    estimatedCost: z.number().describe('segments × SMS_PRICE_PER_SEGMENT, yuan'),
  }),
  failures: z.array(z.object({ reason: z.string(), count: z.number() })).describe('Failed and cancelled recipients by reason'),
});

/** A campaign's delivery totals and cost, for employers and caseworkers. */
export const campaignRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireApiKey);
  app.get(
    '/campaigns/:id',
    {
      config: { roles: ['admin', 'employer', 'caseworker'] },
      schema: {
        tags: ['campaigns'],
        summary: 'Delivery totals and cost of one broadcast or reminder run',
        params: idParams,
        response: { 200: campaignOut, ...errorResponses },
      },
    },
    async (req) => {
      const { services } = app.ctx;
      // Out of scope looks the same as missing: a 404 says nothing about other employers.
      const owner = await services.campaigns.ownerOf(req.params.id);
      if (owner.openingId !== null) await services.employer.assertOpening(req.principal, owner.openingId);
      else if (owner.reminderId !== null) await services.reminders.getReminder(req.principal, owner.reminderId);
      else if (req.principal.role !== 'admin') throw new NotFoundError('campaign.not_found', `campaign ${req.params.id} not found`, { params: { id: req.params.id } });
      return services.campaigns.getCampaign(req.params.id);
    },
  );
};
