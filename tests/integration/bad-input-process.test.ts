import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/domain/access.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { CONSOLE_PASSWORD, signIn } from '../helpers/battery/fixtures.js';
import { ServerProcess } from '../helpers/battery/server-process.js';
import { send } from '../helpers/battery/wire.js';

/**
 * The bad-input battery's checks that need the real process (issue 11, findings 1, 2 and 5):
 * src/server.ts runs in a child process, as in production, so that "the process exits" and
 * "the event loop stalls" are observed, not inferred. After each attack the process must still
 * be running and ready; if it died, the test says so (with its last words), and the next test
 * starts it again.
 */
const BOOTSTRAP: Principal = { actor: 'battery', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };

describe('bad input against the server process', () => {
  const server = new ServerProcess();
  let local: TestSystem;
  let workerId = 0;

  beforeAll(async () => {
    // The same database and queue prefix as the child: for rows, users and the cleanup.
    local = await startSystem({ workers: false, env: { QUEUE_PREFIX: server.prefix } });
    await resetData(local.ctx.db);
    await local.ctx.db.$executeRawUnsafe('TRUNCATE console_users RESTART IDENTITY CASCADE');
    await local.ctx.services.consoleUsers.create(BOOTSTRAP, { name: 'proc-station', password: CONSOLE_PASSWORD, role: 'caseworker', divisionPrefixes: ['532528'] });
    const w = await local.ctx.db.worker.create({ data: { phone: '13800000610', name: '进程测试', divisionCode: '532528102', skills: ['缝纫'] } });
    workerId = w.id;
    await server.start();
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    await local?.close();
  }, 60_000);

  /** Runs an attack; returns a problem when the process died or is not ready afterwards. */
  async function survives(what: string, attack: () => Promise<unknown>): Promise<string | null> {
    if (!server.alive) await server.start();
    await attack().catch(() => undefined);
    await server.settle();
    if (!server.alive) return `${what} → the process exited (code ${server.child?.exitCode}, ${server.child?.signalCode ?? 'no signal'}): ${lastError(server.output)}`;
    const ready = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);
    return ready === 200 ? null : `${what} → /readyz answered ${ready || 'nothing'} afterwards`;
  }

  it('answers /webhooks/wechat with 404 in the usual shape while WeChat is off', async () => {
    for (const method of ['GET', 'POST']) {
      const o = await send(server.port, { method, target: '/webhooks/wechat?signature=x&timestamp=1&nonce=1', headers: [['content-type', 'text/xml']], body: method === 'POST' ? '<xml/>' : undefined });
      expect(o.kind).toBe('response');
      if (o.kind !== 'response') continue;
      expect(o.res.status, `${method} /webhooks/wechat`).toBe(404);
      expect(JSON.parse(o.res.text)).toMatchObject({ statusCode: 404, error: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
    }
  });

  // The crafted link puts next= into the sign-in form; whoever signs in through it sends it back.
  // (The in-process battery tries more values; one is enough to see the process itself.)
  it('survives a sign-in through a next= link holding CR/LF, and lands on a console page', { timeout: 180_000 }, async () => {
    const next = '/console/\r\nX-Evil: 1';
    let location: string | null = null;
    const problem = await survives(`sign-in with next=${JSON.stringify(next)}`, async () => {
      const { res } = await signIn(server.url, 'proc-station', CONSOLE_PASSWORD, next);
      location = res.status === 303 ? res.headers.get('location') : `status ${res.status}`;
    });
    expect(problem).toBeNull();
    expect(location).toMatch(/^\/console(?:[/?][\x21-\x7e]*)?$/);
  });

  it('survives a caseworker saving a worker at POST /console/workers/<id>%0D%0A', { timeout: 180_000 }, async () => {
    const problem = await survives('POST /console/workers/<id>%0D%0A', async () => {
      const { session } = await signIn(server.url, 'proc-station');
      if (!session) throw new Error('sign-in failed');
      const body = new URLSearchParams({ phone: '13800000610', name: '回车', division: '532528102', skills: '缝纫', status: 'active' }).toString();
      await send(server.port, {
        method: 'POST',
        target: `/console/workers/${workerId}%0D%0A`,
        headers: [['cookie', session.cookie], ['x-csrf-token', session.csrf], ['content-type', 'application/x-www-form-urlencoded']],
        body,
      });
    });
    expect(problem).toBeNull();
  });

  // A safety property, not a benchmark: the target is ~100 ms for anything one request
  // carries; the bound here is a generous 1 s so that a loaded test machine does not fail it,
  // while today's reader blocks the loop for minutes on this text. Measured inside the server
  // process with perf_hooks.monitorEventLoopDelay; a loop that cannot even answer the probe
  // within the bound is blocked, and the test stops there instead of waiting minutes.
  it('refuses a 1,000,000-character push and handles a 320,000-character text without blocking the event loop for more than 1 s', { timeout: 180_000 }, async () => {
    const BOUND_MS = 1000;
    if (!server.alive) await server.start();
    expect(await server.ask('reset')).not.toBeNull();
    const phone = '13700000999';
    const sequence = `big-${Date.now()}`;
    const push = (content: string, seq: string) =>
      fetch(`${server.url}/webhooks/aliyun/sms-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ phone_number: phone, content, send_time: '2026-11-29 10:00:00', dest_code: '1234', sequence_id: seq }]),
        signal: AbortSignal.timeout(10_000),
      });
    // The attack: one text of 1,000,000 characters (3 MB). The SmsUp route takes what
    // Aliyun really sends (docs/inbound-limits.md), so it is refused at the door.
    const huge = '我想找缝纫的工作'.repeat(125_000);
    expect(huge.length).toBe(1_000_000);
    expect((await push(huge, `${sequence}-huge`)).status).toBe(413);
    // A text far beyond any phone's (320,000 characters, under the route's body limit) is taken, clipped and read.
    const content = '我想找缝纫的工作'.repeat(40_000);
    expect(content.length).toBe(320_000);
    const res = await push(content, sequence);
    expect(res.status).toBe(200);
    const db = local.ctx.db;
    const deadline = Date.now() + 30_000;
    let handled = false;
    let blocked = false;
    while (Date.now() < deadline) {
      // The probe answers within the bound only if the loop is free.
      if ((await server.ask('read', BOUND_MS)) === null) {
        blocked = true;
        break;
      }
      const row = await db.inboundMessage.findFirst({ where: { providerMessageId: `${phone}:${sequence}` }, select: { processedAt: true } });
      if (row?.processedAt) {
        handled = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (blocked) {
      // Do not wait out the stall: the next tests need a process that answers.
      server.kill();
      expect.fail(`the event loop did not answer within ${BOUND_MS} ms while the text was handled`);
    }
    const delay = await server.ask<{ maxMs: number; p99Ms: number }>('read', BOUND_MS);
    expect(delay, 'the probe answers').not.toBeNull();
    expect(handled, 'the text was handled (processed) within 30 s').toBe(true);
    expect(delay!.maxMs).toBeLessThanOrEqual(BOUND_MS);
    // The text was read and answered like any other.
    await waitFor(() => db.notification.findFirst({ where: { phone } }), 'a reply to the long text', 10_000);
  });
});

const lastError = (output: string) =>
  output
    .split('\n')
    .filter((l) => /Error|ERR_|throw/.test(l))
    .slice(-2)
    .join(' | ')
    .slice(0, 300) || output.slice(-300);
