import fp from 'fastify-plugin';
import type { AppContext } from '../context.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

/**
 * Exposes the shared context (database, Redis, queues, services) to routes. When the app
 * owns the context it also closes it, so `app.close()` is the whole HTTP shutdown.
 */
export const contextPlugin = fp<{ ctx: AppContext; owned: boolean }>(
  async (app, { ctx, owned }) => {
    app.decorate('ctx', ctx);
    if (owned) app.addHook('onClose', async () => ctx.close());
  },
  { name: 'guiyan-context' },
);
