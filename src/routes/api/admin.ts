import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { normalizePhone } from '../../domain/phone.js';
import { ValidationError } from '../../errors.js';
import { createApiKeySchema } from '../../services/api-key-service.js';
import { errorResponses, idempotencyHeader, idParams } from './schemas.js';

const apiKeyOut = z.object({
  id: z.number(),
  name: z.string(),
  role: z.enum(['admin', 'caseworker', 'employer']),
  keyPrefix: z.string().describe('The first characters of the key, to tell keys apart'),
  divisionPrefixes: z.array(z.string()),
  employerId: z.number().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});

const employerOut = z.object({ id: z.number(), name: z.string(), contactPhone: z.string().nullable(), createdAt: z.date() });

/** Administration: API keys, employers, the audit log. Admin keys only (the default for routes). */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireApiKey);
  const tags = ['admin'];
  const { apiKeys, audit } = app.ctx.services;

  app.post(
    '/api-keys',
    {
      config: { idempotent: true },
      schema: {
        tags,
        summary: 'Create an API key; the key is in this answer only',
        headers: idempotencyHeader,
        body: createApiKeySchema,
        response: { 201: apiKeyOut.extend({ key: z.string().describe('Shown once: store it now') }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await apiKeys.create(req.principal, req.body)),
  );

  app.get('/api-keys', { schema: { tags, response: { 200: z.array(apiKeyOut), ...errorResponses } } }, async () => apiKeys.list());

  app.delete(
    '/api-keys/:id',
    { schema: { tags, summary: 'Revoke a key: it stops working at once', params: idParams, response: { 200: apiKeyOut, ...errorResponses } } },
    async (req) => apiKeys.revoke(req.principal, req.params.id),
  );

  app.post(
    '/employers',
    {
      config: { idempotent: true },
      schema: {
        tags,
        headers: idempotencyHeader,
        body: z.object({ name: z.string().trim().min(1).max(60), contactPhone: z.string().trim().optional() }),
        response: { 201: employerOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const phone = req.body.contactPhone ? normalizePhone(req.body.contactPhone) : null;
      if (req.body.contactPhone && !phone) throw new ValidationError('contactPhone: not a mainland mobile number');
      const e = await app.ctx.db.$transaction(async (tx) => {
        const row = await tx.employer.create({ data: { name: req.body.name, contactPhone: phone } });
        await audit.record(req.principal, 'employer.create', 'employer', row.id, null, row, tx);
        return row;
      });
      return reply.status(201).send(e);
    },
  );

  app.get('/employers', { schema: { tags, response: { 200: z.array(employerOut), ...errorResponses } } }, async () =>
    app.ctx.db.employer.findMany({ orderBy: { id: 'asc' } }),
  );

  app.get(
    '/audit-log',
    {
      schema: {
        tags,
        summary: 'Writes, newest first',
        querystring: z.object({
          entity: z.string().optional(),
          entityId: z.string().optional(),
          actor: z.string().optional().describe('key:<id> or admin:bootstrap'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          beforeId: z.coerce.bigint().optional().describe('page: ids below this one'),
        }),
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              actor: z.string(),
              role: z.string(),
              action: z.string(),
              entity: z.string(),
              entityId: z.string().nullable(),
              before: z.unknown(),
              after: z.unknown(),
              createdAt: z.date(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => (await audit.list(req.query)).map((r) => ({ ...r, id: r.id.toString() })),
  );
};
