import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from './context.js';

/** What warm-up needs of the app: an injected request, and Fastify's request handler. */
interface Injectable {
  inject(opts: { method: 'POST'; url: string; payload: unknown }): Promise<unknown>;
  /** The app's request handler (`app.routing`, Fastify's own), to serve pushes over a socket. */
  routing?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Warms a process before it takes traffic (issue #15): a process started in the middle of a
 * reply storm — a deploy, a crash, a new worker — would otherwise answer its first seconds
 * several times slower while it opens database connections one request at a time, builds the
 * reader's tables and prepares its statements. Opens the whole database pool, reads texts of
 * each kind, runs the inbound statements on no rows, and sends the webhook an empty push.
 * Changes nothing; a step that fails is logged and skipped (the process starts anyway: /readyz
 * says what is missing).
 */
const STEP_TIMEOUT_MS = 3000;
/** Empty pushes the webhook is sent (a few ms each: the JIT compiles what they run). */
const WARM_PUSHES = 300;
/** Empty pushes sent over loopback sockets, some at a time, and the time they may take at most. */
const WARM_HTTP_PUSHES = 1000;
const WARM_HTTP_LANES = 8;
const WARM_HTTP_MS = 2000;

/**
 * Sends `pushes` empty pushes to `path` through a server of its own on a loopback port that
 * hands each request to `routing` (the app's handler), `WARM_HTTP_LANES` at a time on kept-alive
 * connections, for at most WARM_HTTP_MS. `inject` skips Node's HTTP server — the parser, the
 * request and response objects, the socket's reads and writes — which a process answered its
 * first seconds of a storm in as cold code (docs/reply-storm.md, round 7). Stores nothing.
 */
async function pushOverHttp(routing: NonNullable<Injectable['routing']>, path: string, pushes = WARM_HTTP_PUSHES): Promise<void> {
  const server = createServer((req, res) => routing(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: WARM_HTTP_LANES });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': 2 } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end('[]');
    });
  const until = performance.now() + WARM_HTTP_MS;
  try {
    for (let i = 0; i < pushes && performance.now() < until; i += WARM_HTTP_LANES) await Promise.all(Array.from({ length: WARM_HTTP_LANES }, post));
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function warmUp(ctx: AppContext, app?: Injectable, opts: { workers?: boolean } = {}): Promise<void> {
  const started = performance.now();
  const token = ctx.config.WEBHOOK_TOKEN ? `?token=${encodeURIComponent(ctx.config.WEBHOOK_TOKEN)}` : '';
  const pool = ctx.config.DATABASE_POOL_MAX;
  const steps: [string, () => Promise<unknown>][] = [
    ['database pool', () => Promise.all(Array.from({ length: pool }, () => ctx.db.$queryRaw`SELECT 1`))],
    ['redis', () => ctx.redis.ping()],
    // The workers' own connection (blocking commands wait on it), opened before the first job.
    ...(opts.workers ? [['worker redis', () => ctx.workerRedis().ping()] as [string, () => Promise<unknown>]] : []),
    ['inbound statements', () => ctx.services.inbound.warmUp(pool)],
    ['conversation', () => ctx.services.conversation.warmUp(pool)],
  ];
  // Empty pushes, many: the route's parsing, hooks and answer compiled before the first real one.
  if (app) steps.push(['sms-up route', async () => {
    for (let i = 0; i < WARM_PUSHES; i += 10) await Promise.all(Array.from({ length: 10 }, () => app.inject({ method: 'POST', url: `/webhooks/aliyun/sms-up${token}`, payload: [] })));
  }]);
  // Then over a socket, through Node's HTTP server as the pushes will come (after `inject`, which
  // makes the app ready).
  if (app?.routing) steps.push(['sms-up over http', () => pushOverHttp(app.routing!.bind(app), `/webhooks/aliyun/sms-up${token}`)]);
  const failed: string[] = [];
  for (const [name, step] of steps) {
    let timer: NodeJS.Timeout | undefined;
    try {
      // A database or Redis that does not answer must not hold the start: the step is dropped.
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
      });
      await Promise.race([step(), late]);
    } catch (err) {
      failed.push(name);
      ctx.log.warn({ step: name, err: String(err) }, 'warm-up step failed; the process starts anyway');
    } finally {
      clearTimeout(timer);
    }
  }
  ctx.log.info({ ms: Math.round(performance.now() - started), failed }, 'warmed up');
}
