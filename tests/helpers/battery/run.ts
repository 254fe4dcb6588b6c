import { appendFileSync } from 'node:fs';
import { buildCases, creds, judge, paramDefaults, refusedRoles, type Case, type Fixtures, type Who } from './cases.js';
import type { Route } from './routes.js';
import { send, type CrashMonitor, type Outcome } from './wire.js';

const CONCURRENCY = 4;
const CRASHED = 'crashed the process';

/** Sends the cases and returns one line per case that broke a rule. */
export async function runCases(r: Route, cases: Case[], fx: Fixtures, crashes: CrashMonitor): Promise<string[]> {
  const problems: string[] = [];
  // A few at a time: the app overlaps their database round trips. A crash fails every case
  // still waiting at that moment, so a crashing input may take a neighbour down with it.
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const o: Outcome = await send(fx.port, c.req, { crashes, timeoutMs: 5000 });
      const p = judge(r, c, o);
      if (p) problems.push(`${r.method} ${r.path} ${c.label} → ${p}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Whatever was waiting when the process "crashed" is sent again alone, to name the input that did it.
  const suspects = problems.filter((p) => p.includes(CRASHED));
  if (suspects.length) {
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes(CRASHED)));
    for (const c of cases.filter((x) => suspects.some((p) => p.startsWith(`${r.method} ${r.path} ${x.label} → `)))) {
      const p = judge(r, c, await send(fx.port, c.req, { crashes, timeoutMs: 5000 }));
      if (p) problems.push(`${r.method} ${r.path} ${c.label} → ${p}`);
    }
  }
  // BATTERY_REPORT=<file> keeps the failures as JSON lines, for grouping them by cause.
  if (process.env.BATTERY_REPORT && problems.length) appendFileSync(process.env.BATTERY_REPORT, problems.map((p) => `${JSON.stringify(p)}\n`).join(''));
  return problems;
}

/**
 * Console roles are enforced inside each page group, so the battery asks: a request from the
 * lesser session (ids that do not exist, an empty form) that gets a 403 means the role is refused.
 */
export async function probeConsoleRoles(r: Route, fx: Fixtures): Promise<Who[]> {
  if (r.kind !== 'console' || r.path === '/console/logout') return refusedRoles(r);
  const refused: Who[] = [];
  for (const who of ['caseworker', 'employer'] as const) {
    const c = creds(r, who, fx);
    const params = Object.fromEntries(Object.keys(paramDefaults(r, fx)).map((k) => [k, '999999']));
    const target = r.path.replace(/:(\w+)|\*/g, (_m, n: string | undefined) => params[n ?? '*'] ?? '999999');
    const o = await send(fx.port, {
      method: r.method,
      target,
      headers: [...c.headers, ...(r.method === 'GET' ? [] : ([['content-type', 'application/x-www-form-urlencoded']] as [string, string][]))],
      body: r.method === 'GET' ? undefined : '',
    });
    if (o.kind === 'response' && o.res.status === 403) refused.push(who);
  }
  return refused;
}

export async function batteryFor(r: Route, fx: Fixtures, crashes: CrashMonitor, full: boolean): Promise<{ problems: string[]; total: number }> {
  const refused = await probeConsoleRoles(r, fx);
  const cases = buildCases(r, fx, { refused, full });
  return { problems: await runCases(r, cases, fx, crashes), total: cases.length };
}
