import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../domain/access.js';
import { scheduleSchema } from '../../domain/schedule.js';
import { ValidationError } from '../../errors.js';
import { callOutcomeSchema, registerWorkerSchema, updateWorkerSchema } from '../../services/stations/caseworker-service.js';
import { workFormSchema } from '../../services/employers/opening-service.js';
import { reminderInputSchema, reminderPatchSchema, segmentInputSchema } from '../../services/stations/reminder-service.js';
import { workerFilterSchema } from '../../services/stations/worker-filter.js';
import { errorResponses, idempotencyHeader, idParams, pageQuery, queryBool, queryList } from './schemas.js';

const workerStatus = z.enum(['active', 'paused', 'opted_out']);
const workerOut = z.object({
  id: z.number(),
  phone: z.string().nullable(),
  phoneSlot: z.number().describe('This person\'s number on the phone (1 unless the phone is shared; docs/shared-phones.md)'),
  name: z.string().nullable(),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  skills: z.array(z.string()),
  workForms: z.array(workFormSchema),
  status: workerStatus,
  returnee: z.boolean(),
  priorityHousehold: z.boolean().describe('脱贫户 / 监测户 the station marks'),
  needsCalls: z.boolean().describe('A caseworker marked the worker as needing alerts by phone call'),
  wantsCalls: z.boolean().describe('The worker asked for calls by text (打电话通知)'),
  smsOff: z.boolean().describe('The worker wants no SMS: the ladder skips SMS (docs/ladder.md)'),
  callsStoppedAt: z.date().nullable().describe('The worker pressed 9 in a call or texted 不要打电话: no calls until they ask again'),
  phoneInvalid: z.boolean(),
  lastAlertAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const toWorker = ({ division, ...w }: { division: { fullName: string } | null } & Omit<z.infer<typeof workerOut>, 'divisionName'>) => ({
  ...w,
  divisionName: division?.fullName ?? null,
});

const segmentOut = z.object({ id: z.number(), name: z.string(), filter: workerFilterSchema, createdBy: z.string(), createdAt: z.date(), updatedAt: z.date() });
const runCounts = z.object({ queued: z.number(), sent: z.number(), delivered: z.number(), failed: z.number(), cancelled: z.number() });
const reminderOut = z.object({
  id: z.number(),
  sender: z.string(),
  text: z.string(),
  segmentId: z.number().nullable(),
  workerIds: z.array(z.number()),
  schedule: scheduleSchema,
  scheduleText: z.string(),
  status: z.enum(['active', 'paused', 'cancelled', 'completed']),
  nextRunAt: z.date().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  readOnly: z.boolean().optional().describe('true for a reminder made for a wider area that takes in this station: visible, not editable'),
});
const sampleWorker = z.object({ id: z.number(), name: z.string().nullable(), phone: z.string().nullable(), divisionCode: z.string().nullable() });

const CASEWORK: Role[] = ['admin', 'caseworker'];
/** A survey file: 5,000 rows (the most one import takes) of a long line each is under 1 MB; 2 MB leaves room (docs/inbound-limits.md). */
export const MAX_SURVEY_BYTES = 2 * 1024 * 1024;

/** Township stations: workers on their behalf, surveys, segments, reminders, the call list. */
export const caseworkerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireApiKey);
  // Surveys arrive as the CSV file itself, in whatever encoding Excel wrote.
  app.addContentTypeParser(['text/csv', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_SURVEY_BYTES }, (_req, body, done) => done(null, body));
  const tags = ['caseworker'];
  const cw = app.ctx.services.caseworker;
  const rem = app.ctx.services.reminders;
  const config = { roles: CASEWORK };

  app.get(
    '/workers',
    {
      config,
      schema: {
        tags,
        summary: 'Workers in your divisions',
        querystring: pageQuery.extend({
          divisions: queryList.optional().describe('division code prefixes, comma-separated'),
          skills: queryList.optional(),
          returnee: queryBool.optional(),
          wantsHomeWork: queryBool.optional(),
          statuses: queryList.pipe(z.array(workerStatus)).optional(),
        }),
        response: { 200: z.object({ total: z.number(), workers: z.array(workerOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { limit, offset, ...f } = req.query;
      const filter = workerFilterSchema.parse({ ...f, divisions: f.divisions ?? [], skills: f.skills ?? [], statuses: f.statuses ?? [] });
      const r = await cw.listWorkers(req.principal, filter, { limit, offset });
      return { total: r.total, workers: r.workers.map(toWorker) };
    },
  );

  app.post(
    '/workers',
    {
      config: { ...config, idempotent: true },
      schema: { tags, summary: "Register a worker on their behalf (their consent is recorded as given to you)", headers: idempotencyHeader, body: registerWorkerSchema, response: { 201: workerOut, ...errorResponses } },
    },
    async (req, reply) => reply.status(201).send(toWorker(await cw.registerWorker(req.principal, req.body))),
  );

  app.get(
    '/workers/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A worker with their consent history',
        params: idParams,
        response: {
          200: workerOut.extend({
            consents: z.array(
              z.object({
                kind: z.enum(['opt_in', 'opt_out']),
                source: z.enum(['sms', 'wechat', 'caseworker', 'api']),
                actor: z.string().nullable().describe('key:<id> when a caseworker recorded it'),
                note: z.string().nullable().describe('the text the worker sent, or how they agreed'),
                at: z.date(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { consents, ...w } = await cw.getWorker(req.principal, req.params.id);
      return { ...toWorker(w), consents };
    },
  );

  app.patch(
    '/workers/:id',
    { config, schema: { tags, params: idParams, body: updateWorkerSchema, response: { 200: workerOut, ...errorResponses } } },
    async (req) => toWorker(await cw.updateWorker(req.principal, req.params.id, req.body)),
  );

  app.post(
    '/workers/import',
    {
      config: { ...config, idempotent: true },
      schema: {
        tags,
        summary: 'Import a field survey: the CSV file as the body (Content-Type: text/csv), UTF-8 or GBK',
        description:
          'Columns (header row, any order): 手机 (phone), 住址 (place), 同意 (consent: 是/否) required; 姓名, 技能 (、-separated), 返乡 (是/否), 家庭作坊 (是/否), 第几人 (1-9: which person on a shared phone) optional. ' +
          'Each row is reported; bad rows do not stop good ones; a known phone (and person) is updated, not duplicated; opted-out phones are not re-subscribed.',
        headers: idempotencyHeader,
        querystring: z.object({ filename: z.string().max(200).optional() }),
        response: {
          200: z.object({
            encoding: z.enum(['utf-8', 'gbk']),
            total: z.number(),
            created: z.number(),
            updated: z.number(),
            skipped: z.number(),
            errors: z.number(),
            rows: z.array(
              z.object({
                line: z.number(),
                phone: z.string(),
                outcome: z.enum(['created', 'updated', 'skipped', 'error']),
                workerId: z.number().optional(),
                problems: z.array(z.string()),
                issues: z
                  .array(z.object({ field: z.string().nullable(), code: z.string(), params: z.unknown().optional() }))
                  .describe('The problems again as error codes, in the same order; field is the column (null: the whole row)'),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      if (!Buffer.isBuffer(req.body)) throw new ValidationError('survey.not_csv', 'body: send the CSV file itself with Content-Type: text/csv');
      return cw.importSurvey(req.principal, req.body, req.query.filename);
    },
  );

  const stepCounts = z.object({ alerted: z.number(), delivered: z.number(), replied: z.number(), applied: z.number(), hired: z.number(), arrived: z.number(), paid: z.number() });
  app.get(
    '/outcomes/weekly',
    {
      config,
      schema: {
        tags,
        summary: "A week's funnel for the key's divisions (docs/outcomes.md): alerts, deliveries, replies, applications, hires, arrivals, pay, against the week before",
        querystring: z.object({ week: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('the Monday (Beijing date) of the week; default last week') }),
        response: {
          200: z.object({
            week: z.string(),
            station: z.string(),
            totals: stepCounts,
            previous: stepCounts,
            medians: z.record(z.string(), z.number().nullable()).describe('median seconds each step took, by step'),
            lines: z.array(z.string()).describe('the summary in sentences, as printed'),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { lines, week, station, totals, previous, medians } = await app.ctx.services.outcomes.weekly(req.principal, req.principal.role === 'admin' ? '全部辖区' : req.principal.divisionPrefixes.join('、'), req.query.week);
      return { lines, week, station, totals, previous, medians };
    },
  );

  app.get(
    '/call-list',
    {
      config,
      schema: {
        tags,
        summary: 'Workers to phone: alerts or reminders that failed, or alerts delivered a day or more ago and never answered',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(90).default(14), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: {
          200: z.array(
            z.object({
              workerId: z.number(),
              name: z.string().nullable(),
              phone: z.string().nullable(),
              divisionCode: z.string().nullable(),
              reason: z.enum(['alert_failed', 'no_reply', 'ladder']).describe('ladder: the call task at the end of an alert\'s ladder (docs/ladder.md)'),
              since: z.date(),
              errorCode: z.string().nullable(),
              taskReason: z.string().nullable().describe('a ladder call task\'s reason in words, e.g. 短信和电话都没联系上'),
              job: z.object({ title: z.string(), code: z.string() }).nullable().describe('the opening the failed or unanswered alert was about; null for a reminder'),
              lastCall: z.object({ at: z.date(), outcome: z.string().nullable() }).nullable(),
              priorityHousehold: z.boolean().describe('marked 脱贫户 / 监测户: listed first'),
              waitingSince: z.date().describe('waiting for work since (the last hire, else registration): the longest waiting come next'),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => cw.callList(req.principal, req.query),
  );

  app.post(
    '/workers/:id/calls',
    {
      config: { ...config, idempotent: true },
      schema: {
        tags,
        summary: 'Record the outcome of a phone call',
        headers: idempotencyHeader,
        params: idParams,
        body: callOutcomeSchema,
        response: { 201: z.object({ id: z.string(), workerId: z.number(), outcome: z.string(), note: z.string().nullable(), actor: z.string(), createdAt: z.date() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const c = await cw.recordCall(req.principal, req.params.id, req.body);
      return reply.status(201).send({ ...c, id: c.id.toString() });
    },
  );

  app.get('/segments', { config, schema: { tags, response: { 200: z.array(segmentOut), ...errorResponses } } }, async (req) => rem.listSegments(req.principal));

  app.post(
    '/segments',
    { config: { ...config, idempotent: true }, schema: { tags, summary: 'Save a filter of workers', headers: idempotencyHeader, body: segmentInputSchema, response: { 201: segmentOut, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await rem.createSegment(req.principal, req.body)),
  );

  app.get('/segments/:id', { config, schema: { tags, params: idParams, response: { 200: segmentOut, ...errorResponses } } }, async (req) => rem.getSegment(req.principal, req.params.id));

  app.put(
    '/segments/:id',
    { config, schema: { tags, params: idParams, body: segmentInputSchema, response: { 200: segmentOut, ...errorResponses } } },
    async (req) => rem.updateSegment(req.principal, req.params.id, req.body),
  );

  app.get(
    '/segments/:id/preview',
    {
      config,
      schema: {
        tags,
        summary: 'Who the segment holds now',
        params: idParams,
        response: { 200: z.object({ total: z.number(), sample: z.array(sampleWorker.extend({ status: z.string() })) }), ...errorResponses },
      },
    },
    async (req) => rem.previewSegment(req.principal, req.params.id),
  );

  app.post(
    '/reminders/preview',
    {
      config,
      schema: {
        tags,
        summary: 'What a reminder would send, to whom, who is skipped and why, and its next runs (nothing is saved)',
        body: reminderInputSchema,
        response: {
          200: z.object({
            message: z.string(),
            segments: z.number(),
            recipients: z.number(),
            skipped: z.object({ opted_out: z.number(), paused: z.number(), no_valid_phone: z.number(), recently_reminded: z.number() }),
            sample: z.array(sampleWorker),
            scheduleText: z.string(),
            nextRuns: z.array(z.date()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => rem.preview(req.principal, req.body),
  );

  app.post(
    '/reminders',
    { config: { ...config, idempotent: true }, schema: { tags, headers: idempotencyHeader, body: reminderInputSchema, response: { 201: reminderOut, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await rem.createReminder(req.principal, req.body)),
  );

  app.get('/reminders', { config, schema: { tags, response: { 200: z.array(reminderOut), ...errorResponses } } }, async (req) => rem.listReminders(req.principal));

  app.get(
    '/reminders/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A reminder with the history of its runs',
        params: idParams,
        response: {
          200: reminderOut.extend({
            runs: z.array(
              z.object({ campaignId: z.number(), status: z.string(), scheduledFor: z.date().nullable(), ranAt: z.date(), finishedAt: z.date().nullable(), recipients: z.number(), counts: runCounts }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => rem.getReminder(req.principal, req.params.id),
  );

  app.patch(
    '/reminders/:id',
    { config, schema: { tags, params: idParams, body: reminderPatchSchema, response: { 200: reminderOut, ...errorResponses } } },
    async (req) => rem.updateReminder(req.principal, req.params.id, req.body),
  );

  for (const [action, to] of [
    ['pause', 'paused'],
    ['resume', 'active'],
    ['cancel', 'cancelled'],
  ] as const) {
    app.post(
      `/reminders/:id/${action}`,
      { config, schema: { tags, params: idParams, response: { 200: reminderOut, ...errorResponses } } },
      async (req) => rem.setReminderStatus(req.principal, req.params.id, to),
    );
  }
};
