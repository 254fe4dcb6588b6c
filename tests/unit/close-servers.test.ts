import http from 'node:http';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { closeServers, serverOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

/**
 * A keep-alive connection whose request is still running when close() starts stays open after it
 * is answered until keepAliveTimeout, unless someone closes it: closeServers does, so a process
 * (or a test's teardown) that closes while a push is in flight does not hang for 72 s.
 */
describe('closeServers', () => {
  const slowServer = async () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://127.0.0.1/none', HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000' });
    const app = Fastify(serverOptions(config));
    let arrived: () => void = () => undefined;
    const running = new Promise<void>((r) => (arrived = r));
    app.get('/slow', async () => {
      arrived();
      await new Promise((r) => setTimeout(r, 300));
      return { ok: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    return { app, port: (app.server.address() as { port: number }).port, running };
  };

  const get = (port: number, agent: http.Agent) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/slow', agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });

  it('answers the request in flight and then closes its keep-alive connection at once', { timeout: 20_000 }, async () => {
    const { app, port, running } = await slowServer();
    const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    try {
      const answer = get(port, agent);
      await running; // the handler has the request
      const closing = closeServers(app);
      expect(await answer).toEqual({ status: 200, body: '{"ok":true}' });
      // app.close() alone would wait here for keepAliveTimeout (60 s); this test's timeout is 20 s.
      await closing;
      expect(app.server.listening).toBe(false);
    } finally {
      agent.destroy();
    }
  });

  it('takes nulls (a server a process does not run) and closes the others', async () => {
    const { app } = await slowServer();
    await closeServers(null, app, undefined);
    expect(app.server.listening).toBe(false);
  });
});
