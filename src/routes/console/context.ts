import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../domain/access.js';
import { ForbiddenError } from '../../errors.js';
import { fmtDate, html, shortPlace, type Html } from '../../console/html.js';
import { page } from '../../console/layout.js';
import { attempt } from '../../console/form.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in console user (set by the console's auth hook). */
    consoleUser: { id: number; name: string; role: Role };
  }
  interface Session {
    userId?: number;
    /** The user's passwordChangedAt when this session began; a later password change ends the session. */
    pwAt?: string | null;
    /** A one-time message for the next page (after a redirect). */
    flash?: string;
  }
}

/** Sends a full console page for the signed-in user, with a fresh CSRF token and any pending notice. */
export function view(req: FastifyRequest, reply: FastifyReply, o: { title: string; nav?: string; status?: number; print?: { station: string } }, body: Html) {
  const notice = o.print ? undefined : req.session.flash;
  if (notice) req.session.flash = undefined;
  const csrf = reply.generateCsrf();
  const print = o.print ? { station: o.print.station, date: fmtDate(new Date()) } : undefined;
  return reply
    .status(o.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page({ title: o.title, nav: o.nav, csrf, notice, user: req.consoleUser ?? undefined, print }, body).value);
}

/** `?print=1` asks for the print layout of a list page. */
export const wantsPrint = (q: Record<string, unknown> | undefined) => q?.print === '1';

/**
 * Who a printed sheet is from: the station's area by name (元阳县新街镇), 全部辖区 for an admin,
 * the employer's name for an employer.
 */
export async function stationLabel(req: FastifyRequest): Promise<string> {
  const p = req.principal;
  const db = req.server.ctx.db;
  if (p.role === 'admin') return '全部辖区';
  if (p.role === 'employer') return (await db.employer.findUnique({ where: { id: p.employerId ?? -1 }, select: { name: true } }))?.name ?? '雇主';
  const found = await db.division.findMany({ where: { code: { in: [...p.divisionPrefixes] } }, select: { code: true, fullName: true } });
  const names = p.divisionPrefixes.map((c) => shortPlace(found.find((d) => d.code === c)?.fullName ?? c)).join('、');
  // A village cadre's sheet names the village, not a station it does not have.
  return p.divisionPrefixes.every((c) => c.length > 9) ? names : `${names}就业站`;
}

/**
 * A list's page number from ?page=: digits only, at least 1, at most the last page (an
 * out-of-range page shows the last one, junk shows the first), never an error.
 */
export function pageNumber(raw: unknown, total: number, perPage: number): { page: number; pages: number; offset: number } {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const asked = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : 1;
  const page = Math.min(Math.max(1, asked), pages);
  return { page, pages, offset: (page - 1) * perPage };
}

/** 上一页 / 下一页 links keeping the list's query; `link(n)` builds page n's URL. */
export function pager(page: number, pages: number, link: (n: number) => string): Html {
  if (pages <= 1) return html``;
  return html`<p class="actions pager">${page > 1 ? html`<a href="${link(1)}">第一页</a><a href="${link(page - 1)}">上一页</a>` : ''}<span class="muted">第 ${page}/${pages} 页</span>${
    page < pages ? html`<a href="${link(page + 1)}">下一页</a><a href="${link(pages)}">最后一页</a>` : ''
  }</p>`;
}

/** A list URL with its query (empty values left out) and a page number. */
export function listUrl(path: string, q: Record<string, string | undefined>, extra: Record<string, string> = {}): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...extra })) if (v) u.set(k, v);
  const s = u.toString();
  return s ? `${path}?${s}` : path;
}

// A console path and query in URL-safe ASCII: nothing a Location header could choke on
// (CR, LF, non-ASCII) and nothing that leaves the console (`//host`, `\`, a scheme).
const LOCAL_PATH = /^\/console(?:\/[A-Za-z0-9\-._~%/]*)?(?:\?[A-Za-z0-9\-._~%=&+]*)?$/;

/** `p` when it is a console path safe to redirect to, else null. For ?next= and every redirect the console builds. */
export function safeConsolePath(p: string | undefined | null): string | null {
  return typeof p === 'string' && p.length <= 500 && LOCAL_PATH.test(p) && !p.includes('//') ? p : null;
}

/** Redirects after a successful POST, with a notice for the next page; a target that is not a safe console path goes to the overview. */
export function done(req: FastifyRequest, reply: FastifyReply, to: string, notice?: string) {
  if (notice) req.session.flash = notice;
  const safe = safeConsolePath(to);
  if (!safe) req.log.error({ to: JSON.stringify(to).slice(0, 200) }, 'refused an unsafe console redirect');
  return reply.redirect(safe ?? '/console', 303);
}

export function requireRole(req: FastifyRequest, roles: readonly Role[]) {
  if (!roles.includes(req.consoleUser.role)) throw new ForbiddenError('console.page_forbidden', 'your account may not open this page');
}

export const CASEWORK: readonly Role[] = ['admin', 'caseworker'];

export const wantsJson = (req: FastifyRequest) => (req.headers.accept ?? '').includes('application/json');

/**
 * Places a person typed (新街镇, 胜村, 元阳县, or codes) as division codes, for fields that store
 * codes; `maxDigits` 9 keeps a station's area to counties and townships. The first problem is
 * returned as a sentence for the field.
 */
export async function placesToCodes(
  app: { ctx: { services: { openings: { resolvePlace(input: string): Promise<string> } } } },
  words: readonly string[],
  maxDigits = 12,
): Promise<{ ok: true; codes: string[] } | { ok: false; error: string }> {
  const codes: string[] = [];
  for (const word of words.slice(0, 50)) {
    const found = await attempt(() => app.ctx.services.openings.resolvePlace(word));
    if (!found.ok) return { ok: false, error: Object.values(found.errors).join('；') };
    if (found.value.length > maxDigits) return { ok: false, error: `“${word}”是村；这里要写县或乡镇` };
    codes.push(found.value);
  }
  return { ok: true, codes };
}

/**
 * Who acted, as people read it: records name the actor as user:<id>, key:<id>, worker:<…>,
 * system:<…>, address:<ip> or cli:<…>. One place turns them into words for every page.
 */
export async function actorNames(db: FastifyRequest['server']['ctx']['db'], actors: readonly (string | null | undefined)[]): Promise<(actor: string | null | undefined) => string> {
  const ids = (prefix: string) => [...new Set(actors.flatMap((a) => (a && new RegExp(`^${prefix}\\d{1,9}$`).test(a) ? [Number(a.slice(prefix.length))] : [])))];
  const [users, keys] = await Promise.all([
    ids('user:').length ? db.consoleUser.findMany({ where: { id: { in: ids('user:') } }, select: { id: true, name: true } }) : [],
    ids('key:').length ? db.apiKey.findMany({ where: { id: { in: ids('key:') } }, select: { id: true, name: true } }) : [],
  ]);
  const names = new Map<string, string>([...users.map((u) => [`user:${u.id}`, u.name] as const), ...keys.map((k) => [`key:${k.id}`, `密钥 ${k.name}`] as const)]);
  return (a) => {
    if (!a) return '';
    const known = names.get(a);
    if (known) return known;
    if (a.startsWith('worker:')) return '工人自己';
    if (a.startsWith('system:')) return '系统';
    if (a.startsWith('address:')) return `未登录（${a.slice(8)}）`;
    if (a.startsWith('cli:')) return '命令行';
    if (a.startsWith('user:') || a.startsWith('key:')) return '已删除的账号';
    return '其他';
  };
}
