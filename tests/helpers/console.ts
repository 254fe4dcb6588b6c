import type { App } from '../../src/app.js';
import type { Principal } from '../../src/domain/access.js';
import type { TestSystem } from './app.js';

/** A browser's cookie jar for `inject`: keeps what the app sets, sends it back. */
export class Jar {
  private readonly cookies = new Map<string, string>();

  take(res: { cookies: { name: string; value: string; maxAge?: number; expires?: Date }[] }): this {
    for (const c of res.cookies) {
      const gone = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now()) || c.value === '';
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return this;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  delete(name: string): void {
    this.cookies.delete(name);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  copy(): Jar {
    const j = new Jar();
    for (const [k, v] of this.cookies) j.cookies.set(k, v);
    return j;
  }
}

export const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];

/** GETs a console page with the jar, keeping its cookies; returns the response and its form token. */
export async function getPage(app: App, jar: Jar, url: string, remoteAddress?: string) {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: jar.header() }, remoteAddress });
  jar.take(res);
  return { res, token: csrfOf(res.body) };
}

/** Posts an urlencoded form with the jar's cookies. */
export async function postForm(app: App, jar: Jar, url: string, fields: Record<string, string>, remoteAddress?: string) {
  const res = await app.inject({
    method: 'POST',
    url,
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
    remoteAddress,
  });
  jar.take(res);
  return res;
}

/** Opens the sign-in form, then posts it with its CSRF token, like a browser. */
export async function signIn(app: App, name: string, password: string, o: { jar?: Jar; address?: string } = {}) {
  const jar = o.jar ?? new Jar();
  const form = await getPage(app, jar, '/console/login', o.address);
  const res = await postForm(app, jar, '/console/login', { _csrf: form.token!, name, password }, o.address);
  return { res, jar };
}

/**
 * A fresh pair of console users, signed in: wang, an admin, and zhao, the station of 元阳县
 * (532528). The console users and the audit log start empty.
 */
export async function signInStaff(sys: TestSystem) {
  await sys.ctx.db.$executeRawUnsafe('TRUNCATE console_users, audit_logs RESTART IDENTITY CASCADE');
  const actor: Principal = { actor: 'test', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
  const users = sys.ctx.services.consoleUsers;
  const adminId = (await users.create(actor, { name: 'wang', password: 'admin-password', role: 'admin', divisionPrefixes: [] })).id;
  await users.create(actor, { name: 'zhao', password: 'station-password', role: 'caseworker', divisionPrefixes: ['532528'] });
  const admin = (await signIn(sys.app, 'wang', 'admin-password')).jar;
  const station = (await signIn(sys.app, 'zhao', 'station-password')).jar;
  return { adminId, admin, station };
}
