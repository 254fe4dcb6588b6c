// Open-loop load for bench/inbound.ts (issue #15): pushes arrive at a fixed rate whatever the
// service answers, as Aliyun's pushes and a reply storm do, against guiyan running as its own
// OS process (started here, so a cold start can be measured from its first second).
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Server {
  base: string;
  /** When the process answered /healthz, ms after it was spawned. */
  startedInMs: number;
  /** CPU time the process has used so far (user + system, ms; Linux /proc), NaN where unknown. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * Starts `src/server.ts` in a new Node process with `env` and waits until /healthz answers.
 * `root`: the checkout to run (default this one), so that two builds can be measured in one run.
 */
export async function startServer(env: Record<string, string>, port: number, root = ROOT): Promise<Server> {
  const spawnedAt = Date.now();
  // BENCH_NODE_ARGS: extra Node flags for guiyan's process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: env.LOG_LEVEL ?? 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  // BENCH_SERVER_LOG: a file that keeps everything guiyan's processes log (warn and above).
  const logTo = process.env.BENCH_SERVER_LOG;
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    if (logTo) appendFileSync(logTo, d);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`guiyan exited (${child.exitCode}) before answering:\n${stderr}`);
    if (Date.now() - spawnedAt > 60_000) throw new Error(`guiyan did not answer within 60 s:\n${stderr}`);
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    base,
    startedInMs: Date.now() - spawnedAt,
    cpuMs: () => processCpuMs(child.pid),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * CPU a process has used (user + system), in ms, from /proc/<pid>/stat (clock ticks of 10 ms,
 * the kernel's USER_HZ on Linux): a measure that depends far less on the machine's other load
 * than the times do (docs/reply-storm.md, round 4).
 */
export function processCpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** CPU (user + system, ms) of one process by pid, from /proc; NaN once it is gone. */
const pidCpuMs = (pid: number) => processCpuMs(pid);

/**
 * CPU the PostgreSQL backends of one client have used, from /proc (PostgreSQL on this machine):
 * `pids()` lists the backends (pg_stat_activity by application_name). Sampled every
 * `everyMs`, so a backend that ends between samples loses at most that much of its CPU; a
 * backend that starts after `start()` counts from zero.
 */
export function backendCpu(pids: () => Promise<number[]>, everyMs = 100) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let sampling: Promise<void> = Promise.resolve();
  let started = false;
  const sample = async () => {
    for (const pid of await pids()) {
      const v = pidCpuMs(pid);
      if (Number.isNaN(v)) continue;
      if (!first.has(pid)) first.set(pid, started ? 0 : v);
      last.set(pid, v);
    }
  };
  return {
    async start() {
      await sample();
      started = true;
      timer = setInterval(() => {
        sampling = sampling.then(sample, () => undefined);
      }, everyMs);
    },
    /** ms of CPU since start(), over every backend seen. */
    async stop(): Promise<number> {
      clearInterval(timer);
      await sampling;
      await sample();
      let ms = 0;
      for (const [pid, v] of last) ms += v - (first.get(pid) ?? 0);
      return ms;
    },
  };
}

export interface Push {
  phone: string;
  content: string;
  sequence: string;
}

export interface LoadResult {
  sent: number;
  /** Answer time of each push in ms (HTTP 200 only). */
  latencies: number[];
  failed: number;
  /** Why pushes failed: HTTP status or socket error code, with counts. */
  reasons: Record<string, number>;
  /** How late the generator itself fired, at the worst (a busy load generator skews the figures). */
  maxLagMs: number;
  /** Wall time when the first push was fired, and when the last answer came. */
  startedAt: number;
  endedAt: number;
}

/**
 * Fires `rate` one-text pushes a second for `seconds` at `${base}/webhooks/aliyun/sms-up`,
 * each at its scheduled time whether or not earlier ones were answered (open loop).
 */
export async function pushAtRate(base: string, rate: number, seconds: number, next: (i: number) => Push): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const url = new URL(`${base}/webhooks/aliyun/sms-up`);
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failed = 0;
  const reasons: Record<string, number> = {};
  const fail = (why: string) => {
    failed++;
    reasons[why] = (reasons[why] ?? 0) + 1;
  };
  let maxLagMs = 0;
  const inFlight: Promise<void>[] = [];
  const startedAt = Date.now();
  const t0 = performance.now();
  let i = 0;
  const one = (p: Push) =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify([{ phone_number: p.phone, content: p.content, send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: p.sequence }]);
      const sentAt = performance.now();
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - sentAt);
            else fail(`HTTP ${res.statusCode}`);
            resolve();
          });
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        fail(err.code ?? err.message);
        resolve();
      });
      req.end(body);
    });
  while (i < total) {
    const now = performance.now() - t0;
    const due = Math.min(total, Math.floor((now / 1000) * rate) + 1);
    if (due > i) maxLagMs = Math.max(maxLagMs, now - (i / rate) * 1000);
    for (; i < due; i++) inFlight.push(one(next(i)));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { sent: total, latencies, failed, reasons, maxLagMs, startedAt, endedAt: Date.now() };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summary(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

export const ms = (v: number) => (Number.isNaN(v) ? '     -' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s`.padStart(6) : `${v.toFixed(v < 10 ? 1 : 0)}`.padStart(6));
