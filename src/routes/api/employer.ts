import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rowIdParam } from '../../db/ids.js';
import type { Opening } from '../../generated/prisma/client.js';
import { APPLICATION_FLAG_TEXT } from '../../domain/abuse-limits.js';
import type { Role } from '../../domain/access.js';
import {
  applicationStatusSchema,
  createOpeningInputSchema,
  SKIP_REASONS,
  updateApplicationSchema,
  updateOpeningSchema,
  updateWorkshopSchema,
  reviewModeSchema,
  verifyWorkshopSchema,
} from '../../services/employers/employer-service.js';
import { REVIEW_MODES } from '../../domain/employer-review.js';
import { createWorkshopSchema, workFormSchema } from '../../services/employers/opening-service.js';
import { errorResponses, idempotencyHeader, idParams, pageQuery } from './schemas.js';
import { preflightOut } from './matches.js';

const workshopOut = z.object({
  id: z.number(),
  employerId: z.number().nullable(),
  name: z.string(),
  form: workFormSchema,
  divisionCode: z.string(),
  divisionName: z.string(),
  contactPhone: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  /** The key itself is a secret (anyone holding it can post to the group): only whether one is set. */
  wecomRobot: z.boolean().describe('Applicant notices go to a WeCom group robot'),
  createdAt: z.date(),
  verification: z
    .object({ verifiedAt: z.date().nullable(), verifiedBy: z.string().nullable(), licence: z.boolean(), contactName: z.string().nullable(), supportWorkshop: z.boolean() })
    .describe("A station's check of the employer (docs/honest-posts.md); alerts say 已核验 while verifiedAt is set"),
  reviewBroadcasts: z.enum(REVIEW_MODES).describe("off; unverified: broadcasts wait for a station's review until verified; always: every broadcast waits"),
});

const openingStatus = z.enum(['draft', 'open', 'filled', 'closed', 'expired']);

const openingOut = z.object({
  id: z.number(),
  code: z.string(),
  workshopId: z.number(),
  title: z.string(),
  skills: z.array(z.string()),
  headcount: z.number(),
  wage: z.object({ min: z.number(), max: z.number(), unit: z.enum(['month', 'day', 'hour', 'piece']) }),
  status: openingStatus,
  expiresAt: z.date().nullable(),
  createdAt: z.date(),
  reachTownship: z.boolean(),
  deliveryTownships: z.array(z.string()),
  preferReturnees: z.boolean(),
  dayLabour: z.boolean(),
  startsAt: z.date().nullable(),
  terms: z.object({
    startPlace: z.string().nullable(),
    payDay: z.string().nullable().describe('Null only on openings made before pay days were asked'),
    meals: z.string().nullable(),
    lodging: z.string().nullable(),
    transport: z.boolean(),
    shifts: z.string().nullable(),
    childcare: z.boolean(),
    accidentInsurance: z.boolean(),
  }),
});

/** The ladder's steps per channel (docs/ladder.md): taken, sent, reached, failed, went unanswered, stopped, current. */
const ladderOut = z.object({
  channel: z.enum(['wechat', 'sms', 'voice', 'call_task']),
  steps: z.number(),
  sent: z.number(),
  reached: z.number(),
  failed: z.number(),
  noReply: z.number(),
  stopped: z.number(),
  open: z.number(),
});

const countsOut = z.object({
  matched: z.number(),
  queued: z.number(),
  sent: z.number(),
  delivered: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  applied: z.number(),
  segments: z.number().describe('SMS segments billed so far'),
});

type OpeningRow = Opening;

const toOpening = (o: OpeningRow): z.infer<typeof openingOut> => ({
  id: o.id,
  code: o.code,
  workshopId: o.workshopId,
  title: o.title,
  skills: o.skills,
  headcount: o.headcount,
  wage: { min: o.wageMin, max: o.wageMax, unit: o.wageUnit },
  status: o.status,
  expiresAt: o.expiresAt,
  createdAt: o.createdAt,
  reachTownship: o.reachTownship,
  deliveryTownships: o.deliveryTownships,
  preferReturnees: o.preferReturnees,
  dayLabour: o.dayLabour,
  startsAt: o.startsAt,
  terms: {
    startPlace: o.startPlace,
    payDay: o.payDay,
    meals: o.meals,
    lodging: o.lodging,
    transport: o.transport,
    shifts: o.shifts,
    childcare: o.childcare,
    accidentInsurance: o.accidentInsurance,
  },
});

const toWorkshop = ({
  division,
  wecomRobotKey,
  verifiedAt,
  verifiedBy,
  verifiedLicence,
  verifiedContact,
  supportWorkshop,
  reviewBroadcasts,
  ...w
}: {
  division: { fullName: string };
  wecomRobotKey: string | null;
  verifiedAt: Date | null;
  verifiedBy: string | null;
  verifiedLicence: boolean;
  verifiedContact: string | null;
  supportWorkshop: boolean;
  reviewBroadcasts: string;
} & Omit<z.infer<typeof workshopOut>, 'divisionName' | 'wecomRobot' | 'verification' | 'reviewBroadcasts'>): z.infer<typeof workshopOut> => ({
  ...w,
  divisionName: division.fullName,
  wecomRobot: Boolean(wecomRobotKey),
  verification: { verifiedAt, verifiedBy, licence: verifiedLicence, contactName: verifiedContact, supportWorkshop },
  reviewBroadcasts: (REVIEW_MODES as readonly string[]).includes(reviewBroadcasts) ? (reviewBroadcasts as (typeof REVIEW_MODES)[number]) : 'off',
});

const applicationOut = z.object({
  id: z.number(),
  status: applicationStatusSchema,
  channel: z.enum(['sms', 'wechat', 'console', 'voice']),
  note: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  flag: z.string().nullable().describe('"rate": the phone went past the application limits around this time (a sweep, or a phone used in someone else\'s name); null when nothing is known against it'),
  flaggedAt: z.date().nullable(),
  flagReason: z.string().nullable().describe('The flag in words, for people'),
  // After a hire (docs/after-hire.md): its terms, and the worker's answers by text.
  hiredAt: z.date().nullable(),
  startAt: z.date().nullable(),
  startPlace: z.string().nullable(),
  firstPayAt: z.date().nullable().describe('The first pay day (its Beijing midnight)'),
  arrivedAt: z.date().nullable().describe('The worker answered 已到岗'),
  noShowAt: z.date().nullable().describe('The worker answered 没去成'),
  paidAt: z.date().nullable().describe('The worker answered 工资已到账'),
  unpaidAt: z.date().nullable().describe('The worker answered 没拿到 (a 欠薪 case was opened)'),
  worker: z.object({
    id: z.number(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    divisionCode: z.string().nullable(),
    divisionName: z.string().nullable(),
    skills: z.array(z.string()),
  }),
});

const campaignOut = z.object({
  id: z.number(),
  status: z.string(),
  matched: z.number(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  reviewNote: z.string().nullable().describe('Why a station turned this broadcast down after review (status cancelled)'),
  counts: z.object({ queued: z.number(), sent: z.number(), delivered: z.number(), failed: z.number(), cancelled: z.number() }),
});

// Employers act on their own workshops; stations (caseworkers) on those in their divisions.
const ALL: Role[] = ['admin', 'employer', 'caseworker'];
const STAFF: Role[] = ['admin', 'caseworker'];
const openingApplicationParams = z.object({ id: rowIdParam(), applicationId: rowIdParam() });

/** Workshops, openings, broadcasts and applicants: what an employer (or a station acting for one) does. */
export const employerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireApiKey);
  const tags = ['employer'];
  const svc = app.ctx.services.employer;

  app.post(
    '/workshops',
    { config: { roles: ALL, idempotent: true }, schema: { tags, headers: idempotencyHeader, body: createWorkshopSchema, response: { 201: workshopOut, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(toWorkshop(await svc.createWorkshop(req.principal, req.body))),
  );

  app.get(
    '/workshops',
    { config: { roles: ALL }, schema: { tags, summary: 'Your workshops', querystring: pageQuery, response: { 200: z.array(workshopOut), ...errorResponses } } },
    async (req) => (await svc.listWorkshops(req.principal, req.query)).map(toWorkshop),
  );

  app.patch(
    '/workshops/:id',
    { config: { roles: ALL }, schema: { tags, params: idParams, body: updateWorkshopSchema, response: { 200: workshopOut, ...errorResponses } } },
    async (req) => toWorkshop(await svc.updateWorkshop(req.principal, req.params.id, req.body)),
  );

  // A station's check and the review option: stations and admins only (docs/honest-posts.md).
  app.post(
    '/workshops/:id/verification',
    { config: { roles: STAFF }, schema: { tags, summary: "Record a station's check of the workshop's employer (licence or ID seen, real-name contact, 帮扶车间)", params: idParams, body: verifyWorkshopSchema, response: { 200: workshopOut, ...errorResponses } } },
    async (req) => toWorkshop(await svc.verifyWorkshop(req.principal, req.params.id, req.body)),
  );

  app.delete(
    '/workshops/:id/verification',
    { config: { roles: STAFF }, schema: { tags, summary: 'Withdraw the check: alerts no longer say 已核验', params: idParams, response: { 200: workshopOut, ...errorResponses } } },
    async (req) => toWorkshop(await svc.unverifyWorkshop(req.principal, req.params.id)),
  );

  app.put(
    '/workshops/:id/review',
    { config: { roles: STAFF }, schema: { tags, summary: "Whether the workshop's broadcasts wait for a station's review", params: idParams, body: z.object({ mode: reviewModeSchema }), response: { 200: workshopOut, ...errorResponses } } },
    async (req) => toWorkshop(await svc.setReviewMode(req.principal, req.params.id, req.body.mode)),
  );

  app.post(
    '/openings',
    { config: { roles: ALL, idempotent: true }, schema: { tags, headers: idempotencyHeader, body: createOpeningInputSchema, response: { 201: openingOut, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(toOpening(await svc.createOpening(req.principal, req.body))),
  );

  app.get(
    '/wage-benchmark',
    {
      config: { roles: ALL },
      schema: {
        tags,
        summary: 'Median pay of the county\'s openings of a skill in the last year, per wage unit (a median only from 3 openings on)',
        querystring: z.object({ skill: z.string().trim().min(1).max(20), division: z.string().trim().min(1).max(60).describe('A division code or place name; its county counts') }),
        response: {
          200: z.object({
            skill: z.string(),
            county: z.string(),
            countyName: z.string(),
            units: z.array(z.object({ unit: z.enum(['month', 'day', 'hour', 'piece']), count: z.number(), median: z.number().nullable() })),
            line: z.string().describe('The benchmark in words, as the console shows it'),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => svc.wageBenchmark(req.query.skill, req.query.division),
  );

  app.get(
    '/openings',
    {
      config: { roles: ALL },
      schema: {
        tags,
        summary: 'Your openings, newest first',
        querystring: pageQuery.extend({ status: openingStatus.optional(), workshopId: rowIdParam().optional() }),
        response: { 200: z.array(openingOut), ...errorResponses },
      },
    },
    async (req) => (await svc.listOpenings(req.principal, req.query)).map(toOpening),
  );

  app.get(
    '/openings/:id',
    {
      config: { roles: ALL },
      schema: {
        tags,
        params: idParams,
        response: {
          200: openingOut.extend({ workshop: z.object({ id: z.number(), name: z.string(), form: workFormSchema }), counts: countsOut, ladder: z.array(ladderOut) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { opening, counts, ladder } = await svc.getOpening(req.principal, req.params.id);
      return { ...toOpening(opening), workshop: { id: opening.workshop.id, name: opening.workshop.name, form: opening.workshop.form }, counts, ladder };
    },
  );

  app.patch(
    '/openings/:id',
    { config: { roles: ALL }, schema: { tags, summary: 'Edit a draft or open opening', params: idParams, body: updateOpeningSchema, response: { 200: openingOut, ...errorResponses } } },
    async (req) => toOpening(await svc.updateOpening(req.principal, req.params.id, req.body)),
  );

  app.post(
    '/openings/:id/open',
    { config: { roles: ALL }, schema: { tags, summary: 'Publish a draft, or reopen a filled/closed/expired opening', params: idParams, response: { 200: openingOut, ...errorResponses } } },
    async (req) => toOpening(await svc.openOpening(req.principal, req.params.id)),
  );

  app.get(
    '/openings/:id/preflight',
    {
      config: { roles: ALL },
      schema: {
        tags,
        summary: 'What a broadcast would do now: who is alerted, who is skipped and why, segments, cost, quiet hours, finish time',
        params: idParams,
        response: {
          200: z.object({
            openingId: z.number(),
            status: openingStatus,
            canBroadcast: z.boolean(),
            wouldAlert: z.number().describe('How many this broadcast alerts now: the first wave'),
            matched: z.number().describe('Everyone who matches now, over all waves'),
            firstWave: z.number(),
            byTownship: preflightOut.shape.byTownship,
            bySkill: preflightOut.shape.bySkill,
            skipped: preflightOut.shape.skipped,
            message: z.string().describe('The alert text, without the signature'),
            segmentsPerMessage: z.number(),
            calls: preflightOut.shape.calls,
            texts: z.number().describe('Of the first wave, workers alerted by SMS'),
            totalSegments: z.number(),
            pricePerSegment: z.number().describe('yuan'),
            estimatedCost: z.number().describe('SMS, yuan'),
            pricePerCall: z.number().describe('yuan (VOICE_PRICE_PER_CALL)'),
            callCost: z.number().describe('calls × pricePerCall, yuan'),
            deferredByQuietHours: z.number(),
            ratePerSecond: z.number(),
            estimatedFinishAt: z.date(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => svc.preflight(req.principal, req.params.id),
  );

  app.post(
    '/openings/:id/broadcast',
    {
      config: { roles: ALL, idempotent: true },
      schema: {
        tags,
        headers: idempotencyHeader,
        params: idParams,
        body: z
          .object({
            dryRun: z.boolean().default(false),
            sendToAll: z.boolean().default(false).describe('Alert everyone who matches at once instead of waves'),
          })
          .default({ dryRun: false, sendToAll: false }),
        response: {
          200: preflightOut.extend({ dryRun: z.literal(true) }),
          202: z.object({ dryRun: z.literal(false), campaignId: z.number(), status: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await svc.broadcast(req.principal, req.params.id, req.body);
      return r.dryRun ? reply.status(200).send(r) : reply.status(202).send(r);
    },
  );

  app.get(
    '/openings/:id/campaigns',
    { config: { roles: ALL }, schema: { tags, summary: 'Broadcasts of the opening with progress counts', params: idParams, response: { 200: z.array(campaignOut), ...errorResponses } } },
    async (req) => svc.listCampaigns(req.principal, req.params.id),
  );

  app.get(
    '/openings/:id/applications',
    {
      config: { roles: ALL },
      schema: { tags, summary: 'Applicants (报名 by SMS or WeChat)', params: idParams, querystring: z.object({ status: applicationStatusSchema.optional() }), response: { 200: z.array(applicationOut), ...errorResponses } },
    },
    async (req) =>
      (await svc.listApplications(req.principal, req.params.id, req.query.status)).map(({ worker, ...a }) => ({
        ...a,
        flagReason: a.flag ? (APPLICATION_FLAG_TEXT[a.flag] ?? a.flag) : null,
        worker: { id: worker.id, name: worker.name, phone: worker.phone, divisionCode: worker.divisionCode, divisionName: worker.division?.fullName ?? null, skills: worker.skills },
      })),
  );

  app.patch(
    '/openings/:id/applications/:applicationId',
    {
      config: { roles: ALL },
      schema: {
        tags,
        summary: 'Mark an applicant contacted, hired or declined; hires up to the headcount fill the opening',
        params: openingApplicationParams,
        body: updateApplicationSchema,
        response: {
          200: z.object({
            application: applicationOut.omit({ worker: true, flagReason: true }).extend({ workerId: z.number() }),
            hired: z.number(),
            headcount: z.number(),
            filled: z.boolean().describe('this change filled the opening'),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => svc.updateApplication(req.principal, req.params.id, req.params.applicationId, req.body),
  );
};
