import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db, Prisma } from '../../db/prisma.js';
import type { Principal } from '../../domain/access.js';
import { formatDay, type Reply } from '../../domain/conversation.js';
import {
  CASE_JOIN_WINDOW_MS,
  CASE_NOTE_MAX,
  CASE_OUTCOMES,
  caseDivision,
  caseNumber,
  caseToJoin,
  caseWords,
  impliedOpening,
  isOverdue,
  responseDeadline,
} from '../../domain/cases.js';
import { REVIEW_NOTE_MAX } from '../../domain/employer-review.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { QueueClient } from '../../queues/queue-client.js';
import type { AuditLog } from '../access/audit-log.js';

type Tx = Prisma.TransactionClient;

/** How far back a worker's applications name the opening a report without a code is about. */
const IMPLIED_OPENING_DAYS = 120;
export const CASES_PAGE_SIZE = 30;

export const caseNoteSchema = z.object({
  text: z.string().trim().min(1, 'case.note_empty').max(CASE_NOTE_MAX),
});
export const caseCloseSchema = z.object({
  outcome: z.enum(CASE_OUTCOMES),
  note: z.string().trim().max(CASE_NOTE_MAX).optional(),
});
export const caseListSchema = z.object({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  overdue: z.enum(['1', '0']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type CaseListFilter = z.infer<typeof caseListSchema>;

export interface CaseDeps {
  config: Pick<Config, 'CASE_RESPONSE_WORKING_DAYS' | 'CASE_NEW_PER_DAY'>;
  db: Db;
  audit: AuditLog;
  queues: Pick<QueueClient, 'add'>;
  now?: () => Date;
}

/** The outcome of a report handled in the conversation's transaction. */
export interface ReportOutcome {
  caseId: number;
  joined: boolean;
  reply: Reply;
}

/**
 * Cases opened by workers' reports (举报, 欠薪), worked by stations in the console
 * (docs/cases.md). A station sees the cases of its divisions, a county all of its townships',
 * an admin all; employers never see a case. Every change is audited.
 */
export function createCaseService({ config, db, audit, queues, now = () => new Date() }: CaseDeps) {
  /** Cases a principal may see, as a Prisma filter; employers see none. */
  function scopeWhere(p: Principal): Prisma.CaseWhereInput {
    if (p.role === 'admin') return {};
    if (p.role !== 'caseworker' || p.divisionPrefixes.length === 0) throw new ForbiddenError('console.page_forbidden', 'cases are for stations');
    return { OR: p.divisionPrefixes.map((prefix) => ({ divisionCode: { startsWith: prefix } })) };
  }

  async function mustSee(p: Principal, id: number) {
    const c = await db.case.findFirst({ where: { AND: [{ id }, scopeWhere(p)] } });
    // Another station's case reads as missing: no one learns it exists.
    if (!c) throw new NotFoundError('case.not_found', `case ${id} not found`, { params: { id } });
    return c;
  }

  /** Broadcasts held for review that a principal may release: the workshop is in its divisions. */
  function heldWhere(p: Principal): Prisma.CampaignWhereInput {
    const base: Prisma.CampaignWhereInput = { status: 'held' };
    if (p.role === 'admin') return base;
    if (p.role !== 'caseworker' || p.divisionPrefixes.length === 0) throw new ForbiddenError('console.page_forbidden', 'held broadcasts are for stations');
    return { ...base, opening: { workshop: { OR: p.divisionPrefixes.map((prefix) => ({ divisionCode: { startsWith: prefix } })) } } };
  }

  return {
    /**
     * A worker's report, in the conversation's transaction (the sender's lock is held, so two
     * reports from one sender never race): joins the same opening's case from the last day, or
     * opens one; past CASE_NEW_PER_DAY new cases a day every further report joins the latest.
     */
    async openFromReport(
      tx: Tx,
      r: { worker: { id: number; divisionCode: string | null }; channel: 'sms' | 'wechat'; inboundId: bigint; content: string; code: string | null },
    ): Promise<ReportOutcome> {
      const at = now();
      const words = caseWords(r.content);
      let opening: { id: number; workshopId: number; workshop: { divisionCode: string; employerId: number | null } } | null = null;
      if (r.code) {
        opening = await tx.opening.findUnique({ where: { code: r.code }, select: { id: true, workshopId: true, workshop: { select: { divisionCode: true, employerId: true } } } });
      } else {
        const apps = await tx.application.findMany({
          where: { workerId: r.worker.id, createdAt: { gte: new Date(at.getTime() - IMPLIED_OPENING_DAYS * 86_400_000) } },
          select: { openingId: true, status: true },
          orderBy: { createdAt: 'desc' },
          take: 50,
        });
        const implied = impliedOpening(apps);
        if (implied !== null) {
          opening = await tx.opening.findUnique({ where: { id: implied }, select: { id: true, workshopId: true, workshop: { select: { divisionCode: true, employerId: true } } } });
        }
      }
      const codeGiven = r.code && !opening ? r.code : (r.code ?? null);
      const recent = await tx.case.findMany({
        where: { workerId: r.worker.id, createdAt: { gte: new Date(at.getTime() - CASE_JOIN_WINDOW_MS) } },
        select: { id: true, openingId: true, codeGiven: true, status: true, createdAt: true, dueAt: true },
      });
      const full = recent.length >= config.CASE_NEW_PER_DAY;
      const join = caseToJoin(recent, { openingId: opening?.id ?? null, codeGiven }, at, full);
      const actor = { actor: `worker:${r.worker.id}`, role: 'system' as const };
      if (join) {
        await tx.case.update({ where: { id: join.id }, data: { reports: { increment: 1 } } });
        await tx.caseNote.create({ data: { caseId: join.id, kind: 'report', text: words, actor: actor.actor, inboundId: r.inboundId } });
        return { caseId: join.id, joined: true, reply: { kind: 'case_joined', params: { no: caseNumber(join.id), due: formatDay(join.dueAt) } } };
      }
      const created = await tx.case.create({
        data: {
          workerId: r.worker.id,
          openingId: opening?.id ?? null,
          workshopId: opening?.workshopId ?? null,
          employerId: opening?.workshop.employerId ?? null,
          codeGiven,
          words,
          channel: r.channel,
          divisionCode: caseDivision(r.worker.divisionCode, opening?.workshop.divisionCode),
          dueAt: responseDeadline(at, config.CASE_RESPONSE_WORKING_DAYS),
          inboundId: r.inboundId,
        },
      });
      await audit.record(actor, 'case.open', 'case', created.id, null, created, tx);
      const params = { no: caseNumber(created.id), due: formatDay(created.dueAt) };
      const reply: Reply = r.code && !opening ? { kind: 'case_no_opening', params: { ...params, code: r.code } } : { kind: 'case_opened', params };
      return { caseId: created.id, joined: false, reply };
    },

    /** A page of the cases a station may see, overdue first among open ones, with counts for the header. */
    async list(p: Principal, f: CaseListFilter) {
      const scope = scopeWhere(p);
      const at = now();
      const where: Prisma.CaseWhereInput = {
        AND: [
          scope,
          f.status === 'all' ? {} : { status: f.status },
          f.overdue === '1' ? { status: 'open', dueAt: { lt: at } } : {},
        ],
      };
      const [rows, total, open, overdue] = await Promise.all([
        db.case.findMany({
          where,
          orderBy: [{ status: 'asc' }, { dueAt: 'asc' }, { id: 'asc' }],
          skip: (f.page - 1) * CASES_PAGE_SIZE,
          take: CASES_PAGE_SIZE,
          include: {
            worker: { select: { id: true, phone: true, name: true } },
            opening: { select: { code: true, title: true } },
            workshop: { select: { name: true } },
            employer: { select: { name: true } },
          },
        }),
        db.case.count({ where }),
        db.case.count({ where: { AND: [scope, { status: 'open' }] } }),
        db.case.count({ where: { AND: [scope, { status: 'open', dueAt: { lt: at } }] } }),
      ]);
      const codes = [...new Set(rows.map((r) => r.divisionCode).filter((c): c is string => c !== null))];
      const places = new Map(codes.length ? (await db.division.findMany({ where: { code: { in: codes } }, select: { code: true, fullName: true } })).map((d) => [d.code, d.fullName]) : []);
      return {
        rows: rows.map((r) => ({ ...r, number: caseNumber(r.id), overdue: isOverdue(r, at), place: r.divisionCode ? (places.get(r.divisionCode) ?? r.divisionCode) : null })),
        total,
        open,
        overdue,
        pages: Math.max(1, Math.ceil(total / CASES_PAGE_SIZE)),
      };
    },

    /** For the overview: open cases, those past their deadline, and broadcasts waiting for review. */
    async counts(p: Principal) {
      const scope = scopeWhere(p);
      const [open, overdue, held] = await Promise.all([
        db.case.count({ where: { AND: [scope, { status: 'open' }] } }),
        db.case.count({ where: { AND: [scope, { status: 'open', dueAt: { lt: now() } }] } }),
        db.campaign.count({ where: heldWhere(p) }),
      ]);
      return { open, overdue, held };
    },

    async get(p: Principal, id: number) {
      await mustSee(p, id);
      const c = await db.case.findUniqueOrThrow({
        where: { id },
        include: {
          worker: { select: { id: true, phone: true, name: true, divisionCode: true, division: { select: { fullName: true } } } },
          opening: { select: { id: true, code: true, title: true, status: true } },
          workshop: { select: { id: true, name: true, contactPhone: true } },
          employer: { select: { id: true, name: true, contactPhone: true } },
          notes: { orderBy: { createdAt: 'asc' } },
        },
      });
      const place = c.divisionCode ? await db.division.findUnique({ where: { code: c.divisionCode }, select: { fullName: true } }) : null;
      return { ...c, number: caseNumber(c.id), overdue: isOverdue(c, now()), place: place?.fullName ?? null };
    },

    async addNote(p: Principal, id: number, input: z.infer<typeof caseNoteSchema>) {
      await mustSee(p, id);
      return db.$transaction(async (tx) => {
        const note = await tx.caseNote.create({ data: { caseId: id, kind: 'note', text: input.text, actor: p.actor } });
        await tx.case.update({ where: { id }, data: { updatedAt: now() } });
        await audit.record(p, 'case.note', 'case', id, null, note, tx);
        return note;
      });
    },

    async close(p: Principal, id: number, input: z.infer<typeof caseCloseSchema>) {
      const before = await mustSee(p, id);
      if (before.status !== 'open') throw new ConflictError('case.closed', `case ${id} is closed`);
      return db.$transaction(async (tx) => {
        const done = await tx.case.updateMany({ where: { id, status: 'open' }, data: { status: 'closed', outcome: input.outcome, closedAt: now(), closedBy: p.actor } });
        if (done.count === 0) throw new ConflictError('case.closed', `case ${id} is closed`);
        await tx.caseNote.create({ data: { caseId: id, kind: 'close', text: input.note ?? '', actor: p.actor } });
        const after = await tx.case.findUniqueOrThrow({ where: { id } });
        await audit.record(p, 'case.close', 'case', id, before, after, tx);
        return after;
      });
    },

    /** Broadcasts held because their employer has open cases, for the stations of their workshops. */
    async heldBroadcasts(p: Principal) {
      return db.campaign.findMany({
        where: heldWhere(p),
        orderBy: { id: 'asc' },
        take: 100,
        include: { opening: { select: { id: true, code: true, title: true, wageMin: true, wageMax: true, wageUnit: true, payDay: true, workshop: { select: { id: true, name: true, verifiedAt: true, employer: { select: { name: true } } } } } } },
      });
    },

    /**
     * Sends a held broadcast after all (the station reviewed the employer), or cancels it; a
     * cancel may carry the station's reason, which the employer sees (docs/honest-posts.md).
     */
    async decideHeld(p: Principal, campaignId: number, decision: 'release' | 'cancel', note?: string) {
      const c = await db.campaign.findFirst({ where: { AND: [{ id: campaignId }, heldWhere(p)] } });
      if (!c) {
        const exists = await db.campaign.findFirst({ where: { AND: [{ id: campaignId, status: { not: 'held' } }, { ...heldWhere(p), status: undefined }] } });
        if (exists) throw new ConflictError('campaign.not_held', `campaign ${campaignId} is not held`);
        throw new NotFoundError('campaign.not_found', `campaign ${campaignId} not found`, { params: { id: campaignId } });
      }
      const data: Prisma.CampaignUpdateManyMutationInput =
        decision === 'release'
          ? { status: 'pending', heldReason: null }
          : { status: 'cancelled', finishedAt: now(), error: 'cancelled by a station after review', reviewNote: note?.trim() ? note.trim().slice(0, REVIEW_NOTE_MAX) : null };
      const updated = await db.$transaction(async (tx) => {
        const n = await tx.campaign.updateMany({ where: { id: campaignId, status: 'held' }, data });
        if (n.count === 0) throw new ConflictError('campaign.not_held', `campaign ${campaignId} is not held`);
        const after = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId } });
        await audit.record(p, decision === 'release' ? 'campaign.release' : 'campaign.cancel_held', 'campaign', campaignId, c, after, tx);
        return after;
      });
      // After the commit: the match job reads the campaign as pending (requeuePending also finds it if this add fails).
      if (decision === 'release') await queues.add('match', { campaignId }, { jobId: `match-${campaignId}` });
      return updated;
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
