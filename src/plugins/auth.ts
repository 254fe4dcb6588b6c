import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal, Role } from '../domain/access.js';
import { ConflictError, ForbiddenError, UnauthorizedError, ValidationError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * onRequest hook for the API: `Authorization: Bearer <key>`, then the route's roles
     * (`config.roles`, admin only when a route names none). It runs before the body is read,
     * so a stranger is refused (401) before anything they sent is parsed or validated. The
     * route's Idempotency-Key is claimed later, once the body is known (a preHandler).
     */
    requireApiKey: (req: FastifyRequest, reply: FastifyReply) => Promise<undefined>;
  }
  interface FastifyRequest {
    /** Set by requireApiKey: who is calling, for services to enforce scope. */
    principal: Principal;
    idempotencyClaimId?: bigint;
  }
  interface FastifyContextConfig {
    /** Roles allowed to call the route; absent means admin only. */
    roles?: readonly Role[];
    /** POSTs that create or send: honour an Idempotency-Key header. */
    idempotent?: boolean;
  }
}

// Compare digests, not the keys: equal-length buffers for timingSafeEqual whatever was sent.
const digest = (s: string) => createHash('sha256').update(s).digest();

const BOOTSTRAP_ADMIN: Principal = { actor: 'admin:bootstrap', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const IDEMPOTENCY_KEY = /^[\w.:-]{8,200}$/;

/**
 * Bearer keys with roles. ADMIN_API_KEY from config is the bootstrap admin; other keys are
 * stored hashed (api_keys) and carry a role and a scope that services enforce.
 */
export const authPlugin = fp<{ adminKey: string }>(
  async (app, { adminKey }) => {
    const expected = digest(adminKey);
    const { apiKeys, idempotency } = app.ctx.services;
    app.decorateRequest('principal', null as unknown as Principal);

    async function authenticate(req: FastifyRequest): Promise<Principal> {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!m) throw new UnauthorizedError('auth.missing_key', 'missing Authorization: Bearer <api key>');
      if (timingSafeEqual(digest(m[1]!), expected)) return BOOTSTRAP_ADMIN;
      const p = await apiKeys.authenticate(m[1]!);
      if (!p) throw new UnauthorizedError('auth.bad_key', 'invalid or revoked API key; ask an administrator for a new one');
      return p;
    }

    /** Returns true when the request was answered from the stored first answer. */
    async function claimIdempotency(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
      const raw = req.headers['idempotency-key'];
      if (raw === undefined) return false;
      const key = Array.isArray(raw) ? raw[0]! : raw;
      if (!IDEMPOTENCY_KEY.test(key)) {
        throw new ValidationError('idempotency.bad_key', 'Idempotency-Key must be 8–200 letters, digits or . _ : - (a UUID works)');
      }
      const path = req.url.split('?')[0]!;
      // A CSV upload is hashed as its bytes; JSON as its text.
      const body = Buffer.isBuffer(req.body) ? req.body : JSON.stringify(req.body ?? null);
      const hash = createHash('sha256').update(`${req.method} ${req.url}\n`).update(body).digest('hex');
      const claim = await idempotency.claim(req.principal.actor, key, req.method, path, hash);
      switch (claim.state) {
        case 'claimed':
          req.idempotencyClaimId = claim.id;
          return false;
        case 'replay':
          await reply.status(claim.statusCode).header('content-type', 'application/json; charset=utf-8').header('idempotent-replayed', 'true').send(claim.body);
          return true;
        case 'in_progress':
          throw new ConflictError('idempotency.in_progress', 'a request with this Idempotency-Key is still being processed; retry in a few seconds');
      }
      throw new ConflictError('idempotency.key_reused', `this Idempotency-Key was already used for a different request (${claim.method} ${claim.path}); use a new key for a new request`);
    }

    app.decorate('requireApiKey', async (req: FastifyRequest): Promise<undefined> => {
      req.principal = await authenticate(req);
      const roles = req.routeOptions.config.roles ?? ['admin'];
      if (!roles.includes(req.principal.role)) {
        throw new ForbiddenError('auth.role_forbidden', `this key (role ${req.principal.role}) cannot use ${req.method} ${req.routeOptions.url}; it needs a key of role ${roles.join(' or ')}`);
      }
      return undefined;
    });

    // Idempotency-Key on routes that honour it, for callers requireApiKey let in.
    app.addHook('preHandler', async (req, reply) => {
      if (!req.routeOptions.config?.idempotent || !req.principal) return undefined;
      if (await claimIdempotency(req, reply)) return reply;
      return undefined;
    });

    // The first answer is kept for repeats; a 5xx is forgotten so the client's retry runs again.
    app.addHook('onSend', async (req, reply, payload) => {
      const id = req.idempotencyClaimId;
      if (id === undefined) return payload;
      req.idempotencyClaimId = undefined;
      if (reply.statusCode >= 500) await idempotency.release(id);
      else await idempotency.complete(id, reply.statusCode, typeof payload === 'string' ? payload : JSON.stringify(payload ?? null));
      return payload;
    });
  },
  { name: 'guiyan-auth', dependencies: ['guiyan-context'] },
);
