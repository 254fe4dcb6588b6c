import type { TestSystem } from './app.js';
import { ADMIN_KEY } from './app.js';

/** Calls the API as a holder of `key`; returns status and parsed body. */
export function apiAs(sys: TestSystem, key: string | null) {
  return async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await sys.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      ...(body === undefined ? {} : typeof body === 'string' || body instanceof Uint8Array ? { payload: Buffer.from(body as Uint8Array) } : { payload: body as object }),
    });
    let json: any;
    try {
      json = res.json();
    } catch {
      json = res.body;
    }
    return { status: res.statusCode, json, headers: res.headers };
  };
}

/** Creates an employer and keys through the admin API, as an operator would. */
export async function createKey(sys: TestSystem, input: { name: string; role: string; divisionPrefixes?: string[]; employerId?: number }): Promise<{ id: number; key: string }> {
  const r = await apiAs(sys, ADMIN_KEY)('POST', '/api/v1/admin/api-keys', input);
  if (r.status !== 201) throw new Error(`key not created: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

export async function createEmployer(sys: TestSystem, name: string): Promise<number> {
  const r = await apiAs(sys, ADMIN_KEY)('POST', '/api/v1/admin/employers', { name });
  if (r.status !== 201) throw new Error(`employer not created: ${r.status}`);
  return r.json.id;
}
