import { YEAR_AHEAD_MS } from '../../domain/schedule.js';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { Prisma, type Db } from '../../db/prisma.js';
import { canManageWorkshop, type Principal } from '../../domain/access.js';
import { planSends } from '../../domain/broadcast-plan.js';
import { zodMessage } from '../../domain/error-codes.js';
import { segmentCost } from '../../domain/send-rules.js';
import { REVIEW_MODES } from '../../domain/employer-review.js';
import { callCost } from '../../domain/voice-rules.js';
import { canMoveOpening, isFilled, isLive, type OpeningStatusName } from '../../domain/opening-life.js';
import { normalizePhone } from '../../domain/phone.js';
import { SMS_CONTROL_CHARS } from '../../domain/sms-segments.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { SYSTEM_SWEEP, type AuditLog } from '../access/audit-log.js';
import { campaignProgress } from './campaign-progress.js';
import { ladderCounts } from '../delivery/ladder-service.js';
import { benchmarkLine } from '../../domain/wage-benchmark.js';
import { countyName, wageBenchmark } from './wage-benchmark.js';
import type { OpeningRef } from '../matching/candidates.js';
import type { MatchService } from '../matching/match-service.js';
import { beijingDay, defaultStartPlace } from '../../domain/after-hire.js';
import type { Outbox } from '../delivery/outbox.js';
import { createOpeningSchema, createWorkshopSchema, openingTermsSchema, PLACE_MAX_CHARS, termsColumns, workFormSchema, type OpeningService } from './opening-service.js';

export const updateWorkshopSchema = z
  .object({
    name: z.string().trim().min(1).max(40),
    form: workFormSchema,
    division: z.string().trim().min(1).max(PLACE_MAX_CHARS).describe('A division code or place name'),
    contactPhone: z.string().trim().min(1).max(40),
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
    wecomRobotKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "the key= part of the robot's webhook URL").nullable().describe('WeCom group robot key for applicant notices; null removes it'),
  })
  .partial();

/** A new opening through the API or the console: its pay day is required (docs/honest-posts.md). */
export const createOpeningInputSchema = createOpeningSchema
  .and(z.object({ draft: z.boolean().default(false).describe('Save as a draft to publish later (POST /openings/:id/open)') }))
  .refine((o) => Boolean(o.terms?.payDay), {
    path: ['terms', 'payDay'],
    message: zodMessage('opening.pay_day_required', 'terms.payDay: say when pay is paid (每月15日, 日结, 完工结)'),
  });

export const updateOpeningSchema = z
  .object({
    title: z.string().trim().min(1).max(20).refine((s) => !SMS_CONTROL_CHARS.test(s), zodMessage('text.control_chars', 'title: no control characters (NUL, line breaks, tabs)')),
    skills: z.array(z.string().trim().min(1)).max(10),
    headcount: z.number().int().min(1).max(10_000),
    wage: z.object({ min: z.number().int().min(0).max(1_000_000), max: z.number().int().min(0).max(1_000_000), unit: z.enum(['month', 'day', 'hour', 'piece']) }),
    expiresAt: z.coerce.date().nullable(),
    startsAt: z.coerce.date().nullable(),
    terms: openingTermsSchema,
  })
  .partial()
  .refine((o) => !o.wage || o.wage.min <= o.wage.max, { path: ['wage', 'max'], message: zodMessage('wage.max_below_min', 'wage.max must not be below wage.min') })
  .refine((o) => !o.expiresAt || o.expiresAt.getTime() > Date.now(), { path: ['expiresAt'], message: zodMessage('time.must_be_future', 'must be in the future') })
  .refine((o) => !o.startsAt || o.startsAt.getTime() > Date.now(), { path: ['startsAt'], message: zodMessage('time.must_be_future', 'must be in the future') })
  .refine((o) => !o.startsAt || o.startsAt.getTime() <= Date.now() + YEAR_AHEAD_MS, { path: ['startsAt'], message: zodMessage('time.too_far', 'at most a year ahead') })
  .refine((o) => !o.expiresAt || o.expiresAt.getTime() <= Date.now() + YEAR_AHEAD_MS, { path: ['expiresAt'], message: zodMessage('time.too_far', 'at most a year ahead') });

/**
 * A station's check of a workshop's employer (docs/honest-posts.md): the business licence or the
 * owner's ID card seen, and the real-name contact spoken to, are what 已核验 means; 帮扶车间 is
 * recorded alongside.
 */
export const verifyWorkshopSchema = z.object({
  licence: z.literal(true, zodMessage('workshop.verify_needs_licence', 'licence: the licence or ID must have been seen')),
  contactName: z.string().trim().min(1).max(20).refine((s) => !SMS_CONTROL_CHARS.test(s), zodMessage('text.control_chars', 'contactName: no control characters')),
  supportWorkshop: z.boolean().default(false),
});
export const reviewModeSchema = z.enum(REVIEW_MODES);

export const applicationStatusSchema = z.enum(['applied', 'contacted', 'hired', 'declined']);
export const updateApplicationSchema = z
  .object({
    status: applicationStatusSchema,
    note: z.string().trim().max(200).optional(),
    // The terms of a hire, for the texts that follow it (docs/after-hire.md).
    startAt: z.coerce.date().optional().describe("With status hired: when the worker starts (default: the opening's start time)"),
    startPlace: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .refine((s) => !SMS_CONTROL_CHARS.test(s), zodMessage('text.control_chars', 'startPlace: no control characters (NUL, line breaks, tabs)'))
      .optional()
      .describe("With status hired: where the worker reports, e.g. 新街镇政府门口 (default: the workshop and its township)"),
    firstPayDay: z
      .string()
      .refine((d) => beijingDay(d) !== null, zodMessage('date.invalid', 'firstPayDay: a date as YYYY-MM-DD'))
      .optional()
      .describe('With status hired: the first pay day (Beijing date, YYYY-MM-DD); the worker is asked the day after whether the pay came'),
  })
  .refine((a) => a.status === 'hired' || (a.startAt === undefined && a.startPlace === undefined && a.firstPayDay === undefined), {
    path: ['status'],
    message: zodMessage('application.terms_need_hire', 'startAt, startPlace and firstPayDay go with status hired'),
  });

export { SKIP_REASONS, type SkipReason } from '../../domain/matching.js';

/** Who a broadcast would reach, as the matching service's dry run reports it. */
export type MatchBreakdown = Awaited<ReturnType<MatchService['preflight']>>;

export interface EmployerDeps {
  config: Pick<Config, 'ALIYUN_SMS_SIGN_NAME' | 'SMS_TEMPLATE_CODES' | 'QUIET_HOURS' | 'SMS_PRICE_PER_SEGMENT' | 'SMS_SEND_RATE_PER_SECOND' | 'QUIET_HOURS_SPREAD_MS' | 'VOICE_PRICE_PER_CALL'>;
  db: Db;
  openings: Pick<OpeningService, 'createWorkshop' | 'createOpening' | 'getOpening' | 'broadcast' | 'resolveDivision' | 'resolveSkills'>;
  matching: Pick<MatchService, 'preflight' | 'listMatches' | 'stopOpening' | 'alertPreview'>;
  audit: AuditLog;
  /** A hire undone cancels its queued after-hire texts (docs/after-hire.md). */
  outbox: Pick<Outbox, 'cancelAfterHire'>;
  /**
   * Called once an opening stops (filled by hires, expired by the sweep): pending alerts and
   * waves must stop. src/services/index.ts passes `matching.stopOpening`, which does both.
   */
  openingStopped: (openingId: number, status: 'filled' | 'closed' | 'expired') => Promise<void>;
  now?: () => Date;
}

const withDivision = { division: { select: { fullName: true } } } as const;

/** The verification columns of a workshop, for the audit log. */
const verificationOf = (w: { verifiedAt: Date | null; verifiedBy: string | null; verifiedLicence: boolean; verifiedContact: string | null; supportWorkshop: boolean }) => ({
  verifiedAt: w.verifiedAt,
  verifiedBy: w.verifiedBy,
  verifiedLicence: w.verifiedLicence,
  verifiedContact: w.verifiedContact,
  supportWorkshop: w.supportWorkshop,
});

/**
 * What employers (and stations acting for them) do: workshops, openings and their life,
 * broadcasts with a pre-flight, applicants. Every method takes the caller and enforces scope:
 * an employer sees only its own, a caseworker only what lies in its divisions.
 */
export function createEmployerService({ config, db, openings, matching, audit, outbox, openingStopped, now = () => new Date() }: EmployerDeps) {
  async function workshopFor(p: Principal, id: number) {
    const w = await db.workshop.findUnique({ where: { id }, include: withDivision });
    // Out of scope reads as absent: a key must not learn what others have.
    if (!w || !canManageWorkshop(p, w)) throw new NotFoundError('workshop.not_found', `workshop ${id} not found`, { params: { id } });
    return w;
  }

  async function openingFor(p: Principal, id: number) {
    const o = await db.opening.findUnique({ where: { id }, include: { workshop: true } });
    if (!o || !canManageWorkshop(p, o.workshop)) throw new NotFoundError('opening.not_found', `opening ${id} not found`, { params: { id } });
    return o;
  }

  function workshopScopeWhere(p: Principal): Prisma.WorkshopWhereInput {
    if (p.role === 'admin') return {};
    if (p.role === 'employer') return { employerId: p.employerId ?? -1 };
    return { OR: p.divisionPrefixes.map((prefix) => ({ divisionCode: { startsWith: prefix } })) };
  }

  async function setOpeningStatus(p: Principal, id: number, to: OpeningStatusName, tx: Prisma.TransactionClient) {
    const before = await tx.opening.findUniqueOrThrow({ where: { id } });
    if (before.status === to) return before;
    if (!canMoveOpening(before.status, to)) throw new ConflictError('opening.bad_transition', `opening ${id} is ${before.status}; it cannot become ${to}`, { params: { from: before.status, to } });
    const after = await tx.opening.update({ where: { id }, data: { status: to } });
    await audit.record(p, `opening.${to}`, 'opening', id, { status: before.status }, { status: to }, tx);
    return after;
  }

  /** Recipients by township and skill, the first wave, and skips by reason: matching's own dry run. */
  function matchBreakdown(opening: OpeningRef): Promise<MatchBreakdown> {
    return matching.preflight(opening);
  }

  async function hiredCount(openingId: number, tx: Prisma.TransactionClient | Db = db) {
    return tx.application.count({ where: { openingId, status: 'hired' } });
  }

  /** A hire's defaults (docs/after-hire.md): the opening's start, the workshop and its township; the pay day as given. */
  async function hireTerms(o: { startsAt: Date | null; workshop: { name: string; divisionCode: string } }, input: z.infer<typeof updateApplicationSchema>, tx: Prisma.TransactionClient) {
    const township = await tx.division.findUnique({ where: { code: o.workshop.divisionCode.slice(0, 9) }, select: { name: true } });
    return {
      at: now(),
      startAt: o.startsAt,
      startPlace: defaultStartPlace(o.workshop.name, township?.name ?? null),
      firstPayAt: input.firstPayDay ? beijingDay(input.firstPayDay) : null,
    };
  }

  /**
   * The one path that changes applicants' status (single or bulk): scope, lock, audit, fill.
   * Hiring past the headcount is refused, single or bulk alike (an employer who wants more
   * people raises the headcount first, which reopens the count the alerts stop at).
   */
  async function changeApplications(p: Principal, openingId: number, applicationIds: readonly number[], input: z.infer<typeof updateApplicationSchema>) {
    const o = await openingFor(p, openingId);
    const ids = [...new Set(applicationIds)];
    const result = await db.$transaction(async (tx) => {
      // Lock the opening so two hires at once cannot both miss (or both apply) the fill.
      // The headcount is read under the lock: a headcount edit racing this hire cannot let both through.
      const [locked] = await tx.$queryRaw<{ headcount: number }[]>`SELECT headcount FROM openings WHERE id = ${openingId} FOR UPDATE`;
      const headcount = locked?.headcount ?? o.headcount;
      const befores = await tx.application.findMany({ where: { id: { in: ids }, openingId }, orderBy: { id: 'asc' } });
      const missing = ids.find((id) => !befores.some((b) => b.id === id));
      if (missing !== undefined) throw new NotFoundError('application.not_found', `application ${missing} not found for opening ${openingId}`, { params: { applicationId: missing, openingId } });
      if (input.status === 'hired') {
        const already = await hiredCount(openingId, tx);
        const adding = befores.filter((b) => b.status !== 'hired').length;
        if (already + adding > headcount) {
          throw new ConflictError('application.over_headcount', `hiring ${adding} more would pass the headcount ${headcount} (${already} hired)`, { params: { headcount, hired: already, adding } });
        }
      }
      const applications = [];
      const terms = input.status === 'hired' ? await hireTerms(o, input, tx) : null;
      for (const before of befores) {
        const kept = before.status === 'hired';
        // Hired again (terms changed): the hire keeps its time, and what is not given stays.
        const hire = terms
          ? {
              hiredAt: kept && before.hiredAt ? before.hiredAt : terms.at,
              startAt: input.startAt ?? (kept ? before.startAt : null) ?? terms.startAt,
              startPlace: input.startPlace ?? (kept ? before.startPlace : null) ?? terms.startPlace,
              firstPayAt: terms.firstPayAt ?? (kept ? before.firstPayAt : null),
            }
          : {};
        const after = await tx.application.update({ where: { id: before.id }, data: { status: input.status, note: input.note ?? before.note, ...hire } });
        await audit.record(p, `application.${input.status}`, 'application', before.id, before, after, tx);
        applications.push(after);
      }
      // Leaving `hired`: the texts that follow a hire, queued and not yet sent, are cancelled.
      if (input.status !== 'hired') await outbox.cancelAfterHire(tx, befores.filter((b) => b.status === 'hired').map((b) => b.id));
      const hired = await hiredCount(openingId, tx);
      const current = await tx.opening.findUniqueOrThrow({ where: { id: openingId } });
      let filled = false;
      if (input.status === 'hired' && current.status === 'open' && isFilled(hired, headcount)) {
        await setOpeningStatus(p, openingId, 'filled', tx);
        filled = true;
      }
      return { applications, hired, filled, headcount };
    });
    if (result.filled) await openingStopped(openingId, 'filled');
    return result;
  }


  return {
    async createWorkshop(p: Principal, input: z.infer<typeof createWorkshopSchema>) {
      let employerId = input.employerId;
      if (p.role === 'employer') {
        if (employerId && employerId !== p.employerId) throw new ForbiddenError('workshop.employer_own_only', 'employerId: an employer key creates workshops for its own employer only');
        employerId = p.employerId ?? undefined;
      }
      const divisionCode = await openings.resolveDivision(input.division);
      if (!canManageWorkshop(p, { employerId: employerId ?? null, divisionCode })) {
        throw new ForbiddenError('division.out_of_scope', `division: ${divisionCode} is outside your divisions (${p.divisionPrefixes.join(', ')})`);
      }
      const w = await openings.createWorkshop({ ...input, division: divisionCode, employerId });
      await audit.record(p, 'workshop.create', 'workshop', w.id, null, w);
      return w;
    },

    async listWorkshops(p: Principal, opts: { limit: number; offset: number }) {
      return db.workshop.findMany({ where: workshopScopeWhere(p), include: withDivision, orderBy: { id: 'asc' }, take: opts.limit, skip: opts.offset });
    },

    async updateWorkshop(p: Principal, id: number, patch: z.infer<typeof updateWorkshopSchema>) {
      const before = await workshopFor(p, id);
      const data: Prisma.WorkshopUncheckedUpdateInput = {};
      if (patch.name !== undefined) data.name = patch.name;
      if (patch.form !== undefined) data.form = patch.form;
      if (patch.latitude !== undefined) data.latitude = patch.latitude;
      if (patch.longitude !== undefined) data.longitude = patch.longitude;
      if (patch.wecomRobotKey !== undefined) data.wecomRobotKey = patch.wecomRobotKey;
      if (patch.contactPhone !== undefined) {
        const phone = normalizePhone(patch.contactPhone);
        if (!phone) throw new ValidationError('phone.invalid', 'contactPhone: not a mainland mobile number');
        data.contactPhone = phone;
      }
      if (patch.division !== undefined) {
        const divisionCode = await openings.resolveDivision(patch.division);
        if (!canManageWorkshop(p, { employerId: before.employerId, divisionCode })) {
          throw new ForbiddenError('division.out_of_scope', `division: ${divisionCode} is outside your divisions`);
        }
        data.divisionCode = divisionCode;
      }
      return db.$transaction(async (tx) => {
        const after = await tx.workshop.update({ where: { id }, data, include: withDivision });
        await audit.record(p, 'workshop.update', 'workshop', id, before, after, tx);
        return after;
      });
    },

    async createOpening(p: Principal, input: z.infer<typeof createOpeningInputSchema>) {
      const w = await db.workshop.findUnique({ where: { id: input.workshopId } });
      if (!w || !canManageWorkshop(p, w)) throw new ValidationError('workshop.not_yours', `workshopId: no workshop ${input.workshopId} among yours`, { params: { id: input.workshopId } });
      const { draft, ...rest } = input;
      const o = await openings.createOpening(rest, { status: draft ? 'draft' : 'open' });
      await audit.record(p, 'opening.create', 'opening', o.id, null, o);
      return o;
    },

    async listOpenings(p: Principal, opts: { status?: OpeningStatusName; workshopId?: number; limit: number; offset: number }) {
      return db.opening.findMany({
        where: { status: opts.status, workshopId: opts.workshopId, workshop: workshopScopeWhere(p) },
        orderBy: { id: 'desc' },
        take: opts.limit,
        skip: opts.offset,
      });
    },

    /**
     * Openings for the console's list: the caller's scope as in listOpenings, narrowed by status,
     * a word in the title or code, and the workshop's place (division prefixes); newest first,
     * with the total for paging.
     */
    async searchOpenings(p: Principal, opts: { statuses?: OpeningStatusName[]; search?: string; divisions?: string[]; limit: number; offset: number }) {
      const and: Prisma.OpeningWhereInput[] = [{ workshop: workshopScopeWhere(p) }];
      if (opts.statuses?.length) and.push({ status: { in: opts.statuses } });
      if (opts.search) and.push({ OR: [{ title: { contains: opts.search } }, { code: { contains: opts.search } }, { workshop: { name: { contains: opts.search } } }] });
      if (opts.divisions?.length) and.push({ workshop: { OR: opts.divisions.map((d) => ({ divisionCode: { startsWith: d } })) } });
      const where: Prisma.OpeningWhereInput = { AND: and };
      const [total, openings] = await Promise.all([
        db.opening.count({ where }),
        db.opening.findMany({
          where,
          include: { workshop: { select: { id: true, name: true, division: { select: { fullName: true } } } }, _count: { select: { applications: true } } },
          orderBy: { id: 'desc' },
          take: opts.limit,
          skip: opts.offset,
        }),
      ]);
      return { total, openings };
    },

    async getOpening(p: Principal, id: number) {
      await openingFor(p, id);
      // The ladder's counts per step (docs/ladder.md) beside the delivery counts.
      return { ...(await openings.getOpening(id)), ladder: await ladderCounts(db, id) };
    },

    async updateOpening(p: Principal, id: number, patch: z.infer<typeof updateOpeningSchema>) {
      const before = await openingFor(p, id);
      if (before.status !== 'draft' && before.status !== 'open') throw new ConflictError('opening.ended_reopen_first', `opening ${id} is ${before.status}; reopen it before editing`);
      const data: Prisma.OpeningUncheckedUpdateInput = {};
      if (patch.title !== undefined) data.title = patch.title;
      if (patch.skills !== undefined) data.skills = openings.resolveSkills(patch.skills);
      if (patch.headcount !== undefined) data.headcount = patch.headcount;
      if (patch.expiresAt !== undefined) data.expiresAt = patch.expiresAt;
      if (patch.wage) Object.assign(data, { wageMin: patch.wage.min, wageMax: patch.wage.max, wageUnit: patch.wage.unit });
      if (patch.startsAt !== undefined) {
        data.startsAt = patch.startsAt;
        // Day labour expires when the work starts (opening-service): a new start moves it too.
        if (before.dayLabour && patch.expiresAt === undefined) data.expiresAt = patch.startsAt;
      }
      Object.assign(data, termsColumns(patch.terms));
      const { workshop: _w, ...beforeRow } = before;
      const r = await db.$transaction(async (tx) => {
        // Under the opening's lock (as hiring takes it): a headcount below the hires already made
        // is refused, and one equal to them fills an open opening, as the last hire would.
        await tx.$queryRaw`SELECT id FROM openings WHERE id = ${id} FOR UPDATE`;
        let filled = false;
        if (patch.headcount !== undefined) {
          const hired = await hiredCount(id, tx);
          if (patch.headcount < hired) throw new ConflictError('opening.headcount_below_hired', `headcount ${patch.headcount} is below the ${hired} already hired`, { params: { headcount: patch.headcount, hired } });
          filled = hired > 0 && isFilled(hired, patch.headcount);
        }
        const updated = await tx.opening.update({ where: { id }, data });
        await audit.record(p, 'opening.update', 'opening', id, beforeRow, updated, tx);
        const after = filled && updated.status === 'open' ? await setOpeningStatus(p, id, 'filled', tx) : updated;
        return { after, filled: after.status === 'filled' && updated.status === 'open' };
      });
      if (r.filled) await openingStopped(id, 'filled');
      return r.after;
    },

    /** Publishes a draft, or reopens a filled, closed or expired opening (with a future expiry). */
    async openOpening(p: Principal, id: number) {
      const o = await openingFor(p, id);
      if (o.expiresAt && o.expiresAt.getTime() <= now().getTime()) {
        throw new ConflictError('opening.expired_set_later', `opening ${id} expired at ${o.expiresAt.toISOString()}; set a later expiresAt (PATCH) first`);
      }
      return db.$transaction((tx) => setOpeningStatus(p, id, 'open', tx));
    },

    async broadcast(p: Principal, id: number, opts: { dryRun: boolean; sendToAll?: boolean }) {
      const r = await openings.broadcast(await openingFor(p, id), opts);
      if (!r.dryRun) await audit.record(p, 'opening.broadcast', 'campaign', r.campaignId, null, { openingId: id, campaignId: r.campaignId });
      return r;
    },

    /** What a broadcast would do now: recipients, skips by reason, segments, cost, quiet-hours deferral, finish time. */
    async preflight(p: Principal, id: number) {
      const o = await openingFor(p, id);
      const breakdown = await matchBreakdown(o);
      const alert = await matching.alertPreview(o);
      const start = now();
      const wouldAlert = breakdown.firstWave;
      const plan = planSends(wouldAlert, start, config.SMS_SEND_RATE_PER_SECOND, config.QUIET_HOURS, config.QUIET_HOURS_SPREAD_MS);
      return {
        openingId: id,
        status: o.status,
        canBroadcast: isLive(o, start),
        ...breakdown,
        message: alert.text,
        segmentsPerMessage: alert.segments,
        wouldAlert,
        // Calls and texts side by side: a worker who gets calls gets no SMS for this alert.
        texts: wouldAlert - breakdown.calls,
        totalSegments: (wouldAlert - breakdown.calls) * alert.segments,
        pricePerSegment: config.SMS_PRICE_PER_SEGMENT,
        estimatedCost: segmentCost((wouldAlert - breakdown.calls) * alert.segments, config.SMS_PRICE_PER_SEGMENT),
        pricePerCall: config.VOICE_PRICE_PER_CALL,
        callCost: callCost(breakdown.calls, config.VOICE_PRICE_PER_CALL),
        deferredByQuietHours: plan.deferredByQuietHours,
        ratePerSecond: config.SMS_SEND_RATE_PER_SECOND,
        estimatedFinishAt: plan.finishAt,
      };
    },

    /**
     * The wage benchmark for a skill and a place (docs/honest-posts.md): per wage unit the count
     * of the county's openings of the last year and, from 3 on, their median pay.
     */
    async wageBenchmark(skillWord: string, place: string) {
      const skill = openings.resolveSkills([skillWord])[0];
      if (!skill) throw new ValidationError('skill.unknown', `skill: "${skillWord}" is general work; name a skill`, { params: { skills: `"${skillWord}"` } });
      const divisionCode = await openings.resolveDivision(place);
      const [units, county] = await Promise.all([wageBenchmark(db, skill, divisionCode, now()), countyName(db, divisionCode)]);
      return { skill, county: divisionCode.slice(0, 6), countyName: county, units, line: benchmarkLine(county, skill, units) };
    },

    /** Throws NotFound unless the principal may see the opening (admin, its employer, its stations). */
    async assertOpening(p: Principal, id: number): Promise<void> {
      await openingFor(p, id);
    },

    /** Who was alerted for the opening and why (score and reasons), page by page. */
    async listMatches(p: Principal, id: number, page: number, pageSize: number) {
      return matching.listMatches(await openingFor(p, id), page, pageSize);
    },

    /** Fills or closes an opening and stops every pending wave and alert at once. */
    async stopOpening(p: Principal, id: number, status: 'filled' | 'closed') {
      const o = await openingFor(p, id);
      // Asking again is a no-op that still sweeps anything a crash left queued.
      if (o.status !== status && !canMoveOpening(o.status, status)) {
        throw new ConflictError('opening.bad_transition', `opening ${id} is ${o.status}; it cannot become ${status}`, { params: { from: o.status, to: status } });
      }
      const r = await matching.stopOpening(id, status);
      if (o.status !== status) {
        await audit.record(p, `opening.${status}`, 'opening', id, { status: o.status }, { status, cancelledNotifications: r.cancelledNotifications });
      }
      return r;
    },

    /** Broadcasts of an opening with their delivery counts, newest first: progress and results. */
    async listCampaigns(p: Principal, openingId: number) {
      await openingFor(p, openingId);
      return campaignProgress(db, { openingId });
    },

    async listApplications(p: Principal, openingId: number, status?: z.infer<typeof applicationStatusSchema>) {
      await openingFor(p, openingId);
      return db.application.findMany({
        where: { openingId, status },
        include: { worker: { select: { id: true, name: true, phone: true, divisionCode: true, skills: true, division: { select: { fullName: true } } } } },
        orderBy: { id: 'asc' },
      });
    },

    /** An opening's applicants a page at a time, by status and a part of the name or phone, with the total. */
    async pageApplications(p: Principal, openingId: number, opts: { statuses?: z.infer<typeof applicationStatusSchema>[]; search?: string; limit: number; offset: number }) {
      await openingFor(p, openingId);
      const like = opts.search;
      const where: Prisma.ApplicationWhereInput = {
        openingId,
        ...(opts.statuses?.length ? { status: { in: opts.statuses } } : {}),
        ...(like ? { worker: { OR: [{ name: { contains: like } }, { phone: { contains: like } }] } } : {}),
      };
      const [total, items] = await Promise.all([
        db.application.count({ where }),
        db.application.findMany({
          where,
          include: { worker: { select: { id: true, name: true, phone: true, divisionCode: true, skills: true, division: { select: { fullName: true } } } } },
          orderBy: { id: 'asc' },
          take: opts.limit,
          skip: opts.offset,
        }),
      ]);
      return { total, items };
    },

    /**
     * Ties a workshop (one a station made, say) to an employer account, so that employer's
     * users see and manage it; null unties it. Stations may tie a workshop of theirs that has no
     * employer yet; moving one from an employer to another, or untying it, is an admin's. An
     * employer never changes who owns a workshop.
     */
    async assignWorkshopEmployer(p: Principal, id: number, employerId: number | null) {
      if (p.role === 'employer') throw new ForbiddenError('workshop.assign_forbidden', 'only a station or an admin ties a workshop to an employer');
      const before = await workshopFor(p, id);
      if (before.employerId === employerId) return before;
      if (p.role !== 'admin' && before.employerId !== null) {
        throw new ForbiddenError('workshop.assign_admin_only', `workshop ${id} already belongs to employer ${before.employerId}; only an admin can change that`);
      }
      if (employerId !== null && !(await db.employer.findUnique({ where: { id: employerId } }))) {
        throw new ValidationError('employer.unknown', `employerId: no employer ${employerId}`, { params: { id: employerId } });
      }
      return db.$transaction(async (tx) => {
        const after = await tx.workshop.update({ where: { id }, data: { employerId }, include: withDivision });
        await audit.record(p, 'workshop.assign_employer', 'workshop', id, { employerId: before.employerId }, { employerId }, tx);
        return after;
      });
    },

    /** Records a station's check of the workshop's employer (audited as workshop.verify). */
    async verifyWorkshop(p: Principal, id: number, input: z.infer<typeof verifyWorkshopSchema>) {
      if (p.role === 'employer') throw new ForbiddenError('workshop.verify_forbidden', 'only a station or an admin verifies a workshop');
      const before = await workshopFor(p, id);
      return db.$transaction(async (tx) => {
        const after = await tx.workshop.update({
          where: { id },
          data: { verifiedAt: now(), verifiedBy: p.actor, verifiedLicence: input.licence, verifiedContact: input.contactName, supportWorkshop: input.supportWorkshop },
          include: withDivision,
        });
        await audit.record(p, 'workshop.verify', 'workshop', id, verificationOf(before), verificationOf(after), tx);
        return after;
      });
    },

    /** Withdraws a check (the licence turned out false, the contact changed): 已核验 goes. */
    async unverifyWorkshop(p: Principal, id: number) {
      if (p.role === 'employer') throw new ForbiddenError('workshop.verify_forbidden', 'only a station or an admin verifies a workshop');
      const before = await workshopFor(p, id);
      return db.$transaction(async (tx) => {
        const after = await tx.workshop.update({ where: { id }, data: { verifiedAt: null, verifiedBy: null, verifiedLicence: false, verifiedContact: null }, include: withDivision });
        await audit.record(p, 'workshop.unverify', 'workshop', id, verificationOf(before), verificationOf(after), tx);
        return after;
      });
    },

    /** Whether the workshop's broadcasts wait for a station's review (docs/honest-posts.md). */
    async setReviewMode(p: Principal, id: number, mode: z.infer<typeof reviewModeSchema>) {
      if (p.role === 'employer') throw new ForbiddenError('workshop.verify_forbidden', 'only a station or an admin sets review');
      const before = await workshopFor(p, id);
      if (before.reviewBroadcasts === mode) return before;
      return db.$transaction(async (tx) => {
        const after = await tx.workshop.update({ where: { id }, data: { reviewBroadcasts: mode }, include: withDivision });
        await audit.record(p, 'workshop.review_mode', 'workshop', id, { reviewBroadcasts: before.reviewBroadcasts }, { reviewBroadcasts: mode }, tx);
        return after;
      });
    },

    async getWorkshop(p: Principal, id: number) {
      return workshopFor(p, id);
    },

    /** Marks an applicant contacted, hired or declined; enough hires fill the opening. */
    async updateApplication(p: Principal, openingId: number, applicationId: number, input: z.infer<typeof updateApplicationSchema>) {
      const r = await changeApplications(p, openingId, [applicationId], input);
      return { application: r.applications[0]!, hired: r.hired, filled: r.filled, headcount: r.headcount };
    },

    /**
     * Several applicants of one opening marked at once (the console's bulk action), in one
     * transaction through the same steps as a single change: each audited, enough hires fill
     * the opening. Hiring that would pass the headcount is refused whole (nothing changes).
     */
    async updateApplications(p: Principal, openingId: number, applicationIds: readonly number[], input: z.infer<typeof updateApplicationSchema>) {
      return changeApplications(p, openingId, applicationIds, input);
    },
    /** Moves openings past their expiry to `expired` (maintenance sweep); returns their ids. */
    async expireOpenings(): Promise<number[]> {
      const rows = await db.$queryRaw<{ id: number; status: string }[]>`
        UPDATE openings o SET status = 'expired', updated_at = now()
        FROM (SELECT id, status FROM openings WHERE status IN ('draft', 'open') AND expires_at <= ${now()} FOR UPDATE) old
        WHERE o.id = old.id
        RETURNING o.id, old.status::text AS status`;
      for (const r of rows) {
        await audit.record(SYSTEM_SWEEP, 'opening.expired', 'opening', r.id, { status: r.status }, { status: 'expired' });
        await openingStopped(r.id, 'expired');
      }
      return rows.map((r) => r.id);
    },
  };
}

export type EmployerService = ReturnType<typeof createEmployerService>;
