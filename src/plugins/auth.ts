import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { UnauthorizedError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler for the API: `Authorization: Bearer <key>`. */
    requireApiKey: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

// Compare digests, not the keys: equal-length buffers for timingSafeEqual whatever was sent.
const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer-key check. For now the admin key opens everything; roles and scoped keys build on this. */
export const authPlugin = fp<{ adminKey: string }>(
  async (app, { adminKey }) => {
    const expected = digest(adminKey);
    app.decorate('requireApiKey', async (req: FastifyRequest) => {
      const header = req.headers.authorization ?? '';
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new UnauthorizedError('missing Authorization: Bearer <api key>');
      if (!timingSafeEqual(digest(m[1]!), expected)) throw new UnauthorizedError('invalid API key');
    });
  },
  { name: 'guiyan-auth' },
);
