import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiKeySchema } from '../../services/access/api-key-service.js';
import { createEmployerSchema } from '../../services/access/employer-accounts.js';
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

const ladderSettingOut = z.object({
  divisionCode: z.string(),
  enabled: z.boolean(),
  voice: z.boolean(),
  callTask: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: z.date(),
});

const employerOut = z.object({ id: z.number(), name: z.string(), contactPhone: z.string().nullable(), createdAt: z.date() });

/** Administration: API keys, employers, the audit log. Admin keys only (the default for routes). */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireApiKey);
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
        body: createEmployerSchema,
        response: { 201: employerOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await app.ctx.services.employerAccounts.create(req.principal, req.body)),
  );

  app.put(
    '/ladder-settings/:division',
    {
      schema: {
        tags,
        summary: "A station's ladder switches (docs/ladder.md): on for workers whose place starts with this township or county code",
        params: z.object({ division: z.string().regex(/^\d{6}(\d{3})?$/, 'a county (6 digits) or township (9 digits) code') }),
        body: z.object({
          enabled: z.boolean().describe('Run the ladder for alerts to this place'),
          voice: z.boolean().optional().describe('A call after SMS (default true)'),
          callTask: z.boolean().optional().describe('A caseworker call task at the end (default true)'),
        }),
        response: { 200: ladderSettingOut, ...errorResponses },
      },
    },
    async (req) => app.ctx.services.ladder.setFlags(req.principal, req.params.division, req.body),
  );

  app.get('/employers', { schema: { tags, response: { 200: z.array(employerOut), ...errorResponses } } }, async () =>
    app.ctx.services.employerAccounts.list(),
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
          beforeId: z.coerce.bigint().min(1n).max(9_223_372_036_854_775_807n).optional().describe('page: ids below this one'),
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
