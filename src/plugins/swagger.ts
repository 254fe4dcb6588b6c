import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * The OpenAPI document (/docs/json) and its page (/docs), generated from the same zod
 * schemas that validate requests, so the documentation cannot drift from the code.
 * Registered before the routes: @fastify/swagger collects routes as they are added.
 */
export const swaggerPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'guiyan 归雁 API',
          version: '1',
          description:
            'Job alerts for doorstep workshops in Honghe. Every /api/v1 call needs `Authorization: Bearer <key>`; a key has a role ' +
            '(admin, caseworker scoped to divisions, employer scoped to one employer). POSTs that create or send accept `Idempotency-Key`. ' +
            'Errors: `{statusCode, error, code, message, requestId, details?}`; `code` is stable (opening.not_open), `message` is English for developers.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
        tags: [
          { name: 'admin', description: 'API keys, employers, audit log (admin keys)' },
          { name: 'employer', description: 'Workshops, openings, broadcasts, applicants (employers; stations for their divisions)' },
          { name: 'caseworker', description: 'Workers, surveys, segments, reminders, call list (stations)' },
        ],
      },
      // The zod schemas become JSON Schema; each /api route also says which roles may call it.
      transform: (args) => {
        const out = jsonSchemaTransform(args);
        if (!args.url.startsWith('/api/')) return out;
        const roles = args.route.config?.roles ?? ['admin'];
        const schema = out.schema as { description?: string };
        const note = `Roles: ${roles.join(', ')}.${args.route.config?.idempotent ? ' Honours Idempotency-Key.' : ''}`;
        return { ...out, schema: { ...out.schema, description: schema.description ? `${schema.description}\n\n${note}` : note } };
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'guiyan-swagger' },
);
