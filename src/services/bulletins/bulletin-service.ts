import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db, Prisma } from '../../db/prisma.js';
import { inDivisionScope, type Principal } from '../../domain/access.js';
import {
  beijingDay,
  noticeRow,
  renderBulletin,
  slotInstant,
  slotsToPrepare,
  spokenPlaceName,
  type BulletinContact,
  type BulletinOpening,
  type BulletinPlace,
} from '../../domain/bulletin.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { AuditLog } from '../access/audit-log.js';
import { liveOpeningWhere } from '../matching/reverse-match.js';
import { postBulletin, type HookOutcome } from './bulletin-hook.js';

/** Longest text a station may save: a few minutes read aloud. */
export const BULLETIN_TEXT_MAX = 4000;
/** Bulletins posted at once by one sweep. */
const POSTS_AT_ONCE = 4;
/** Due bulletins one sweep takes on; the rest wait for the next. */
const POSTS_PER_SWEEP = 200;

interface Division {
  code: string;
  name: string;
  level: string;
}

export interface BulletinDeps {
  config: Config;
  db: Db;
  audit: AuditLog;
  log: Logger;
  /** Injected by tests; the platform is called with it. */
  fetch?: typeof fetch;
}

/**
 * Daily bulletins (docs/bulletins.md): generated ahead of each slot for every township and
 * village with a job (or all), kept current until the slot unless a station edited them,
 * edited and regenerated from the console, and posted to the broadcasting platform at the slot.
 */
export function createBulletinService({ config, db, audit, log, fetch: fetchImpl }: BulletinDeps) {
  let divisions: Promise<Map<string, Division>> | null = null;
  /** Per slot (and scope): what the openings and the count of bulletins were when this process last generated it. */
  const lastStamp = new Map<string, string>();
  /** The place tree below county level, loaded once (it does not change while running). */
  const places = () =>
    (divisions ??= db.division
      .findMany({ where: { level: { in: ['county', 'township', 'village'] } }, select: { code: true, name: true, level: true } })
      .then((rows) => new Map(rows.map((r) => [r.code, r]))));

  const placeName = (d: Division) => (d.level === 'village' ? spokenPlaceName(d.name) : d.name);

  /** Who to call: the township's station, and its phone from BULLETIN_STATION_PHONES (longest prefix). */
  function contactFor(code: string, tree: Map<string, Division>): BulletinContact {
    const township = tree.get(code.slice(0, 9));
    const phone = config.BULLETIN_STATION_PHONES.filter((p) => code.startsWith(p.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
    return { station: `${township?.name ?? ''}就业站`, stationPhone: phone?.phone ?? null, smsNumber: config.BULLETIN_SMS_NUMBER ?? null };
  }

  /** Live openings at `at` with what the renderer reads. */
  async function openingsAt(at: Date, tree: Map<string, Division>): Promise<(BulletinOpening & { updatedAt: Date })[]> {
    const rows = await db.opening.findMany({
      where: liveOpeningWhere(at),
      select: {
        code: true, title: true, headcount: true, wageMin: true, wageMax: true, wageUnit: true, status: true, expiresAt: true, dayLabour: true,
        startsAt: true, createdAt: true, updatedAt: true, reachTownship: true, deliveryTownships: true,
        workshop: { select: { name: true, form: true, divisionCode: true } },
      },
    });
    return rows.map((o) => {
      const d = tree.get(o.workshop.divisionCode);
      return {
        ...o,
        form: o.workshop.form,
        workshopName: o.workshop.name,
        workshopDivision: o.workshop.divisionCode,
        workshopPlace: d ? placeName(d) : o.workshop.divisionCode,
      };
    });
  }

  const wanted = (code: string, scope?: readonly string[]) =>
    (config.BULLETIN_PREFIXES.length === 0 || config.BULLETIN_PREFIXES.some((p) => code.startsWith(p))) && (!scope || scope.some((p) => code.startsWith(p)));

  /**
   * Creates or refreshes the bulletins of one slot. A new one is stored for each place with a
   * job (or every place); one that exists is rewritten only while no station edited it, it is
   * not yet posted and its slot is still ahead. Liveness is judged at the slot: a day labour
   * job that starts before it is not read out. `scope` limits it to a station's area;
   */
  async function generateSlot(day: string, slot: string, now: Date, o: { scope?: readonly string[]; force?: boolean } = {}) {
    const at = slotInstant(day, slot);
    const tree = await places();
    const openings = await openingsAt(at > now ? at : now, tree);
    // Nothing changed since this process last wrote this slot: every text would come out the
    // same, so the sweep's minute-by-minute pass costs one query, not a render of every place.
    const stamp = `${await db.bulletin.count({ where: { day, slot } })}|${openings.map((o) => `${o.code}:${o.updatedAt.getTime()}:${o.workshopName}:${o.workshopDivision}`).join(',')}`;
    const key = `${day} ${slot} ${o.scope?.join(',') ?? '*'}`;
    if (!o.force && lastStamp.get(key) === stamp) return { created: 0, updated: 0 };
    const existing = new Map(
      (await db.bulletin.findMany({ where: { day, slot }, select: { id: true, divisionCode: true, text: true, editedAt: true, hookStatus: true } })).map((b) => [b.divisionCode, b]),
    );
    // A bulletin made after its slot (a station generating a past day) is for the record, not for the platform.
    const hookOn = Boolean(config.BULLETIN_HOOK_URL) && at > now;
    const created: Prisma.BulletinCreateManyInput[] = [];
    let updated = 0;
    for (const d of tree.values()) {
      if (d.level !== 'township' && d.level !== 'village') continue;
      if (!wanted(d.code, o.scope)) continue;
      const place: BulletinPlace = { code: d.code, name: placeName(d), level: d.level };
      const r = renderBulletin(place, at, openings, contactFor(d.code, tree), { now: at > now ? at : now, max: config.BULLETIN_MAX_JOBS });
      const had = existing.get(d.code);
      if (!had && r.jobs.length === 0 && !config.BULLETIN_ALL_PLACES) continue;
      const fields = { text: r.text, generatedText: r.text, jobs: r.jobs.map(noticeRow) as unknown as Prisma.InputJsonValue, jobCount: r.jobs.length, generatedAt: now };
      if (!had) {
        created.push({ day, slot, slotAt: at, divisionCode: d.code, divisionName: place.name, ...fields, hookStatus: hookOn ? 'pending' : 'none', hookNextAt: hookOn ? new Date(at.getTime() - config.BULLETIN_HOOK_LEAD_MINUTES * 60_000) : null });
      } else if (!had.editedAt && had.text !== r.text && at > now && (had.hookStatus === 'none' || had.hookStatus === 'pending')) {
        // Only while still untouched: a station's edit and a bulletin on its way are never overwritten here.
        const n = await db.bulletin.updateMany({ where: { id: had.id, editedAt: null, hookStatus: { in: ['none', 'pending'] } }, data: fields });
        updated += n.count;
      }
    }
    const made = created.length ? (await db.bulletin.createMany({ data: created, skipDuplicates: true })).count : 0;
    lastStamp.set(key, made === created.length ? `${Number(stamp.split('|')[0]) + made}|${stamp.slice(stamp.indexOf('|') + 1)}` : '');
    if (lastStamp.size > 100) lastStamp.delete(lastStamp.keys().next().value!);
    return { created: made, updated };
  }

  /** Bulletins due at the platform: claimed one by one (never two posts at once), posted, recorded. */
  async function postDue(now: Date) {
    if (!config.BULLETIN_HOOK_URL) return { posted: 0, failed: 0, retrying: 0 };
    // A claim left in 'sending' by a process that died is tried again with the same key.
    await db.bulletin.updateMany({
      where: { hookStatus: 'sending', updatedAt: { lt: new Date(now.getTime() - 2 * config.BULLETIN_HOOK_TIMEOUT_MS - 60_000) } },
      data: { hookStatus: 'retry', hookNextAt: now },
    });
    const due = await db.bulletin.findMany({
      where: { hookStatus: { in: ['pending', 'retry'] }, hookNextAt: { lte: now } },
      orderBy: { hookNextAt: 'asc' },
      take: POSTS_PER_SWEEP,
    });
    const counts = { posted: 0, failed: 0, retrying: 0 };
    const one = async (b: (typeof due)[number]) => {
      if (now.getTime() > b.slotAt.getTime() + config.BULLETIN_HOOK_GIVE_UP_MINUTES * 60_000) {
        await db.bulletin.updateMany({ where: { id: b.id, hookStatus: { in: ['pending', 'retry'] } }, data: { hookStatus: 'failed', hookLastError: b.hookLastError ?? '播出时间已过，没有发送' } });
        counts.failed++;
        return;
      }
      const claim = await db.bulletin.updateMany({
        where: { id: b.id, hookStatus: { in: ['pending', 'retry'] } },
        data: { hookStatus: 'sending', hookAttempts: { increment: 1 }, updatedAt: new Date() },
      });
      if (claim.count !== 1) return;
      const attempt = b.hookAttempts + 1;
      let out: HookOutcome;
      try {
        out = await postBulletin(config, b, fetchImpl);
      } catch (err) {
        out = { ok: false, retry: true, error: String((err as Error).message).slice(0, 200) };
      }
      if (out.ok) {
        await db.bulletin.update({ where: { id: b.id }, data: { hookStatus: 'sent', hookSentAt: new Date(), hookLastError: null, hookNextAt: null } });
        counts.posted++;
        return;
      }
      const again = out.retry && attempt < config.BULLETIN_HOOK_ATTEMPTS;
      const wait = config.BULLETIN_HOOK_BACKOFF_MS * 2 ** (attempt - 1);
      await db.bulletin.update({
        where: { id: b.id },
        data: again ? { hookStatus: 'retry', hookLastError: out.error, hookNextAt: new Date(now.getTime() + wait) } : { hookStatus: 'failed', hookLastError: out.error, hookNextAt: null },
      });
      if (again) counts.retrying++;
      else {
        counts.failed++;
        log.warn({ bulletin: b.id, division: b.divisionCode, slot: `${b.day} ${b.slot}`, error: out.error }, 'bulletin not posted to the broadcasting platform');
      }
    };
    for (let i = 0; i < due.length; i += POSTS_AT_ONCE) await Promise.all(due.slice(i, i + POSTS_AT_ONCE).map(one));
    return counts;
  }

  const scopeWhere = (p: Principal): Prisma.BulletinWhereInput =>
    p.role === 'admin' ? {} : p.role === 'caseworker' ? { OR: p.divisionPrefixes.map((x) => ({ divisionCode: { startsWith: x } })) } : { id: -1 };

  async function getScoped(p: Principal, id: number) {
    const b = await db.bulletin.findUnique({ where: { id } });
    if (!b || !inDivisionScope(p, b.divisionCode)) throw new NotFoundError('bulletin.not_found', `bulletin ${id} not found`, { params: { id } });
    return b;
  }

  function checkDay(day: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
      throw new ValidationError('bulletin.bad_day', `day: ${day.slice(0, 20)} is not YYYY-MM-DD`);
    }
    return day;
  }

  return {
    generateSlot,
    postDue,

    /** The sweep's work (every minute): bulletins for the slots ahead, then posts that are due. */
    async tick(now = new Date()) {
      let created = 0;
      let updated = 0;
      for (const s of slotsToPrepare(now, config.BULLETIN_SLOTS, config.BULLETIN_GENERATE_AHEAD_MINUTES * 60_000)) {
        const r = await generateSlot(s.day, s.slot, now);
        created += r.created;
        updated += r.updated;
      }
      return { created, updated, ...(await postDue(now)) };
    },

    /** A station asks for a day's bulletins now, in its own area (edits are kept). */
    async generateDay(p: Principal, day: string, now = new Date()) {
      checkDay(day);
      // Bulletins are read out today and in the coming days; 9999-12-31 or 1900-01-01 is a slip
      // that would write a bulletin for every village in scope.
      const offset = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${beijingDay(now)}T00:00:00Z`)) / 86_400_000;
      if (offset < -1 || offset > 7) throw new ValidationError('bulletin.day_out_of_range', `day: ${day} is not between yesterday and a week ahead`);
      const scope = p.role === 'admin' ? undefined : p.divisionPrefixes;
      let created = 0;
      for (const slot of config.BULLETIN_SLOTS) created += (await generateSlot(day, slot, now, { scope, force: true })).created;
      return { created };
    },

    /** The day's bulletins in the caller's area, by place; `under` narrows to a township or village prefix. */
    async list(p: Principal, f: { day: string; slot?: string; under?: string }) {
      checkDay(f.day);
      return db.bulletin.findMany({
        where: { AND: [scopeWhere(p), { day: f.day }, f.slot ? { slot: f.slot } : {}, f.under ? { divisionCode: { startsWith: f.under } } : {}] },
        orderBy: [{ divisionCode: 'asc' }, { slot: 'asc' }],
      });
    },

    get: getScoped,

    /** A station's edit: kept (no sweep overwrites it) and in the audit log with the text before. */
    async edit(p: Principal, id: number, text: string) {
      const b = await getScoped(p, id);
      const t = text.replace(/\r\n?/g, '\n').trim();
      if (!t) throw new ValidationError('bulletin.text_empty', 'text: empty');
      if ([...t].length > BULLETIN_TEXT_MAX) throw new ValidationError('bulletin.text_too_long', `text: more than ${BULLETIN_TEXT_MAX} characters`, { params: { max: BULLETIN_TEXT_MAX } });
      const after = await db.bulletin.update({ where: { id }, data: { text: t, editedAt: new Date(), editedBy: p.actor } });
      await audit.record(p, 'bulletin.edited', 'bulletin', id, { text: b.text }, { text: t });
      return after;
    },

    /** Regenerates one bulletin from the openings now; a station's edit is replaced (and audited). */
    async regenerate(p: Principal, id: number, now = new Date()) {
      const b = await getScoped(p, id);
      const tree = await places();
      const at = b.slotAt > now ? b.slotAt : now;
      const d = tree.get(b.divisionCode);
      const r = renderBulletin({ code: b.divisionCode, name: b.divisionName, level: d?.level === 'township' ? 'township' : 'village' }, b.slotAt, await openingsAt(at, tree), contactFor(b.divisionCode, tree), { now: at, max: config.BULLETIN_MAX_JOBS });
      const after = await db.bulletin.update({
        where: { id },
        data: { text: r.text, generatedText: r.text, jobs: r.jobs.map(noticeRow) as unknown as Prisma.InputJsonValue, jobCount: r.jobs.length, generatedAt: now, editedAt: null, editedBy: null },
      });
      await audit.record(p, 'bulletin.regenerated', 'bulletin', id, { text: b.text, edited: Boolean(b.editedAt) }, { text: r.text });
      return after;
    },

    /** A failed post tried again from the console, with the same idempotency key. */
    async retryHook(p: Principal, id: number, now = new Date()) {
      await getScoped(p, id);
      const n = await db.bulletin.updateMany({ where: { id, hookStatus: 'failed' }, data: { hookStatus: 'retry', hookAttempts: 0, hookNextAt: now } });
      if (n.count) await audit.record(p, 'bulletin.hook_retry', 'bulletin', id, null, null);
      return n.count === 1;
    },

    /** Edits and regenerations of a bulletin, newest first. */
    async history(p: Principal, id: number) {
      await getScoped(p, id);
      return audit.list({ entity: 'bulletin', entityId: String(id), limit: 20 });
    },

    /** Who a place's bulletin names to call (for the printed notice). */
    async contact(code: string) {
      return contactFor(code, await places());
    },

    today: (now = new Date()) => beijingDay(now),
    slots: () => config.BULLETIN_SLOTS,
    hookEnabled: () => Boolean(config.BULLETIN_HOOK_URL),
  };
}

export type BulletinService = ReturnType<typeof createBulletinService>;
