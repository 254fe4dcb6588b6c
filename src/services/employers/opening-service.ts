import { YEAR_AHEAD_MS } from '../../domain/schedule.js';
import { z } from 'zod';
import { rowId } from '../../db/ids.js';
import type { Db } from '../../db/prisma.js';
import { zodMessage } from '../../domain/error-codes.js';
import { GENERAL_LABOUR } from '../../domain/matching.js';
import { isLive } from '../../domain/opening-life.js';
import { normalizePhone } from '../../domain/phone.js';
import { SMS_CONTROL_CHARS } from '../../domain/sms-segments.js';
import { LODGING, MEALS, PAY_DAY_MAX, SHIFTS_MAX, START_PLACE_MAX } from '../../domain/opening-terms.js';
import { shortPlaceName, type PlaceIndex } from '../../domain/places.js';
import { resolveSkill } from '../../domain/skills.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { QueueClient } from '../../queues/queue-client.js';
import type { OpeningForMatch } from '../matching/candidates.js';
import type { MatchService } from '../matching/match-service.js';
import { DELIVERY_COUNTS_SQL, deliveryCounts, SENT_SQL, type DeliveryCountColumns } from './delivery-counts.js';

/** A place name or code as people type it: 元阳县新街镇胜村 is 8 characters. */
export const PLACE_MAX_CHARS = 60;

export const workFormSchema = z.enum(['county_workshop', 'village_plant', 'home_workshop']).describe(
  'county_workshop 县城车间, village_plant 乡村小厂, home_workshop 家庭作坊',
);

export const createWorkshopSchema = z.object({
  name: z.string().trim().min(1).max(40),
  form: workFormSchema,
  division: z.string().trim().min(1).max(PLACE_MAX_CHARS).describe('A division code (6, 9 or 12 digits) or a place name such as 元阳县新街镇'),
  contactPhone: z.string().trim().min(1).max(40).describe('Mainland mobile; applicants are announced to it by SMS'),
  employerId: rowId().optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  wecomRobotKey: z
    .string()
    .regex(/^[A-Za-z0-9-]{8,64}$/, "the key= part of the robot's webhook URL")
    .optional()
    .describe('WeCom group robot key: applicant notices go to that group instead of an SMS to contactPhone'),
});

const noControl = (field: string) => [(s: string) => !SMS_CONTROL_CHARS.test(s), zodMessage('text.control_chars', `${field}: no control characters (NUL, line breaks, tabs)`)] as const;

/**
 * An opening's terms (docs/honest-posts.md): what workers ask before they say yes. The pay type
 * is wage.unit. payDay is required of new openings through the API and the console
 * (createOpeningInputSchema); rows made before it existed have none.
 */
export const openingTermsSchema = z.object({
  startPlace: z.string().trim().min(1).max(START_PLACE_MAX).refine(...noControl('terms.startPlace')).nullable().optional().describe('Where to meet or start (村口, 乡政府门口); the start time is startsAt'),
  payDay: z.string().trim().min(1).max(PAY_DAY_MAX).refine(...noControl('terms.payDay')).optional().describe('When pay is paid: 每月15日, 日结, 完工结. Required for new openings'),
  meals: z.enum(MEALS).nullable().optional().describe('provided 包吃, allowance 餐补; null: none'),
  lodging: z.enum(LODGING).nullable().optional().describe('dorm 住宿, couple 夫妻间; null: none'),
  transport: z.boolean().optional().describe('接送: the employer fetches workers'),
  shifts: z.string().trim().min(1).max(SHIFTS_MAX).refine(...noControl('terms.shifts')).nullable().optional().describe('长白班, 上六休一'),
  childcare: z.boolean().optional().describe('可带娃'),
  accidentInsurance: z.boolean().optional().describe('The employer buys accident insurance (意外险)'),
});
export type OpeningTermsInput = z.infer<typeof openingTermsSchema>;

/** The columns of a terms input (undefined leaves a column as it is). */
export function termsColumns(t: OpeningTermsInput | undefined) {
  if (!t) return {};
  return {
    ...(t.startPlace !== undefined ? { startPlace: t.startPlace } : {}),
    ...(t.payDay !== undefined ? { payDay: t.payDay } : {}),
    ...(t.meals !== undefined ? { meals: t.meals } : {}),
    ...(t.lodging !== undefined ? { lodging: t.lodging } : {}),
    ...(t.transport !== undefined ? { transport: t.transport } : {}),
    ...(t.shifts !== undefined ? { shifts: t.shifts } : {}),
    ...(t.childcare !== undefined ? { childcare: t.childcare } : {}),
    ...(t.accidentInsurance !== undefined ? { accidentInsurance: t.accidentInsurance } : {}),
  };
}

export const createOpeningSchema = z
  .object({
    workshopId: rowId(),
    title: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .refine((s) => !SMS_CONTROL_CHARS.test(s), zodMessage('text.control_chars', 'title: no control characters (NUL, line breaks, tabs)'))
      .describe('Short: it is part of a 70-character SMS'),
    skills: z.array(z.string().trim().min(1)).max(10).describe('Canonical skill names or synonyms; [] or ["普工"] for general work'),
    headcount: z.number().int().min(1).max(10_000),
    wage: z.object({
      min: z.number().int().min(0).max(1_000_000),
      max: z.number().int().min(0).max(1_000_000),
      unit: z.enum(['month', 'day', 'hour', 'piece']),
    }),
    expiresAt: z.coerce.date().optional(),
    reachTownship: z.boolean().default(false).describe('Village plant: reach its whole township, not only its village'),
    deliveryTownships: z
      .array(z.string().trim().min(1))
      .max(50)
      .default([])
      .describe('Home piecework: townships (codes or names) work is delivered to; empty means the whole county'),
    preferReturnees: z.boolean().default(false).describe('Rank returning migrants (返乡人员) higher'),
    dayLabour: z.boolean().default(false).describe('Day labour (零工): waves minutes apart; expires at startsAt'),
    startsAt: z.coerce.date().optional().describe('When the work starts; required for day labour'),
    terms: openingTermsSchema.optional().describe('Pay day, meals, lodging, transport, shifts, childcare, insurance, where to start (docs/honest-posts.md)'),
  })
  .refine((o) => !o.dayLabour || o.startsAt, { path: ['startsAt'], message: zodMessage('opening.day_labour_needs_start', 'day labour needs a start time') })
  .refine((o) => !o.startsAt || o.startsAt.getTime() > Date.now(), { path: ['startsAt'], message: zodMessage('time.must_be_future', 'must be in the future') })
  .refine((o) => o.wage.min <= o.wage.max, { path: ['wage', 'max'], message: zodMessage('wage.max_below_min', 'wage.max must not be below wage.min') })
  .refine((o) => !o.expiresAt || o.expiresAt.getTime() > Date.now(), { path: ['expiresAt'], message: zodMessage('time.must_be_future', 'must be in the future') })
  // A year ahead at most (9999-12-31 is a slip; an SMS saying 12月31日 has no year to tell).
  .refine((o) => !o.startsAt || o.startsAt.getTime() <= Date.now() + YEAR_AHEAD_MS, { path: ['startsAt'], message: zodMessage('time.too_far', 'at most a year ahead') })
  .refine((o) => !o.expiresAt || o.expiresAt.getTime() <= Date.now() + YEAR_AHEAD_MS, { path: ['expiresAt'], message: zodMessage('time.too_far', 'at most a year ahead') });

export type CreateWorkshop = z.infer<typeof createWorkshopSchema>;
export type CreateOpening = z.infer<typeof createOpeningSchema>;

export interface OpeningDeps {
  db: Db;
  places: Pick<PlaceIndex, 'lookup'>;
  queues: Pick<QueueClient, 'add'>;
  matching: Pick<MatchService, 'preflight' | 'startBroadcast'>;
}

export function createOpeningService({ db, places, queues, matching }: OpeningDeps) {
  async function resolveDivision(input: string): Promise<string> {
    // The longest full name of a village is under 30 characters; looking up a long string
    // costs time that grows with its length (40,000 characters took ~0.4 s).
    if (input.length > PLACE_MAX_CHARS) throw new ValidationError('division.too_long', `division: at most ${PLACE_MAX_CHARS} characters (a code or a place name)`, { params: { max: PLACE_MAX_CHARS } });
    if (/^\d+$/.test(input)) {
      const found = await db.division.findUnique({ where: { code: input } });
      if (!found || found.level === 'province' || found.level === 'prefecture') {
        throw new ValidationError('division.no_code', `division: no county, township or village has code ${input}`, { params: { code: input } });
      }
      return found.code;
    }
    // The full name as the console shows it (云南省红河哈尼族彝族自治州元阳县新街镇, 红河州元阳县新街镇)
    // names the same place as 元阳县新街镇 (red team, issue #18).
    const name = input.replace(/^云南省?/u, '').replace(/^(?:红河哈尼族彝族自治州|红河州)/u, '') || input;
    const candidates = places.lookup(name);
    // Exact: the place's own name, or its full name's end from a name's start (元阳县新街镇); not
    // any tail of it — 新街乡 is the tail of 小新街乡 but names no place, so it is ambiguous.
    const exact = candidates.filter((c) => c.name === name || (c.fullName.endsWith(name) && name.endsWith(c.name) && name.length > c.name.length));
    const pick = exact.length === 1 ? exact[0] : candidates.length === 1 ? candidates[0] : undefined;
    if (pick) return pick.code;
    if (candidates.length === 0) throw new ValidationError('division.unknown_place', `division: no place in the loaded prefectures is called "${input}"`, { params: { name: input } });
    throw new ValidationError('division.ambiguous', `division: "${input}" could mean several places; send one of their codes`, {
      // The sentence names the places meant, so whoever typed the name can pick one (issue #18).
      params: { name: input, options: candidates.slice(0, 6).map((c) => shortPlaceName(c.fullName)).join('、') + (candidates.length > 6 ? ` 等 ${candidates.length} 处` : '') },
      details: { candidates: candidates.slice(0, 10).map((c) => ({ code: c.code, fullName: c.fullName })) },
    });
  }

  function resolveSkills(words: string[]): string[] {
    const unknown: string[] = [];
    const out = new Set<string>();
    for (const w of words) {
      const skill = resolveSkill(w);
      if (!skill) unknown.push(w);
      else if (skill.name !== GENERAL_LABOUR) out.add(skill.name);
    }
    if (unknown.length > 0) throw new ValidationError('skill.unknown', `skills: unknown skill ${unknown.map((u) => `"${u}"`).join(', ')}`, { params: { skills: unknown.map((u) => `"${u}"`).join(', ') } });
    return [...out];
  }

  return {
    /** A county, township or village by code or by name (新街镇, 元阳新街, 胜村); an ambiguous or unknown name is a ValidationError. */
    resolvePlace: resolveDivision,

    async createWorkshop(input: CreateWorkshop) {
      const contactPhone = normalizePhone(input.contactPhone);
      if (!contactPhone) throw new ValidationError('phone.invalid', 'contactPhone: not a mainland mobile number');
      if (input.employerId && !(await db.employer.findUnique({ where: { id: input.employerId } }))) {
        throw new ValidationError('employer.unknown', `employerId: no employer ${input.employerId}`, { params: { id: input.employerId } });
      }
      const divisionCode = await resolveDivision(input.division);
      return db.workshop.create({
        data: {
          name: input.name,
          form: input.form,
          divisionCode,
          contactPhone,
          employerId: input.employerId ?? null,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          wecomRobotKey: input.wecomRobotKey ?? null,
        },
        include: { division: { select: { fullName: true } } },
      });
    },

    resolveDivision,
    resolveSkills,

    async createOpening(raw: z.input<typeof createOpeningSchema>, opts: { status?: 'draft' | 'open' } = {}) {
      // Parsing again fills the defaults for callers that are not routes (tests, the console, scripts).
      const input: CreateOpening = createOpeningSchema.parse(raw);
      const workshop = await db.workshop.findUnique({ where: { id: input.workshopId } });
      if (!workshop) throw new ValidationError('workshop.unknown', `workshopId: no workshop ${input.workshopId}`, { params: { id: input.workshopId } });
      if (input.deliveryTownships.length > 0 && workshop.form !== 'home_workshop') {
        throw new ValidationError('opening.delivery_needs_home_workshop', 'deliveryTownships: only home piecework (home_workshop) is delivered');
      }
      if (input.reachTownship && workshop.form !== 'village_plant') {
        throw new ValidationError('opening.reach_needs_village_plant', 'reachTownship: only a village plant (village_plant) reaches by village or township');
      }
      const deliveryTownships: string[] = [];
      for (const t of input.deliveryTownships) {
        const code = await resolveDivision(t);
        if (code.length !== 9) throw new ValidationError('division.not_township', `deliveryTownships: "${t}" is not a township`, { params: { name: t } });
        deliveryTownships.push(code);
      }
      return db.opening.create({
        data: {
          workshopId: workshop.id,
          title: input.title,
          skills: resolveSkills(input.skills),
          headcount: input.headcount,
          wageMin: input.wage.min,
          wageMax: input.wage.max,
          wageUnit: input.wage.unit,
          // Day labour is of no use once the work has started.
          expiresAt: input.expiresAt ?? (input.dayLabour ? input.startsAt : null) ?? null,
          status: opts.status ?? 'open',
          reachTownship: input.reachTownship,
          deliveryTownships,
          preferReturnees: input.preferReturnees,
          dayLabour: input.dayLabour,
          startsAt: input.startsAt ?? null,
          ...termsColumns(input.terms),
        },
      });
    },

    /** An opening with its delivery counts across all its broadcasts. */
    async getOpening(id: number) {
      const opening = await db.opening.findUnique({ where: { id }, include: { workshop: true } });
      if (!opening) throw new NotFoundError('opening.not_found', `opening ${id} not found`, { params: { id } });
      const rows = await db.$queryRaw<({ matched: bigint; segments: bigint | null } & DeliveryCountColumns)[]>`
        SELECT count(*) AS matched, ${DELIVERY_COUNTS_SQL},
               sum(n.segments) FILTER (WHERE ${SENT_SQL}) AS segments
        FROM notifications n JOIN campaigns c ON c.id = n.campaign_id
        WHERE c.opening_id = ${id}`;
      const applied = await db.application.count({ where: { openingId: id } });
      const c = rows[0];
      return {
        opening,
        counts: {
          matched: Number(c?.matched ?? 0),
          ...deliveryCounts(c),
          applied,
          segments: Number(c?.segments ?? 0),
        },
      };
    },

    /** Starts a broadcast (matching runs in the match queue), or with dryRun counts who would be alerted. */
    async broadcast(opening: OpeningForMatch, opts: { dryRun: boolean; sendToAll?: boolean }) {
      const id = opening.id;
      if (opening.status !== 'open') throw new ConflictError('opening.not_open', `opening ${id} is ${opening.status}; only open openings can be broadcast`, { params: { status: opening.status } });
      // Open but not live: past its expiry, or day labour that has started.
      if (!isLive(opening, new Date())) throw new ConflictError('opening.expired', `opening ${id} has expired`);
      const pre = await matching.preflight(opening);
      if (opts.dryRun) return { dryRun: true as const, ...pre };
      // An empty send would only create a campaign that says 0 were alerted.
      if (pre.matched === 0) throw new ConflictError('opening.nobody_to_alert', `opening ${id} has nobody left to alert`);
      const campaign = await matching.startBroadcast(opening, { sendToAll: opts.sendToAll ?? false });
      return { dryRun: false as const, campaignId: campaign.id, status: campaign.status };
    },
  };
}

export type OpeningService = ReturnType<typeof createOpeningService>;
