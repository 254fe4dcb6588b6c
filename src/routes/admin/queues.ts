import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { QueueClient } from '../../queues/queue-client.js';
import { z } from 'zod';
import { AppError, HTTP_STATUS_BY_ERROR, NotFoundError, UnauthorizedError } from '../../errors.js';
import { queueNames, type QueueName } from '../../queues/catalog.js';
import { tokenMatches } from '../../plugins/webhook-guard.js';

const BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every queue of the catalog, at `basePath`, inside the caller's scope (which
 * decides who may see it: the admin key here, a signed-in console admin under /console).
 */
export async function mountBullBoard(scope: FastifyInstance, queues: QueueClient, at: { basePath: string; prefix: string }): Promise<void> {
  // Whatever an operator does on the board (pause, resume, retry, clean, …) goes into the audit
  // log, before the answer is sent: /api/queues/:queueName/pause becomes `queue.pause`.
  scope.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'GET' || req.method === 'HEAD' || reply.statusCode >= 400 || !req.principal) return payload;
    const route = (req.routeOptions.url ?? '').split('/api/')[1] ?? '';
    const verb = route.split('/').filter((p) => p && p !== 'queues' && !p.startsWith(':'));
    const params = (req.params ?? {}) as Record<string, string>;
    await scope.ctx.services.audit.record(req.principal, `queue.${verb.join('.') || 'board'}`, 'queue', params.queueName ?? '*', null, { ...params, via: 'board' });
    return payload;
  });
  // Bull Board reads only queue names and job ids, and answers every error itself (as a 500),
  // so the app's NUL check (src/plugins/errors.ts) would only turn a 400 into a 500 here.
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), cleansOwnText: true };
  });
  const serverAdapter = new FastifyAdapter();
  createBullBoard({ queues: queueNames.map((n) => new BullMQAdapter(queues.queue(n))), serverAdapter });
  // basePath: the full URL path, for the board's own links; prefix: the path within `scope`.
  serverAdapter.setBasePath(at.basePath);
  await scope.register(serverAdapter.registerPlugin(), { prefix: at.prefix });
}

/**
 * Operators: Bull Board at /admin/queues, and pausing/resuming a queue. Sending pauses itself on
 * a balance or account error (isv.AMOUNT_NOT_ENOUGH, …); after topping up, an operator resumes
 * it with `POST /api/v1/admin/queues/notify/resume`. Everything here needs the admin key, and
 * every pause and resume is in the audit log.
 */
export const adminQueueRoutes: FastifyPluginAsyncZod = async (app) => {

  await app.register(async (board) => {
    // Bull Board installs its own error handler (every error a 500), so the key check answers
    // itself here instead of throwing: 401 without a valid key, 403 for a key that is not admin.
    board.addHook('onRequest', async (req, reply) => {
      try {
        await app.requireApiKey(req, reply);
      } catch (err) {
        const status = err instanceof AppError ? HTTP_STATUS_BY_ERROR.get(err.constructor) : undefined;
        if (!status) throw err;
        const error = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Error';
        return reply.status(status).send({ statusCode: status, error, code: (err as AppError).code, message: (err as AppError).message, requestId: req.id });
      }
      return undefined;
    });
    await mountBullBoard(board, app.ctx.queues, { basePath: BOARD_PATH, prefix: BOARD_PATH });
  });

  const params = z.object({ name: z.string() });
  const stateOut = z.object({ queue: z.string(), paused: z.boolean() });
  const queueOf = (name: string) => {
    if (!queueNames.includes(name as QueueName)) throw new NotFoundError('queue.not_found', `no queue ${name}; known: ${queueNames.join(', ')}`, { params: { name } });
    return app.ctx.queues.queue(name as QueueName);
  };

  app.post('/api/v1/admin/queues/:name/resume', { onRequest: app.requireApiKey, schema: { tags: ['admin'], params, response: { 200: stateOut } } }, async (req) => {
    const q = queueOf(req.params.name);
    const before = await q.isPaused();
    await q.resume();
    if (req.params.name === 'notify') app.ctx.metrics.accountPaused.set(0);
    req.log.warn({ queue: req.params.name, actor: req.principal.actor }, 'queue resumed by an operator');
    const paused = await q.isPaused();
    await app.ctx.services.audit.record(req.principal, 'queue.resume', 'queue', req.params.name, { paused: before }, { paused });
    return { queue: req.params.name, paused };
  });

  app.post('/api/v1/admin/queues/:name/pause', { onRequest: app.requireApiKey, schema: { tags: ['admin'], params, response: { 200: stateOut } } }, async (req) => {
    const q = queueOf(req.params.name);
    const before = await q.isPaused();
    await q.pause();
    req.log.warn({ queue: req.params.name, actor: req.principal.actor }, 'queue paused by an operator');
    const paused = await q.isPaused();
    await app.ctx.services.audit.record(req.principal, 'queue.pause', 'queue', req.params.name, { paused: before }, { paused });
    return { queue: req.params.name, paused };
  });
};

/**
 * Prometheus scrape endpoint. With a token it needs `Authorization: Bearer <token>`; without
 * one it is open, for a port that is not public (METRICS_PORT, WORKER_METRICS_PORT) or a
 * development machine (src/app.ts decides where it is served).
 */
export const metricsRoutes: FastifyPluginAsyncZod<{ token?: string }> = async (app, { token }) => {
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (token) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!tokenMatches(token, m?.[1])) throw new UnauthorizedError('metrics.unauthorized', '/metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    const { registry } = app.ctx.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};
