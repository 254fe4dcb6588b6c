import type { App } from '../../../src/app.js';

/**
 * Every route of the app, read from the running instance (fastify's route tree and the
 * OpenAPI document generated from the zod schemas), so a route added later is in the battery
 * without anyone listing it.
 */

export type RouteKind =
  /** /api/v1: bearer key with roles. */
  | 'api'
  /** Bull Board under /admin/queues: the admin key. */
  | 'board'
  /** The console: a signed-in session and a CSRF token. */
  | 'console'
  /** Bull Board inside the console: a signed-in admin. */
  | 'console-board'
  /** The console's sign-in page and assets. */
  | 'console-public'
  /** Aliyun pushes (public unless WEBHOOK_TOKEN is set). */
  | 'aliyun'
  /** WeChat pushes: signed with WECHAT_TOKEN. */
  | 'wechat'
  /** health, readiness, metrics, docs, the root redirect. */
  | 'public';

export interface QueryParam {
  name: string;
  type: 'integer' | 'number' | 'enum' | 'boolean' | 'string' | 'list';
}

export interface Route {
  method: string;
  /** fastify's pattern: /api/v1/openings/:id, /docs/* */
  path: string;
  params: string[];
  kind: RouteKind;
  /** The JSON Schema of the request body when the API documents one. */
  bodySchema?: JsonSchema;
  /** Roles the API allows (from the generated documentation); undefined outside /api. */
  roles?: string[];
  idempotent: boolean;
  query: QueryParam[];
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  required?: string[];
  [k: string]: unknown;
}

/** Turns fastify's printRoutes tree into (method, path) pairs; each line adds its segment to its parent's path. */
export function parseRouteTree(tree: string): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)(?:[├└]── )(.*)$/u.exec(line);
    if (!m) continue;
    const depth = [...m[1]!].length / 4;
    const node = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(m[2]!)!;
    const path = (depth === 0 ? '' : stack[depth - 1]!) + node[1]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (node[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) out.push({ method, path });
  }
  return out;
}

function kindOf(path: string): RouteKind {
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/admin/queues')) return 'board';
  if (path.startsWith('/console/queues')) return 'console-board';
  if (path === '/console/login' || path.startsWith('/console/assets/')) return 'console-public';
  if (path.startsWith('/console')) return 'console';
  if (path.startsWith('/webhooks/aliyun')) return 'aliyun';
  if (path.startsWith('/webhooks/wechat')) return 'wechat';
  return 'public';
}

function queryType(s: JsonSchema | undefined): QueryParam['type'] {
  if (!s) return 'string';
  if (s.enum) return 'enum';
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.some((a) => a.type === 'array') ? 'list' : queryType(alts[0]);
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  if (t === 'integer' || t === 'number' || t === 'boolean') return t;
  if (t === 'array') return 'list';
  return 'string';
}

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  description?: string;
}

/** All routes but HEAD (fastify adds one per GET), with what the OpenAPI document says about them. */
export function collectRoutes(app: App): Route[] {
  const openapi = (app as unknown as { swagger(): { paths: Record<string, Record<string, OpenApiOperation>> } }).swagger();
  const ops = new Map<string, OpenApiOperation>();
  for (const [p, byMethod] of Object.entries(openapi.paths)) {
    const path = p.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, op] of Object.entries(byMethod)) ops.set(`${method.toUpperCase()} ${path}`, op);
  }
  const seen = new Set<string>();
  const routes: Route[] = [];
  for (const { method, path } of parseRouteTree(app.printRoutes({ commonPrefix: false }))) {
    if (method === 'HEAD') continue;
    const key = `${method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // A trailing slash is how a plugin's own "/" route is printed (/console/openings/): the documentation agrees.
    const op = ops.get(key) ?? ops.get(`${method} ${path.replace(/\/$/, '')}`) ?? ops.get(`${method} ${path}/`);
    const roles = /Roles: ([\w, ]+)\./.exec(op?.description ?? '')?.[1]?.split(',').map((s) => s.trim());
    routes.push({
      method,
      path,
      params: [...path.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*'),
      kind: kindOf(path),
      bodySchema: op?.requestBody?.content?.['application/json']?.schema,
      roles: kindOf(path) === 'api' ? (roles ?? ['admin']) : undefined,
      idempotent: /Honours Idempotency-Key/.test(op?.description ?? ''),
      query: (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, type: queryType(p.schema) })),
    });
  }
  return routes;
}

/** Fills a route pattern; `values` are inserted as they are (percent-encoding is the caller's). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)|\*/g, (_m, name: string | undefined) => values[name ?? '*'] ?? '999999');
}
