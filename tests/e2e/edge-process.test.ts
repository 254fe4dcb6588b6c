import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { freePort } from '../helpers/delivery.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/env.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

/**
 * The server as its own process (`src/server.ts`), as it runs in production: a request must
 * never end it, SIGTERM stops it cleanly with requests and jobs in flight, and it starts and
 * serves without Redis, reconnecting by itself.
 */
const ADMIN: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };

interface Server {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<number | null>;
  alive(): boolean;
}

async function spawnServer(sys: TestSystem, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: sys.config.REDIS_URL,
      QUEUE_PREFIX: sys.config.QUEUE_PREFIX,
      QUIET_HOURS: '',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      RUN_WORKERS: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (c) => {
      code = c;
      resolve(c);
    }),
  );
  return { child, url: `http://127.0.0.1:${port}`, output, exited, alive: () => code === undefined };
}

const get = (url: string) => fetch(url, { redirect: 'manual' }).catch(() => null);

/** An HTTP/1.1 exchange on a raw socket that stays open (keep-alive) after the answer. */
function rawSocket(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => undefined);
  return { socket, closed, received: () => received };
}

describe('the server process', () => {
  let sys: TestSystem;
  const running: Server[] = [];

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => {
    for (const s of running) if (s.alive()) s.child.kill('SIGKILL');
    await sys?.close();
  });

  it('logs an error that escapes every handler and keeps running', { timeout: 60_000 }, async () => {
    // The net under the handlers (src/process-guard.ts): a throw from a callback and a promise
    // nobody awaited, as a library might produce them; the process must still finish its work.
    const script = [
      "import { pino } from 'pino';",
      "import { guardProcess } from './src/process-guard.ts';",
      'guardProcess(pino());',
      "setTimeout(() => { throw new Error('thrown from a callback'); }, 10);",
      "setTimeout(() => void Promise.reject(new Error('rejected, never awaited')), 20);",
      "setTimeout(() => { console.log('still running'); process.exit(0); }, 200);",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toContain('still running');
    expect(out).toContain('thrown from a callback');
    expect(out).toContain('rejected, never awaited');
  });

  it('keeps serving after a crafted sign-in link and a CR/LF in a console path', { timeout: 90_000 }, async () => {
    await sys.ctx.db.$executeRawUnsafe('TRUNCATE console_users RESTART IDENTITY CASCADE');
    await sys.ctx.services.consoleUsers.create(ADMIN, { name: 'station', password: 'station-password', role: 'caseworker', divisionPrefixes: ['532528'] });
    const worker = await sys.ctx.services.caseworker.registerWorker(ADMIN, { phone: '13800006001', division: '532528102', skills: [], workForms: [], returnee: false, consent: true });
    const server = await spawnServer(sys);
    running.push(server);
    await waitFor(async () => (await get(`${server.url}/healthz`))?.ok === true, 'the server answers', 60_000);

    // The crafted link: the victim opens it and signs in; the form carries next= back.
    const form = await fetch(`${server.url}/console/login?next=${encodeURIComponent('/console/\r\nx')}`);
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
    const page = await form.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const signIn = await fetch(`${server.url}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, name: 'station', password: 'station-password', next: '/console/\r\nx' }).toString(),
    }).catch(() => null);
    expect(signIn?.status).toBe(303);
    expect(signIn?.headers.get('location')).toBe('/console');
    // The browser keeps the sign-in page's cookies (its CSRF secret) beside the new session.
    const session = [cookie, ...signIn!.headers.getSetCookie().map((c) => c.split(';')[0]!)].join('; ');
    expect(server.alive()).toBe(true);

    // A caseworker saves a worker under a path ending in CR/LF.
    const edit = await fetch(`${server.url}/console/workers/${worker.id}`, { headers: { cookie: session } });
    const token = /name="_csrf" value="([^"]+)"/.exec(await edit.text())![1]!;
    const crlf = await fetch(`${server.url}/console/workers/${worker.id}%0D%0A`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, phone: '13800006001', division: '532528102', name: '李四' }).toString(),
    }).catch(() => null);
    expect(crlf?.status).toBe(404);

    await new Promise((r) => setTimeout(r, 300));
    expect(server.alive(), server.output.join('')).toBe(true);
    expect((await get(`${server.url}/healthz`))?.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('on SIGTERM stops taking jobs first, closes idle connections, answers the request in flight and exits 0', { timeout: 90_000 }, async () => {
    await resetData(sys.ctx.db);
    const server = await spawnServer(sys, { RUN_WORKERS: 'true', SHUTDOWN_TIMEOUT_MS: '30000' });
    running.push(server);
    await waitFor(async () => (await get(`${server.url}/readyz`))?.ok === true, 'the server is ready', 60_000);

    // An idle keep-alive connection, and a push whose body is half sent.
    const idle = rawSocket(server.url);
    idle.socket.write('GET /healthz HTTP/1.1\r\nHost: guiyan\r\n\r\n');
    await waitFor(async () => idle.received().includes('"ok"'), 'the idle connection was answered');
    const body = JSON.stringify([{ phone_number: '13800006101', content: '帮助', sequence_id: 'sigterm-1' }]);
    const inFlight = rawSocket(server.url);
    inFlight.socket.write(`POST /webhooks/aliyun/sms-up HTTP/1.1\r\nHost: guiyan\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    inFlight.socket.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 200));

    server.child.kill('SIGTERM');
    await waitFor(async () => server.output.join('').includes('workers stopped taking jobs'), 'the workers stopped', 30_000);
    await idle.closed; // closed by the server, not left open until the timeout

    // A job queued now waits for the next process instead of running in this one.
    const row = await sys.ctx.db.inboundMessage.create({
      data: { provider: 'aliyun', providerMessageId: 'sigterm-queued', channel: 'sms', sender: '13800006102', content: '帮助', raw: {} },
    });
    await sys.ctx.queues.add('inbound', { inboundId: row.id.toString() }, { jobId: `in-${row.id}` });

    inFlight.socket.write(body.slice(10));
    await inFlight.closed;
    expect(inFlight.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(inFlight.received()).toContain('"code":0');
    expect(await server.exited, server.output.join('')).toBe(0);

    // The push was stored; neither message was read by the stopping process.
    const stored = await sys.ctx.db.inboundMessage.findMany({ orderBy: { id: 'asc' } });
    expect(stored.map((m) => [m.sender, m.processedAt])).toEqual([
      ['13800006102', null],
      ['13800006101', null],
    ]);
    expect(await sys.ctx.queues.queue('inbound').getJobState(sys.ctx.queues.jobId(`in-${row.id}`))).toBe('waiting');
  });

  it('starts and listens with Redis unreachable, says so, and reconnects by itself', { timeout: 120_000 }, async () => {
    await resetData(sys.ctx.db);
    const target = new URL(TEST_REDIS_URL);
    const proxy: TcpProxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) }, { startDown: true });
    try {
      const server = await spawnServer(sys, { RUN_WORKERS: 'true', REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_COMMAND_TIMEOUT_MS: '1000' });
      running.push(server);
      await waitFor(async () => (await get(`${server.url}/healthz`))?.ok === true, 'the server listens', 60_000);
      const ready = await get(`${server.url}/readyz`);
      expect(ready?.status).toBe(503);
      const checks = ((await ready!.json()) as { checks: Record<string, string> }).checks;
      expect(checks.postgres).toBe('ok');
      expect(checks.redis).toMatch(/Redis unreachable/);
      expect(server.output.join('')).toContain('Redis is unreachable');

      const push = () =>
        fetch(`${server.url}/webhooks/aliyun/sms-up`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([{ phone_number: '13800006201', content: '帮助', sequence_id: 'no-redis-1' }]),
        });
      expect((await push()).status).toBe(503);

      await proxy.up();
      await waitFor(async () => (await get(`${server.url}/readyz`))?.status === 200, 'ready once Redis is there', 30_000);
      expect((await push()).status).toBe(200);
      await waitFor(
        async () => (await sys.ctx.db.inboundMessage.findFirst({ where: { sender: '13800006201' } }))?.processedAt != null,
        'the text read and answered by the workers',
        30_000,
      );
      server.child.kill('SIGTERM');
      expect(await server.exited, server.output.join('')).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
