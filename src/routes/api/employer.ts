import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from './error-schema.js';
import { createOpeningSchema, createWorkshopSchema, workFormSchema } from '../../services/opening-service.js';
import { preflightOut } from './matches.js';


const workshopOut = z.object({
  id: z.number(),
  employerId: z.number().nullable(),
  name: z.string(),
  form: workFormSchema,
  divisionCode: z.string(),
  divisionName: z.string(),
  contactPhone: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  createdAt: z.date(),
});

const openingOut = z.object({
  id: z.number(),
  code: z.string(),
  workshopId: z.number(),
  title: z.string(),
  skills: z.array(z.string()),
  headcount: z.number(),
  wage: z.object({ min: z.number(), max: z.number(), unit: z.enum(['month', 'day', 'hour', 'piece']) }),
  status: z.enum(['draft', 'open', 'filled', 'closed', 'expired']),
  expiresAt: z.date().nullable(),
  createdAt: z.date(),
  reachTownship: z.boolean(),
  deliveryTownships: z.array(z.string()),
  preferReturnees: z.boolean(),
  dayLabour: z.boolean(),
  startsAt: z.date().nullable(),
});

const countsOut = z.object({
  matched: z.number(),
  queued: z.number(),
  sent: z.number(),
  delivered: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  applied: z.number(),
  segments: z.number().describe('SMS segments billed so far'),
});

type OpeningRow = {
  id: number;
  code: string;
  workshopId: number;
  title: string;
  skills: string[];
  headcount: number;
  wageMin: number;
  wageMax: number;
  wageUnit: 'month' | 'day' | 'hour' | 'piece';
  status: 'draft' | 'open' | 'filled' | 'closed' | 'expired';
  expiresAt: Date | null;
  createdAt: Date;
  reachTownship: boolean;
  deliveryTownships: string[];
  preferReturnees: boolean;
  dayLabour: boolean;
  startsAt: Date | null;
};

const toOpening = (o: OpeningRow): z.infer<typeof openingOut> => ({
  id: o.id,
  code: o.code,
  workshopId: o.workshopId,
  title: o.title,
  skills: o.skills,
  headcount: o.headcount,
  wage: { min: o.wageMin, max: o.wageMax, unit: o.wageUnit },
  status: o.status,
  expiresAt: o.expiresAt,
  createdAt: o.createdAt,
  reachTownship: o.reachTownship,
  deliveryTownships: o.deliveryTownships,
  preferReturnees: o.preferReturnees,
  dayLabour: o.dayLabour,
  startsAt: o.startsAt,
});

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Workshops, openings and broadcasts: what an employer (or a station acting for one) does. */
export const employerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireApiKey);
  const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema, 409: errorSchema };

  app.post(
    '/workshops',
    { schema: { tags: ['employer'], body: createWorkshopSchema, response: { 201: workshopOut, ...errors } } },
    async (req, reply) => {
      const w = await app.ctx.services.openings.createWorkshop(req.body);
      const { division, ...rest } = w;
      return reply.status(201).send({ ...rest, divisionName: division.fullName });
    },
  );

  app.post(
    '/openings',
    { schema: { tags: ['employer'], body: createOpeningSchema, response: { 201: openingOut, ...errors } } },
    async (req, reply) => reply.status(201).send(toOpening(await app.ctx.services.openings.createOpening(req.body))),
  );

  app.get(
    '/openings/:id',
    {
      schema: {
        tags: ['employer'],
        params: idParams,
        response: { 200: openingOut.extend({ workshop: z.object({ id: z.number(), name: z.string(), form: workFormSchema }), counts: countsOut }), ...errors },
      },
    },
    async (req) => {
      const { opening, counts } = await app.ctx.services.openings.getOpening(req.params.id);
      return { ...toOpening(opening), workshop: { id: opening.workshop.id, name: opening.workshop.name, form: opening.workshop.form }, counts };
    },
  );

  app.post(
    '/openings/:id/broadcast',
    {
      schema: {
        tags: ['employer'],
        params: idParams,
        body: z
          .object({
            dryRun: z.boolean().default(false),
            sendToAll: z.boolean().default(false).describe('Alert everyone who matches at once instead of waves'),
          })
          .default({ dryRun: false, sendToAll: false }),
        response: {
          200: preflightOut.extend({ dryRun: z.literal(true) }),
          202: z.object({ dryRun: z.literal(false), campaignId: z.number(), status: z.string() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const r = await app.ctx.services.openings.broadcast(req.params.id, req.body);
      return r.dryRun ? reply.status(200).send(r) : reply.status(202).send(r);
    },
  );
};
