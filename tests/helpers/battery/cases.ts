import { createHash } from 'node:crypto';
import {
  BAD_IDEMPOTENCY_KEYS,
  FORM_FIELD_VARIANTS,
  getAt,
  HEAVY_BODIES,
  HUGE_NUMBERS,
  LONE_SURROGATE,
  NO_BODY,
  leafVariants,
  leaves,
  NUMERIC_FORM_FIELDS,
  PARSE_LEVEL_BODIES,
  PATH_VALUES,
  QUERY_MUST_REJECT,
  QUERY_VALUES,
  setAt,
  SHAPE_BODIES,
  WILDCARD_VALUES,
  type BodyVariant,
} from './inputs.js';
import { fillPath, type JsonSchema, type Route } from './routes.js';
import type { Outcome, RawResponse, WireRequest } from './wire.js';

// Dates a month ahead (Beijing): the service refuses dates more than a year out, so a fixed
// year would stop being valid input as time passes.
const AHEAD_MS = Date.now() + 30 * 86_400_000 + 8 * 3_600_000;
const AHEAD_DAY = new Date(AHEAD_MS).toISOString().slice(0, 10);
const AHEAD_NEXT_DAY = new Date(AHEAD_MS + 86_400_000).toISOString().slice(0, 10);

export type Who = 'admin' | 'caseworker' | 'employer';
export interface Session {
  cookie: string;
  csrf: string;
}

/** What the battery holds to act as each kind of caller, and the rows its paths point at. */
export interface Fixtures {
  port: number;
  adminKey: string;
  keys: Record<'caseworker' | 'employer', string>;
  sessions: Record<Who, Session>;
  /** A sign-in page's session: the CSRF token a stranger gets. */
  anonymous: Session;
  wechatToken: string;
  ids: Record<'employer' | 'workshop' | 'opening' | 'worker' | 'application' | 'segment' | 'reminder' | 'spareKey' | 'spareUser' | 'spareWorker', number>;
  workerPhone: string;
  /** Every field name on the console's forms, for console routes without a known form. */
  formFields: string[];
}

/**
 * What a case requires besides the universal rules (answered, no 5xx, no crash, the usual error
 * shape, no stack trace or SQL):
 * - auth: refused as unauthenticated (401; the console may redirect to its sign-in page);
 * - forbidden: refused for the role (403), before the input is looked at;
 * - reject: a 4xx (the console's live-check endpoints may answer 200 with `errors`);
 * - handled: anything below 500.
 */
export type Expect = 'auth' | 'forbidden' | 'reject' | 'handled';

export interface Case {
  label: string;
  req: WireRequest;
  expect: Expect;
  /** May be refused by Node's HTTP parser before the app sees it: only the status is judged. */
  wire?: boolean;
  /** An extra rule for this case; returns a problem or null. */
  extra?: (res: RawResponse) => string | null;
  /** Refused by the router (bad percent-encoding, a parameter too long): fastify's own error, before any hook. */
  router?: boolean;
  /** The route is a wildcard (static files): a 404 for a file that is not there is no leak. */
  wildcard?: boolean;
}

const CONSOLE_KINDS = new Set(['console', 'console-board', 'console-public']);
const PROTECTED = new Set(['api', 'board', 'console', 'console-board', 'wechat']);
/** Console POSTs that take no fields: they act on the id in the path and redirect back with a notice. */
const CONSOLE_ACTIONS = new Set(['logout', 'open', 'send', 'pause', 'resume', 'cancel', 'disable', 'enable', 'revoke']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const lastSegment = (r: Route) => r.path.replace(/\/$/, '').split('/').pop() ?? '';
const isConsoleAction = (r: Route) => CONSOLE_KINDS.has(r.kind) && CONSOLE_ACTIONS.has(lastSegment(r));
const isImport = (r: Route) => lastSegment(r) === 'import' && r.method === 'POST';

/** Whether the route's handler reads its body (only then are wrong shapes and values sent with valid credentials). */
export function readsBody(r: Route): boolean {
  if (!BODY_METHODS.has(r.method)) return false;
  switch (r.kind) {
    case 'api':
      return r.bodySchema !== undefined || isImport(r);
    case 'console':
    case 'console-public':
      return !isConsoleAction(r);
    case 'aliyun':
    case 'wechat':
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Path parameters point at real rows (so a malformed body reaches the write), except queue names,
// which point nowhere so that nothing is paused or emptied.

const SEGMENT_FIXTURE: Record<string, keyof Fixtures['ids']> = {
  workshops: 'workshop',
  openings: 'opening',
  applications: 'application',
  workers: 'worker',
  calls: 'worker',
  segments: 'segment',
  reminders: 'reminder',
  'api-keys': 'spareKey',
  keys: 'spareKey',
  users: 'spareUser',
};

export function paramDefaults(r: Route, fx: Fixtures): Record<string, string> {
  const out: Record<string, string> = {};
  const segs = r.path.split('/');
  segs.forEach((s, i) => {
    if (s === '*') out['*'] = 'x';
    if (!s.startsWith(':')) return;
    const name = s.slice(1);
    if (r.kind === 'board' || r.kind === 'console-board' || /queue|^name$/i.test(name)) {
      out[name] = name === 'queueStatus' ? 'failed' : /queue|^name$/i.test(name) ? 'nosuchqueue' : 'nosuch999';
      return;
    }
    const f = SEGMENT_FIXTURE[segs[i - 1] ?? ''];
    out[name] = f ? String(fx.ids[f]) : '999999';
  });
  // Erasure cannot be undone: it gets a worker of its own (docs/outcomes.md).
  if (/^\/console\/workers\/:id\/erase$/.test(r.path)) out.id = String(fx.ids.spareWorker);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Credentials

export interface Creds {
  headers: [string, string | Buffer][];
  query?: string;
}

export function wechatQuery(token: string, o: { timestamp?: string; nonce?: string } = {}): string {
  const timestamp = o.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? String(Math.floor(Math.random() * 1e9));
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
  return `signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
}

export function creds(r: Route, who: Who, fx: Fixtures): Creds {
  switch (r.kind) {
    case 'api':
    case 'board':
      return { headers: [['authorization', `Bearer ${who === 'admin' ? fx.adminKey : fx.keys[who]}`]] };
    case 'console':
    case 'console-board': {
      const s = fx.sessions[who];
      return { headers: [['cookie', s.cookie], ['x-csrf-token', s.csrf]] };
    }
    case 'console-public':
      return { headers: [['cookie', fx.anonymous.cookie], ['x-csrf-token', fx.anonymous.csrf]] };
    case 'wechat':
      return { headers: [], query: wechatQuery(fx.wechatToken) };
    default:
      return { headers: [] };
  }
}

/** Ways of being nobody: no credentials, the wrong scheme, broken or forged values. */
function strangers(r: Route, fx: Fixtures): [label: string, c: Creds][] {
  if (r.kind === 'api' || r.kind === 'board') {
    return [
      ['no Authorization', { headers: [] }],
      ['Basic scheme', { headers: [['authorization', 'Basic YWRtaW46YWRtaW4=']] }],
      ['the admin key with the Token scheme', { headers: [['authorization', `Token ${fx.adminKey}`]] }],
      ['Bearer without a key', { headers: [['authorization', 'Bearer']] }],
      ['Bearer with two words', { headers: [['authorization', 'Bearer a b']] }],
      ['Bearer with the admin key less one character', { headers: [['authorization', `Bearer ${fx.adminKey.slice(0, -1)}`]] }],
      ['Bearer with 8,000 characters', { headers: [['authorization', `Bearer ${'k'.repeat(8000)}`]] }],
      ['Bearer with raw UTF-8', { headers: [['authorization', Buffer.from('Bearer 管理员密钥管理员密钥', 'utf8')]] }],
      ['Bearer with %00', { headers: [['authorization', 'Bearer abc%00def']] }],
    ];
  }
  if (r.kind === 'console' || r.kind === 'console-board') {
    const [sid] = fx.sessions.admin.cookie.split(';');
    const forged = sid!.slice(0, -2) + (sid!.endsWith('AA') ? 'BB' : 'AA');
    return [
      ['no session', { headers: [] }],
      ['a made-up session cookie', { headers: [['cookie', 'guiyan_sid=garbage.garbage']] }],
      ['the admin session with its signature changed', { headers: [['cookie', forged]] }],
      ['an empty session cookie', { headers: [['cookie', 'guiyan_sid=']] }],
      ['a session cookie with %00%0D%0A', { headers: [['cookie', 'guiyan_sid=a%00%0D%0Ab']] }],
      ['an 8,000-character session cookie', { headers: [['cookie', `guiyan_sid=${'s'.repeat(8000)}`]] }],
      ['a cookie header that is not cookies', { headers: [['cookie', '=;;=; guiyan_sid; ;=x']] }],
      ['two session cookies', { headers: [['cookie', 'guiyan_sid=a.b; guiyan_sid=c.d']] }],
      ['the admin CSRF token without its session', { headers: [['x-csrf-token', fx.sessions.admin.csrf]] }],
    ];
  }
  if (r.kind === 'wechat') {
    const good = wechatQuery(fx.wechatToken);
    const old = wechatQuery(fx.wechatToken, { timestamp: String(Math.floor(Date.now() / 1000) - 3600) });
    return [
      ['no signature', { headers: [] }],
      ['a wrong signature', { headers: [], query: `signature=${'0'.repeat(40)}&timestamp=${Math.floor(Date.now() / 1000)}&nonce=1` }],
      ['a signature an hour old', { headers: [], query: old }],
      ['signature with %00', { headers: [], query: `signature=%00&timestamp=%00&nonce=%00` }],
      ['every parameter twice', { headers: [], query: `${good}&${good.replace(/signature=\w+/, 'signature=bad')}` }],
      ['timestamp 10^20', { headers: [], query: wechatQuery(fx.wechatToken, { timestamp: '99999999999999999999' }) }],
      ['timestamp not a number', { headers: [], query: wechatQuery(fx.wechatToken, { timestamp: 'abc' }) }],
      ['nonce of 6,000 characters', { headers: [], query: `signature=${'a'.repeat(40)}&timestamp=1&nonce=${'n'.repeat(6000)}` }],
    ];
  }
  return [];
}

/** Roles the API documents as refused for this route; the console's are probed by the battery. */
export function refusedRoles(r: Route): Who[] {
  if (r.kind === 'api') return (['caseworker', 'employer'] as const).filter((w) => !r.roles!.includes(w));
  if (r.kind === 'board' || r.kind === 'console-board') return ['caseworker', 'employer'];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Valid bodies, from which one leaf at a time is made wrong

type Json = unknown;

export function apiBase(r: Route, fx: Fixtures): Json | undefined {
  const { ids } = fx;
  const segment = { name: '电池人群', filter: { divisions: ['532528'], skills: ['缝纫'] } };
  const reminder = { sender: '新街镇就业站', text: '狗街在乡政府门口办招聘会', segmentId: ids.segment, schedule: { type: 'once', at: `${AHEAD_DAY} 09:00` } };
  const bases: Record<string, Json> = {
    'POST /api/v1/workshops': { name: '电池测试车间', form: 'county_workshop', division: '532528102', contactPhone: '13900000001', employerId: ids.employer, latitude: 23.2, longitude: 102.8 },
    'PATCH /api/v1/workshops/:id': { name: '电池测试车间二', division: '532528102', contactPhone: '13900000002', latitude: 23.2 },
    'POST /api/v1/openings': { workshopId: ids.workshop, title: '缝纫工', skills: ['缝纫'], headcount: 2, wage: { min: 3000, max: 4000, unit: 'month' }, terms: { payDay: '每月15日' }, expiresAt: `${AHEAD_DAY}T00:00:00+08:00`, draft: true },
    'PATCH /api/v1/openings/:id': { title: '缝纫工二', skills: ['缝纫'], headcount: 3, wage: { min: 3000, max: 4500, unit: 'month' } },
    'POST /api/v1/openings/:id/broadcast': { dryRun: true, sendToAll: false },
    'PATCH /api/v1/openings/:id/applications/:applicationId': { status: 'contacted', note: '电话联系过' },
    'POST /api/v1/admin/api-keys': { name: '电池测试密钥', role: 'caseworker', divisionPrefixes: ['532528'] },
    'POST /api/v1/admin/employers': { name: '电池测试雇主', contactPhone: '13900000003' },
    'POST /api/v1/caseworker/workers': { phone: '13800009999', name: '电池', division: '532528102', skills: ['缝纫'], workForms: ['county_workshop'], returnee: false, consent: true, consentNote: '当面同意' },
    'PATCH /api/v1/caseworker/workers/:id': { name: '电池二', division: '532528102', skills: ['缝纫'], consentNote: '电话同意' },
    'POST /api/v1/caseworker/workers/:id/calls': { outcome: 'reached', note: '打通了' },
    'POST /api/v1/caseworker/segments': segment,
    'PUT /api/v1/caseworker/segments/:id': segment,
    'POST /api/v1/caseworker/reminders/preview': reminder,
    'POST /api/v1/caseworker/reminders': reminder,
    'PATCH /api/v1/caseworker/reminders/:id': { text: '后天办招聘会', schedule: { type: 'once', at: `${AHEAD_NEXT_DAY} 09:00` } },
  };
  const known = bases[`${r.method} ${r.path}`];
  if (known !== undefined) return known;
  return r.bodySchema ? sampleOf(r.bodySchema) : undefined;
}

/** A plausible value for a JSON Schema: for routes added after this battery was written. */
export function sampleOf(s: JsonSchema): Json {
  if (s.enum) return s.enum[0];
  if ('const' in s) return s.const;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return sampleOf(alts.find((a) => a.type !== 'null') ?? alts[0]!);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((a) => sampleOf(a) as object));
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (t) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sampleOf(v)]));
    case 'array':
      return s.items ? [sampleOf(s.items)] : [];
    case 'string':
      return s.format === 'date-time' ? `${AHEAD_DAY}T00:00:00+08:00` : 'x'.repeat(Math.max(1, Number(s.minLength ?? 1)));
    case 'integer':
    case 'number':
      return Number(s.minimum ?? 1);
    case 'boolean':
      return false;
    default:
      return null;
  }
}

export function consoleBase(r: Route, fx: Fixtures): Record<string, string> {
  const { ids } = fx;
  const opening = { title: '缝纫工', skills: '缝纫', headcount: '2', 'wage.min': '3000', 'wage.max': '4000', 'wage.unit': 'month', 'terms.payDay': '每月15日', expiresAt: `${AHEAD_DAY}T09:00` };
  const reminder = { sender: '新街镇就业站', text: '狗街办招聘会', segmentId: String(ids.segment), 'schedule.type': 'once', 'schedule.at': `${AHEAD_DAY}T09:00` };
  const bases: Record<string, Record<string, string>> = {
    // A name nobody has: sign-in fails after the fields are read.
    'POST /console/login': { name: 'nobody-battery', password: 'wrong-password-1', next: '/console/workers' },
    // The wrong current password: the change is refused after the fields are read.
    'POST /console/password': { current: 'not-the-password', next: 'new-password-123', confirm: 'new-password-123' },
    'POST /console/openings/workshops': { name: '电池车间', form: 'county_workshop', division: '532528102', contactPhone: '13900000004' },
    'POST /console/openings/': { workshopId: String(ids.workshop), ...opening },
    'POST /console/openings/:id': opening,
    'POST /console/openings/:id/preflight': opening,
    'POST /console/openings/:id/applications/:aid': { status: 'contacted', note: '电话联系过' },
    'POST /console/workers': { phone: '13800009998', name: '电池', division: '532528102', skills: '缝纫', consent: 'on', consentNote: '当面同意' },
    'POST /console/workers/:id': { phone: fx.workerPhone, name: '电池三', division: '532528102', skills: '缝纫', status: 'active', consentNote: '电话同意' },
    'POST /console/workers/import': { csvText: '手机,住址,同意\n13800009997,新街镇,是\n', filename: 'battery.csv' },
    'POST /console/calls/:workerId': { outcome: 'reached', note: '打通了' },
    'POST /console/reminders/': reminder,
    'POST /console/reminders/preview': reminder,
    'POST /console/reminders/segments': { name: '电池人群', divisions: '532528', skills: '缝纫' },
    'POST /console/admin/users': { name: 'battery-new-user', password: 'a-long-password-1', role: 'caseworker', divisionPrefixes: '532528' },
    'POST /console/admin/employers': { name: '电池雇主', contactPhone: '13900000005' },
    'POST /console/admin/keys': { name: '电池密钥', role: 'caseworker', divisionPrefixes: '532528' },
  };
  // A plugin's own "/" route answers with and without the trailing slash.
  return bases[`${r.method} ${r.path}`] ?? bases[`${r.method} ${r.path}/`] ?? Object.fromEntries(fx.formFields.map((f) => [f, 'x']));
}

/** An urlencoded body; `raw` values are already encoded (the malformation), the rest are encoded here. */
function form(base: Record<string, string>, raw: Record<string, string> = {}): string {
  const parts = Object.entries(base)
    .filter(([k]) => !(k in raw))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  for (const [k, v] of Object.entries(raw)) parts.push(`${encodeURIComponent(k)}=${v}`);
  return parts.join('&');
}

const FORM = 'application/x-www-form-urlencoded';

// ---------------------------------------------------------------------------------------------
// The cases of one route

const query = (...parts: (string | undefined)[]) => {
  const q = parts.filter(Boolean).join('&');
  return q ? `?${q}` : '';
};

export function buildCases(r: Route, fx: Fixtures, opts: { refused: Who[]; full: boolean }): Case[] {
  const cases: Case[] = [];
  const { full } = opts;
  const defaults = paramDefaults(r, fx);
  const target = (params: Record<string, string> = {}, q?: string, c?: Creds) => fillPath(r.path, { ...defaults, ...params }) + query(c?.query, q);
  const req = (c: Creds, o: { params?: Record<string, string>; q?: string; body?: BodyVariant; headers?: [string, string | Buffer][] } = {}): WireRequest => ({
    method: r.method,
    target: target(o.params, o.q, c),
    headers: [...c.headers, ...(o.body?.contentType ? ([['content-type', o.body.contentType]] as [string, string][]) : []), ...(o.headers ?? [])],
    body: o.body?.body,
  });
  const hasBody = BODY_METHODS.has(r.method);
  const board = r.kind === 'board' || r.kind === 'console-board';
  const consoleKind = CONSOLE_KINDS.has(r.kind);
  const firstParam = r.params[0];
  const wildcard = (p: string) => p === '*';
  // Bull Board's ~45 routes (mounted twice) are one third-party handler each: the first parameter and three values are enough.
  const pathValues = (p: string) =>
    board
      ? p === firstParam
        ? (wildcard(p) ? WILDCARD_VALUES : PATH_VALUES).filter((v) => v.core).slice(0, 3)
        : []
      : (wildcard(p) ? WILDCARD_VALUES : PATH_VALUES).filter((v) => full || v.core);
  const base = r.kind === 'api' && readsBody(r) ? apiBase(r, fx) : undefined;
  const jsonBody = (label: string, v: unknown): BodyVariant => ({ label, contentType: 'application/json', body: JSON.stringify(v) });
  /** The body a valid request of this route carries, so that a malformed path or header is the only thing wrong. */
  const validBody: BodyVariant | undefined = !readsBody(r)
    ? undefined
    : base !== undefined
      ? jsonBody('', base)
      : consoleKind
        ? { label: '', contentType: FORM, body: form(consoleBase(r, fx)) }
        : undefined;
  const some = <T>(xs: readonly T[], n: number) => (full ? xs : xs.slice(0, n));

  /** The malformation sent with each stranger's credentials. */
  const primary = (): { label: string; params?: Record<string, string>; q?: string; body?: BodyVariant } => {
    if (hasBody) return { label: 'invalid JSON', body: PARSE_LEVEL_BODIES[0]! };
    if (firstParam && !wildcard(firstParam)) return { label: `${firstParam}=2^31`, params: { [firstParam]: '2147483648' } };
    return { label: 'query x=%00', q: 'x=%00' };
  };

  // 1. Strangers: refused before anything they sent is read.
  if (PROTECTED.has(r.kind)) {
    for (const [who, c] of some(strangers(r, fx), board ? 2 : 4)) {
      const p = primary();
      cases.push({ label: `[${who}] ${p.label}`, req: req(c, p), expect: 'auth', wildcard: r.params.includes('*') });
    }
    const nobody: Creds = { headers: [] };
    for (const p of r.params) {
      for (const v of pathValues(p)) {
        cases.push({
          label: `[no credentials] path ${p}: ${v.label}`,
          req: req(nobody, { params: { [p]: v.value(defaults[p]!) }, body: validBody }),
          expect: v.router ? 'reject' : 'auth',
          router: v.router,
          wildcard: wildcard(p),
        });
      }
    }
    if (hasBody) {
      for (const b of some([...PARSE_LEVEL_BODIES, ...SHAPE_BODIES], board ? 1 : 3)) {
        cases.push({ label: `[no credentials] body: ${b.label}`, req: req(nobody, { body: b }), expect: 'auth', wildcard: r.params.includes('*') });
      }
      if (base !== undefined) {
        const leaf = leaves(base).find((l) => typeof getAt(base, l) === 'string');
        if (leaf) cases.push({ label: `[no credentials] body: NUL in ${leaf.join('.')}`, req: req(nobody, { body: jsonBody('', setAt(base, leaf, 'a\u0000b')) }), expect: 'auth' });
      }
    }
  }

  // 2. A caller whose role may not use the route: 403 whatever else is wrong.
  for (const who of opts.refused) {
    const c = creds(r, who, fx);
    const p = primary();
    cases.push({ label: `[${who}] ${p.label}`, req: req(c, p), expect: 'forbidden', wildcard: r.params.includes('*') });
    if (board) continue;
    if (hasBody) cases.push({ label: `[${who}] body: arrays nested 5,000 deep`, req: req(c, { body: SHAPE_BODIES[4]! }), expect: 'forbidden' });
    if (firstParam && !wildcard(firstParam)) cases.push({ label: `[${who}] path ${firstParam}: %0D%0A`, req: req(c, { params: { [firstParam]: '310%0D%0A' }, body: validBody }), expect: 'forbidden' });
  }

  // 3. A caller allowed to use the route: the input itself must be refused with a 4xx.
  const c = creds(r, 'admin', fx);
  const who = r.kind === 'aliyun' || r.kind === 'public' ? 'public' : r.kind === 'console-public' ? 'anonymous session' : r.kind === 'wechat' ? 'signed' : 'admin';
  for (const p of r.params) {
    for (const v of pathValues(p)) {
      cases.push({
        label: `[${who}] path ${p}: ${v.label}`,
        req: req(c, { params: { [p]: v.value(defaults[p]!) }, body: validBody }),
        // A wildcard may be a page that answers any path (Bull Board's page does); it must not serve files from outside.
        expect: wildcard(p) || board ? 'handled' : 'reject',
        router: v.router,
        extra: wildcard(p) ? (res) => (/root:x?:0:0|"name": ?"guiyan"/.test(res.text) ? 'served a file outside its directory' : null) : undefined,
      });
    }
  }
  // A form that saves and redirects: an existing id followed by CR/LF must not put the CR/LF in the Location.
  if (consoleKind && r.method === 'POST' && readsBody(r)) {
    for (const p of r.params) {
      cases.push({ label: `[${who}] path ${p}: the real id followed by %0D%0A, with a valid form`, req: req(c, { params: { [p]: `${defaults[p]}%0D%0A` }, body: validBody }), expect: 'handled' });
    }
  }
  if (hasBody) {
    for (const b of some(PARSE_LEVEL_BODIES, board ? 2 : PARSE_LEVEL_BODIES.length)) cases.push({ label: `[${who}] body: ${b.label}`, req: req(c, { body: b }), expect: 'reject' });
    if (!consoleKind && r.kind !== 'wechat') {
      cases.push({ label: `[${who}] body: a form instead of JSON`, req: req(c, { body: { label: '', contentType: FORM, body: 'a=1&b=2' } }), expect: 'reject' });
    }
  }
  if (readsBody(r)) {
    cases.push({ label: `[${who}] body: ${NO_BODY.label}`, req: req(c, { body: NO_BODY }), expect: 'reject' });
    for (const b of [...SHAPE_BODIES, ...(full ? HEAVY_BODIES : [])]) cases.push({ label: `[${who}] body: ${b.label}`, req: req(c, { body: b }), expect: b.expect ?? 'reject' });
    if (base !== undefined && !isImport(r)) {
      for (const leaf of leaves(base)) {
        for (const [label, v] of leafVariants(getAt(base, leaf)).filter(([, , core]) => full || core)) {
          cases.push({
            label: `[${who}] body ${leaf.join('.')}: ${label}`,
            req: req(c, { body: jsonBody(label, setAt(base, leaf, v)) }),
            // A lone surrogate may be refused or cleaned (stored as U+FFFD); it must not be a 500.
            expect: label === LONE_SURROGATE ? 'handled' : 'reject',
          });
        }
      }
      if (r.idempotent) {
        for (const [label, v] of some(BAD_IDEMPOTENCY_KEYS, 2)) {
          cases.push({ label: `[${who}] Idempotency-Key ${label}`, req: req(c, { body: jsonBody('', base), headers: [['idempotency-key', v]] }), expect: 'reject' });
        }
        cases.push({
          label: `[${who}] Idempotency-Key sent twice`,
          req: req(c, { body: jsonBody('', base), headers: [['idempotency-key', 'battery-key-1'], ['idempotency-key', 'battery-key-2']] }),
          expect: 'reject',
        });
      }
    }
    if (isImport(r) && r.kind === 'api') {
      for (const [label, body] of CSV_VARIANTS) cases.push({ label: `[${who}] CSV: ${label}`, req: req(c, { body: { label, contentType: 'text/csv', body } }), expect: 'handled' });
      cases.push({ label: `[${who}] CSV import with a JSON body`, req: req(c, { body: jsonBody('', { csv: 'x' }) }), expect: 'reject' });
    }
    if (consoleKind) {
      const fields = consoleBase(r, fx);
      // A survey import reports bad rows in its 200 page.
      const outcome = (e: 'reject' | 'handled'): Expect => (isImport(r) ? 'handled' : e);
      for (const f of Object.keys(fields)) {
        for (const [label, v, e] of some(FORM_FIELD_VARIANTS, 1)) {
          cases.push({ label: `[${who}] form ${f}: ${label}`, req: req(c, { body: { label, contentType: FORM, body: form(fields, { [f]: v }) } }), expect: outcome(e) });
        }
        if (NUMERIC_FORM_FIELDS.has(f)) {
          for (const [label, v] of HUGE_NUMBERS) cases.push({ label: `[${who}] form ${f}: ${label}`, req: req(c, { body: { label, contentType: FORM, body: form(fields, { [f]: v }) } }), expect: 'reject' });
        }
        if (full) cases.push({ label: `[${who}] form ${f} given twice`, req: req(c, { body: { label: '', contentType: FORM, body: `${form(fields)}&${encodeURIComponent(f)}=x` } }), expect: 'handled' });
      }
      const everyField = (v: string) => Object.fromEntries(Object.keys(fields).map((k) => [k, v]));
      if (!full) cases.push({ label: `[${who}] form: every field 1 MB`, req: req(c, { body: { label: '', contentType: FORM, body: form({}, everyField('a'.repeat(MB))) } }), expect: outcome('reject') });
      const allAs = (v: unknown) => Object.fromEntries(Object.keys(fields).map((k) => [k, v]));
      cases.push({ label: `[${who}] JSON body with every field a number`, req: req(c, { body: jsonBody('', allAs(12345)) }), expect: outcome('reject') });
      cases.push({ label: `[${who}] JSON body with every field an object`, req: req(c, { body: jsonBody('', allAs({ a: 1 })) }), expect: outcome('reject') });
      cases.push({ label: `[${who}] JSON body with every field null`, req: req(c, { body: jsonBody('', allAs(null)) }), expect: 'handled' });
    }
  }

  // 4. Query strings, on GETs (a POST with a valid id and junk in the query would act).
  if (r.method === 'GET') {
    const declared = r.query.map((q) => q.name);
    // The console's list pages read q, division and skill (undocumented: they are pages, not API).
    const extra = [...(consoleKind && (full || r.params.length === 0) ? ['next', 'q', 'division', 'skill', 'status'] : []), 'x'];
    const names = [...new Set([...declared, ...extra])];
    const typeOf = (n: string) => r.query.find((q) => q.name === n)?.type;
    for (const n of names) {
      const values = full ? QUERY_VALUES : QUERY_VALUES.filter(([, v]) => CORE_QUERY.has(v) && (declared.includes(n) || v === '%00' || (n === 'x' && v === '99999999999999999999')));
      for (const [label, v] of board ? values.slice(0, 2) : values) {
        const t = typeOf(n);
        // Lists of codes (divisions, statuses) must not reach the query with junk in them.
        const mustReject = (t && QUERY_MUST_REJECT[t]?.includes(v)) || (t === 'list' && /division|status/i.test(n) && ['%00', 'abc', '%E5%B7%A5%E4%BA%BA'].includes(v));
        cases.push({ label: `[${who}] query ${n}=${label}`, req: req(c, { q: `${n}=${v}` }), expect: mustReject ? 'reject' : 'handled' });
      }
    }
    cases.push({ label: `[${who}] query: every parameter twice`, req: req(c, { q: names.map((n) => `${n}=1&${n}=2`).join('&') }), expect: 'handled' });
    if (full || !board) cases.push({ label: `[${who}] query: bracket arrays`, req: req(c, { q: names.map((n) => `${n}[]=1&${n}[0]=2&${n}[a][b]=3`).join('&') }), expect: 'handled' });
    if (full) {
      cases.push({ label: `[${who}] query: 1,000 parameters`, req: req(c, { q: Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join('&') }), expect: 'handled' });
      cases.push({ label: `[${who}] query: ? & = only`, req: req(c, { q: '&&==&=&' }), expect: 'handled' });
    }
  }

  // 5. Headers every route sees (on GETs: with valid credentials anything else would act).
  if (r.method !== 'GET' || board) return cases;
  cases.push({ label: `[${who}] X-Request-Id of raw UTF-8`, req: req(c, { headers: [['x-request-id', Buffer.from('请求请求请求', 'utf8')]] }), expect: 'handled' });
  if (full) {
    cases.push({ label: `[${who}] X-Request-Id of 8,000 characters`, req: req(c, { headers: [['x-request-id', 'r'.repeat(8000)]] }), expect: 'handled' });
    cases.push({ label: `[${who}] Accept: */*;q=junk`, req: req(c, { headers: [['accept', '*/*;q=junk, text/html;;']] }), expect: 'handled' });
  }
  return cases;
}

/** Query values every route gets: NUL, a number past int32, words where numbers go, bad encoding. */
const CORE_QUERY = new Set(['%00', '2147483648', '99999999999999999999', 'abc', '%FF%FE', '-1']);

const MB = 1 << 20;
/** Survey CSVs: a bad row is reported in a 200, a bad file is a 4xx; neither is a 500. */
export const CSV_VARIANTS: readonly [label: string, body: string | Buffer][] = [
  ['NUL in a cell', '手机,住址,同意\n13800009990,新街镇\u0000胜村,是\n'],
  ['NUL in the phone', '手机,住址,同意\n1380000\u00009991,新街镇,是\n'],
  ['lone surrogate in a cell', '手机,住址,同意,姓名\n13800009992,新街镇,是,a\ud800b\n'],
  ['invalid UTF-8 and GBK mixed', Buffer.concat([Buffer.from('手机,住址,同意\n13800009993,', 'utf8'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(',是\n')])],
  ['a 1 MB cell', `手机,住址,同意\n13800009994,${'新'.repeat(MB / 3)},是\n`],
  ['an unterminated quote', '手机,住址,同意\n"13800009995,新街镇,是\n'],
  ['10,000 columns', `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n1\n`],
  ['only a byte-order mark', '\ufeff'],
  ['empty', ''],
];

// ---------------------------------------------------------------------------------------------
// Judging an answer

const LEAKS: [RegExp, string][] = [
  [/\n\s+at [^\n]*(?:\(|node:|file:|\/)/, 'a stack trace'],
  [/node_modules|\/work\/|\/src\/\w[\w/-]*\.ts|\.ts:\d+:\d+/, 'a source path'],
  [/PrismaClient|prisma\.\w+\.\w+\(|Invalid `[^`]*` invocation|(?<![\w-])P20\d\d(?![\w-])/, 'a Prisma error'],
  [/\b(?:SELECT\s[\s\S]{0,80}\sFROM|INSERT INTO|DELETE FROM)\b|syntax error at or near|violates (?:not-null|unique|foreign key|check)|invalid byte sequence for encoding|unsupported Unicode escape|out of range for type|22P05|22021|23505/, 'SQL or a database error'],
  [/\b(?:TypeError|RangeError|ReferenceError): |Cannot read propert|is not a function|Maximum call stack/, 'a JavaScript error'],
];

export function leakIn(text: string): string | null {
  for (const [re, what] of LEAKS) {
    const m = re.exec(text);
    if (m) return `leaks ${what}: …${text.slice(Math.max(0, m.index - 40), m.index + 80).replace(/\s+/g, ' ')}…`;
  }
  return null;
}

const snippet = (res: RawResponse) => {
  const t = res.text.replace(/\s+/g, ' ');
  const json = /^\s*[{[]/.test(t);
  if (json) return t.slice(0, 160);
  const title = /<p class="bad">([^<]*)</.exec(res.text)?.[1] ?? /<title>([^<]*)</.exec(res.text)?.[1];
  return title ? `html "${title}"` : t.slice(0, 120);
};

function statusOk(r: Route, c: Case, res: RawResponse): boolean {
  const s = res.status;
  const consolePage = CONSOLE_KINDS.has(r.kind);
  const toSignIn = s === 303 && (res.headers.location ?? '').startsWith('/console/login');
  switch (c.expect) {
    case 'auth':
      if (c.wildcard && s === 404) return true;
      return consolePage ? toSignIn || s === 401 || s === 403 : s === 401;
    case 'forbidden':
      return s === 403 || (!!c.wildcard && s === 404);
    case 'reject': {
      if (s >= 400 && s < 500) return true;
      // The console's live checks (pre-flight, reminder preview) answer 200 with the field errors.
      if (consolePage && s === 200 && /json/.test(res.headers['content-type'] ?? '')) {
        try {
          const errors = (JSON.parse(res.text) as { errors?: object }).errors;
          return !!errors && Object.keys(errors).length > 0;
        } catch {
          return false;
        }
      }
      return false;
    }
    case 'handled':
      return s < 500;
  }
}

/** The problem with an answer, or null when it is what the battery requires. */
export function judge(r: Route, c: Case, o: Outcome): string | null {
  if (o.kind === 'crash') return `crashed the process (${o.error})`;
  if (o.kind === 'timeout') return `no answer within ${o.ms} ms${o.partial ? ` (got "${o.partial.slice(0, 60)}")` : ''}`;
  if (o.kind === 'closed') return `connection closed without an answer${o.partial ? ` ("${o.partial.slice(0, 60)}")` : ''}`;
  const res = o.res;
  const want = { auth: r.kind.startsWith('console') ? '401/403 or 303 to sign-in' : '401', forbidden: '403', reject: '4xx', handled: 'below 500' }[c.expect];
  if (res.status >= 500 || !statusOk(r, c, res)) return `expected ${want}, got ${res.status} ${snippet(res)}`;
  if (res.status >= 300 && res.status < 400) {
    const loc = res.headers.location ?? '';
    if (!/^\/(?![/\\])/.test(loc)) return `redirects off the site or nowhere: Location "${loc.slice(0, 80)}"`;
  }
  if (res.status >= 400) {
    const leak = leakIn(res.text);
    if (leak) return `${res.status} ${leak}`;
    if (!c.wire) {
      const shape = shapeProblem(r, res, c.router);
      if (shape) return `${res.status} ${shape}`;
    }
  }
  return c.extra?.(res) ?? null;
}

/**
 * API errors are {statusCode, error, code, message, requestId}; console errors are an HTML page.
 * Bull Board's own API answers the error JSON its page reads: any JSON or HTML is accepted
 * there. An error from the router (before routing decides which part of the app it is in) may
 * be either shape, but not fastify's bare default.
 */
export function shapeProblem(r: Route, res: RawResponse, router = false): string | null {
  const type = res.headers['content-type'] ?? '';
  const isHtml = /text\/html/.test(type);
  if ((r.kind === 'board' || r.kind === 'console-board') && (isHtml || /json/.test(type)) && !router) return null;
  if (CONSOLE_KINDS.has(r.kind) && !router) return isHtml ? null : `not an HTML error page (${type || 'no content-type'}): ${snippet(res)}`;
  if (router && isHtml) return null;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    return `not the JSON error shape (${type || 'no content-type'}): ${snippet(res)}`;
  }
  const ok =
    body.statusCode === res.status &&
    typeof body.error === 'string' &&
    typeof body.code === 'string' &&
    typeof body.message === 'string' &&
    typeof body.requestId === 'string' &&
    body.requestId !== '';
  return ok ? null : `not the error shape {statusCode, error, code, message, requestId}: ${snippet(res)}`;
}
