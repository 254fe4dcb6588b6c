import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const checkTimeoutMs = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}

/** Liveness (the process answers) and readiness (PostgreSQL and Redis answer too). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/readyz',
    {
      schema: {
        hide: true,
        response: {
          200: z.object({ status: z.string(), checks: z.record(z.string(), z.string()) }),
          503: z.object({ status: z.string(), checks: z.record(z.string(), z.string()) }),
        },
      },
    },
    async (_req, reply) => {
      const checks: Record<string, string> = {};
      await Promise.all([
        withTimeout(app.ctx.db.$queryRaw`SELECT 1`, checkTimeoutMs).then(
          () => (checks.postgres = 'ok'),
          (e: Error) => (checks.postgres = e.message),
        ),
        withTimeout(
          // A keyed read under the prefix, not a PING: on a cluster it goes to the master that
          // serves every guiyan key (docs/redis.md), not to any node that happens to be up.
          app.ctx.redis.status === 'ready'
            ? app.ctx.redis.exists(`${app.ctx.config.QUEUE_PREFIX}:readyz`)
            : Promise.reject(new Error(`Redis unreachable (connection ${app.ctx.redis.status})`)),
          checkTimeoutMs,
        ).then(
          () => (checks.redis = 'ok'),
          (e: Error) => (checks.redis = e.message),
        ),
      ]);
      const ok = Object.values(checks).every((v) => v === 'ok');
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );
};
