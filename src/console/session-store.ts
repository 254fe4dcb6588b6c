import type { RedisClient } from '../redis.js';
import type { FastifySessionObject } from '@fastify/session';

type Callback = (err?: unknown) => void;

/**
 * Console sessions in Redis, so any API process can serve any request. Each session is one
 * key that expires with the cookie; a sign-out deletes it at once.
 */
export class RedisSessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  private key(id: string) {
    return `${this.prefix}sess:${id}`;
  }

  set(id: string, session: FastifySessionObject, cb: Callback) {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : 0;
    const ttl = expires ? Math.max(1, Math.ceil((expires - Date.now()) / 1000)) : this.ttlSeconds;
    this.redis.set(this.key(id), JSON.stringify(session), 'EX', ttl).then(() => cb(), cb);
  }

  get(id: string, cb: (err: unknown, session?: FastifySessionObject | null) => void) {
    this.redis.get(this.key(id)).then(
      (s) => cb(null, s ? (JSON.parse(s) as FastifySessionObject) : null),
      (err) => cb(err),
    );
  }

  destroy(id: string, cb: Callback) {
    this.redis.del(this.key(id)).then(() => cb(), cb);
  }
}
