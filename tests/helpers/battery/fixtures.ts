import type { Principal } from '../../../src/domain/access.js';
import { ADMIN_KEY, resetData, type TestSystem } from '../app.js';
import { apiAs, createKey } from '../api.js';
import { paramDefaults, type Fixtures, type Session, type Who } from './cases.js';
import type { Route } from './routes.js';
import { fillPath } from './routes.js';

const BOOTSTRAP: Principal = { actor: 'battery', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
export const CONSOLE_PASSWORD = 'battery-password-1';
const XINJIE = '532528102';

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
/** Cookie headers joined as a browser would send them: one value per name, the later one winning. */
const mergeCookies = (...headers: string[]) => {
  const jar = new Map<string, string>();
  for (const h of headers) for (const c of h.split('; ')) if (c.includes('=')) jar.set(c.slice(0, c.indexOf('=')), c);
  return [...jar.values()].join('; ');
};
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** A stranger's session: the sign-in page, its cookie and its CSRF token. */
export async function anonymousSession(url: string): Promise<Session> {
  const page = await fetch(`${url}/console/login`);
  const html = await page.text();
  return { cookie: cookieOf(page), csrf: csrfOf(html) ?? '' };
}

/** Signs in through the form, as a browser does; `next` is copied into the form as the page does. */
export async function signIn(url: string, name: string, password = CONSOLE_PASSWORD, next?: string): Promise<{ res: Response; session: Session | null }> {
  const anon = await anonymousSession(url);
  const res = await fetch(`${url}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: anon.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: anon.csrf, name, password, ...(next === undefined ? {} : { next }) }).toString(),
  });
  // A browser keeps every cookie it was given (the CSRF secret from the sign-in page, the
  // session from the sign-in), the later one winning for the same name.
  const signedIn = cookieOf(res);
  if (res.status !== 303 || !/guiyan_sid=/.test(signedIn)) return { res, session: null };
  const withPage = mergeCookies(anon.cookie, signedIn);
  const page = await fetch(`${url}/console/password`, { headers: { cookie: withPage } });
  const cookie = mergeCookies(withPage, cookieOf(page));
  return { res, session: { cookie, csrf: csrfOf(await page.text()) ?? '' } };
}

/**
 * Rows and callers for the battery, made the way operators make them: keys through the admin
 * API, console users through the user service, sign-in through the form.
 */
export async function setupFixtures(sys: TestSystem, wechatToken: string): Promise<Fixtures> {
  const db = sys.ctx.db;
  await resetData(db);
  await db.$executeRawUnsafe('TRUNCATE console_users RESTART IDENTITY CASCADE');
  const admin = apiAs(sys, ADMIN_KEY);
  const ok = <T>(r: { status: number; json: T }, what: string): T => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };

  const employer = ok(await admin('POST', '/api/v1/admin/employers', { name: '电池雇主', contactPhone: '13900000010' }), 'employer') as { id: number };
  const caseworkerKey = await createKey(sys, { name: '电池就业站', role: 'caseworker', divisionPrefixes: ['532528'] });
  const employerKey = await createKey(sys, { name: '电池雇主密钥', role: 'employer', employerId: employer.id });
  const spareKey = await createKey(sys, { name: '备用密钥', role: 'caseworker', divisionPrefixes: ['532528'] });
  const workshop = ok(
    await admin('POST', '/api/v1/workshops', { name: '电池车间', form: 'county_workshop', division: XINJIE, contactPhone: '13900000011', employerId: employer.id }),
    'workshop',
  ) as { id: number };
  // A draft: nothing in the battery can alert anyone about it.
  const opening = ok(
    await admin('POST', '/api/v1/openings', { workshopId: workshop.id, title: '缝纫工', skills: ['缝纫'], headcount: 2, wage: { min: 3000, max: 4000, unit: 'month' }, terms: { payDay: '每月15日' }, draft: true }),
    'opening',
  ) as { id: number };
  const workerPhone = '13800000501';
  const worker = ok(
    await admin('POST', '/api/v1/caseworker/workers', { phone: workerPhone, name: '电池工人', division: XINJIE, skills: ['缝纫'], consent: true, consentNote: '当面同意' }),
    'worker',
  ) as { id: number };
  const application = await db.application.create({ data: { openingId: opening.id, workerId: worker.id, channel: 'sms' } });
  // Erasing a worker (POST /console/workers/:id/erase) is battered on a worker of its own, so the
  // routes after it still find the fixture worker.
  const spareWorker = await db.worker.create({ data: { phone: '13800000502', name: '电池备用工人', divisionCode: XINJIE, skills: ['缝纫'] } });
  const segment = ok(await admin('POST', '/api/v1/caseworker/segments', { name: '电池人群', filter: { divisions: ['532528'], skills: ['缝纫'] } }), 'segment') as { id: number };
  const reminder = ok(
    await admin('POST', '/api/v1/caseworker/reminders', { sender: '新街镇就业站', text: '狗街办招聘会', segmentId: segment.id, schedule: { type: 'once', at: `${new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)} 09:00` } }),
    'reminder',
  ) as { id: number };

  const users = sys.ctx.services.consoleUsers;
  await users.create(BOOTSTRAP, { name: 'bat-admin', password: CONSOLE_PASSWORD, role: 'admin', divisionPrefixes: [] });
  await users.create(BOOTSTRAP, { name: 'bat-station', password: CONSOLE_PASSWORD, role: 'caseworker', divisionPrefixes: ['532528'] });
  await users.create(BOOTSTRAP, { name: 'bat-boss', password: CONSOLE_PASSWORD, role: 'employer', divisionPrefixes: [], employerId: employer.id });
  const spareUser = await users.create(BOOTSTRAP, { name: 'bat-spare', password: CONSOLE_PASSWORD, role: 'caseworker', divisionPrefixes: ['532528'] });
  // Signs in through crafted next= links in the attacks; nothing else touches it.
  await users.create(BOOTSTRAP, { name: 'bat-next', password: CONSOLE_PASSWORD, role: 'caseworker', divisionPrefixes: ['532528'] });
  const sessions = {} as Record<Who, Session>;
  for (const [who, name] of [['admin', 'bat-admin'], ['caseworker', 'bat-station'], ['employer', 'bat-boss']] as const) {
    const s = (await signIn(sys.url, name)).session;
    if (!s?.csrf) throw new Error(`console sign-in as ${name} failed`);
    sessions[who] = s;
  }

  return {
    port: Number(new URL(sys.url).port),
    adminKey: ADMIN_KEY,
    keys: { caseworker: caseworkerKey.key, employer: employerKey.key },
    sessions,
    anonymous: await anonymousSession(sys.url),
    wechatToken,
    ids: {
      employer: employer.id,
      workshop: workshop.id,
      opening: opening.id,
      worker: worker.id,
      application: application.id,
      segment: segment.id,
      reminder: reminder.id,
      spareKey: spareKey.id,
      spareUser: spareUser.id,
      spareWorker: spareWorker.id,
    },
    workerPhone,
    formFields: [],
  };
}

/** Every field name on the console's pages (for console forms the battery has no base for). */
export async function consoleFormFields(url: string, routes: Route[], fx: Fixtures): Promise<string[]> {
  const names = new Set<string>();
  for (const r of routes) {
    if (r.method !== 'GET' || r.kind !== 'console') continue;
    const path = fillPath(r.path, paramDefaults(r, fx));
    const res = await fetch(`${url}${path}`, { headers: { cookie: fx.sessions.admin.cookie } });
    for (const m of (await res.text()).matchAll(/<(?:input|select|textarea)[^>]*\sname="([^"]+)"/g)) names.add(m[1]!);
  }
  names.delete('_csrf');
  return [...names];
}
