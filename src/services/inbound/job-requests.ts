import type { Logger } from 'pino';
import { Prisma, txQuery } from '../../db/prisma.js';
import type { Config } from '../../config.js';
import { applyReply, jobsReply, placeLabel, type ApplyOutcome, type JobListing, type Reply } from '../../domain/conversation.js';
import { isLive } from '../../domain/opening-life.js';
import { formatWage } from '../../domain/opening-format.js';
import { detailsParams } from '../../domain/opening-terms.js';
import { benchmarkPay } from '../../domain/wage-benchmark.js';
import { countyName, wageBenchmark } from '../employers/wage-benchmark.js';
import { APPLICATION_FLAG_RATE, applyLimitHit } from '../../domain/abuse-limits.js';
import type { Metrics } from '../../metrics.js';
import type { Outbox } from '../delivery/outbox.js';
import type { MatchService } from '../matching/match-service.js';
import type { ChatMemory } from './chat-memory.js';
import { ensureWorker, senderForLog, type InboundTurn } from './turn.js';
import { personLabel } from '../../domain/household.js';

export interface JobRequestDeps {
  config: Pick<Config, 'APPLY_LIMIT_PER_HOUR' | 'APPLY_LIMIT_PER_DAY' | 'ALIYUN_SMS_SIGN_NAME'>;
  log: Pick<Logger, 'warn'>;
  metrics: Pick<Metrics, 'abuseLimited'>;
  outbox: Pick<Outbox, 'createDirect'>;
  memory: Pick<ChatMemory, 'firstTime'>;
  matching: Pick<MatchService, 'openingsToList'>;
  now: () => Date;
}

/** How far back an alert is the opening a terms question without a code is about (包吃住吗; docs/honest-posts.md). */
export const ALERTED_DETAILS_DAYS = 14;

/** A worker's requests about openings, inside the message's transaction: 岗位 (list) and 报名 (apply). */
export function createJobRequests({ config, log, metrics, outbox, memory, matching, now }: JobRequestDeps) {
  async function listJobs(turn: InboundTurn): Promise<{ replies: Reply[]; offered: string[] }> {
    const worker = turn.worker;
    if (!worker?.divisionCode) return { replies: [{ kind: 'not_subscribed', params: {} }], offered: [] };
    // The rules a broadcast applies (domain/matching.ts evaluate), read in this transaction.
    const listings: JobListing[] = (await matching.openingsToList(turn.tx, worker.id, turn.places, 3)).map((o) => ({
      code: o.code,
      workshop: o.workshop.name,
      title: o.title,
      wage: formatWage(o.wageMin, o.wageMax, o.wageUnit),
      place: placeLabel(o.workshop.division),
    }));
    return { replies: jobsReply(listings), offered: listings.map((l) => l.code) };
  }

  /**
   * The per-phone application limits: past them the application is not recorded, the sender
   * is told once per window (null after that), and the worker's applications of the last day
   * are flagged, so the employers see a sweep for what it is.
   */
  async function applyRefusal(turn: InboundTurn, workerId: number, at: Date, counts: { hour: bigint; day: bigint }): Promise<Reply | null | undefined> {
    const hit = applyLimitHit(
      { lastHour: Number(counts?.hour ?? 0), lastDay: Number(counts?.day ?? 0) },
      { perHour: config.APPLY_LIMIT_PER_HOUR, perDay: config.APPLY_LIMIT_PER_DAY },
    );
    if (!hit) return undefined;
    metrics.abuseLimited.inc({ limit: 'apply_rate' });
    await turn.tx.$executeRaw`
      UPDATE applications SET flag = ${APPLICATION_FLAG_RATE}, flagged_at = ${at}, updated_at = now()
      WHERE worker_id = ${workerId} AND created_at > ${new Date(at.getTime() - 86_400_000)} AND flag IS NULL`;
    const first = await memory.firstTime(`apply-${hit}`, turn.channel, turn.sender, hit === 'hour' ? 3600 : 86_400);
    if (!first) return null;
    log.warn(
      { sender: senderForLog(turn.channel, turn.sender), workerId, limit: hit, perHour: config.APPLY_LIMIT_PER_HOUR, perDay: config.APPLY_LIMIT_PER_DAY },
      'applications by text past the per-phone limit: refused, recent ones flagged for the employers',
    );
    return { kind: 'apply_limited', params: { wait: hit === 'hour' ? '1小时后' : '明天' } };
  }

  /**
   * 报名: `person` is the one of a shared phone it is for (BM1003 2, docs/shared-phones.md);
   * without it, the worker the phone's texts act for.
   */
  async function apply(turn: InboundTurn, code: string, person?: InboundTurn['worker']): Promise<Reply | null> {
    const at = now();
    // A reply storm is many workers applying to one opening: a batch reads it once (turn.openings).
    let opening = turn.openings?.get(code);
    if (opening === undefined) {
      opening = await turn.tx.opening.findUnique({ where: { code }, include: { workshop: true } });
      turn.openings?.set(code, opening);
    }
    let outcome: ApplyOutcome;
    if (!opening || opening.status === 'draft') outcome = { type: 'unknown', code };
    else if (!isLive(opening, at)) outcome = { type: 'closed', code };
    else {
      const worker = person ?? (await ensureWorker(turn));
      // The limits are per phone: everyone on a shared phone counts together (docs/shared-phones.md).
      const phoneIds = turn.people.length > 1 ? turn.people.map((p) => p.id) : [worker.id];
      const shared = turn.people.length > 1;
      // One statement (a reply storm is mostly BM texts: docs/reply-storm.md): whether this
      // worker applied already and the applications the limits count, and the application
      // itself, inserted only when neither stops it — the same test `applyLimitHit` makes on
      // the counts returned. Times as Prisma's defaults gave them: the clock's, not the
      // transaction's start.
      const stamp = new Date();
      // The employer's notice of this hour (below): whether it exists already, read in the same
      // statement, so that only the hour's first applicant tries to insert it. An applicant on a
      // shared phone has a notice of their own, naming them.
      const hour = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 13);
      const noticeKey = shared ? `applicants:${opening.id}:${hour}:w${worker.id}` : `applicants:${opening.id}:${hour}`;
      // On the transaction's connection as a prepared statement (txQuery).
      const [seen] = await txQuery<{ already: boolean; hour: bigint; day: bigint; created: number | null; noticed: boolean }>(turn.tx, 'apply', Prisma.sql`
        WITH seen AS (
          SELECT coalesce(bool_or(opening_id = ${opening.id} AND worker_id = ${worker.id}), false) AS already,
                 count(*) FILTER (WHERE created_at > ${new Date(at.getTime() - 3600_000)}) AS hour,
                 count(*) FILTER (WHERE created_at > ${new Date(at.getTime() - 86_400_000)}) AS day
          FROM applications WHERE worker_id = ANY(${phoneIds}::int[]) AND (opening_id = ${opening.id} OR created_at > ${new Date(at.getTime() - 86_400_000)})
        ), ins AS (
          INSERT INTO applications (opening_id, worker_id, channel, created_at, updated_at)
          SELECT ${opening.id}, ${worker.id}, ${turn.channel}::"Channel", ${stamp}, ${stamp} FROM seen
          WHERE NOT seen.already AND seen.day < ${config.APPLY_LIMIT_PER_DAY} AND seen.hour < ${config.APPLY_LIMIT_PER_HOUR}
          ON CONFLICT DO NOTHING
          RETURNING id
        )
        SELECT already, hour, day, (SELECT id FROM ins) AS created,
               EXISTS (SELECT 1 FROM notifications WHERE dedupe_key = ${noticeKey}) AS noticed
        FROM seen`);
      if (seen?.already) return applyReply({ type: 'already', code });
      const refused = await applyRefusal(turn, worker.id, at, seen ?? { hour: 0n, day: 0n });
      if (refused !== undefined) return refused;
      if (seen?.created == null) outcome = { type: 'already', code };
      else {
        outcome = { type: 'applied', code, workshop: opening.workshop.name };
        // The employer hears of it by SMS at the workshop's contact phone: the first applicant of
        // each hour (Beijing time) per opening, with their phone; the rest are on the applicant
        // list. One SMS per application let a flood of forged BM texts — or a popular opening —
        // spend the contact phone's day (SMS_DAILY_PER_PHONE) by noon, so later, real applicants'
        // notices failed, and made a reply storm several times more sends (red team, issue #15).
        // A notice that exists already (in this transaction too: a batch's applicants) would be
        // a conflict creating nothing, so it is not tried again. An applicant on a shared phone
        // is named, each in a notice of their own: one number calling for two people must not
        // read as one applicant (docs/shared-phones.md).
        const id = seen.noticed
          ? null
          : await outbox.createDirect(turn.tx, shared
            ? {
                dedupeKey: noticeKey,
                kind: 'employer_notice',
                workerId: null,
                phone: opening.workshop.contactPhone,
                message: 'employer_new_applicant_named',
                params: { title: opening.title, code: opening.code, name: personLabel({ slot: worker.phoneSlot, name: worker.name }), phone: worker.phone ?? '' } as never,
              }
            : {
                dedupeKey: noticeKey,
                kind: 'employer_notice',
                workerId: null,
                phone: opening.workshop.contactPhone,
                message: 'employer_new_applicant',
                params: { title: opening.title, code: opening.code, phone: worker.phone ?? '' } as never,
              });
        if (id) turn.sms.push(id);
      }
    }
    return applyReply(outcome);
  }

  /**
   * The full terms of one opening (1003, 详情1003; docs/honest-posts.md), in at most two segments.
   * A draft or no such code is 没有编号…; an opening no longer taking people says so.
   */
  async function details(turn: InboundTurn, code: string): Promise<Reply> {
    const opening = await turn.tx.opening.findUnique({ where: { code }, include: { workshop: true } });
    if (!opening || opening.status === 'draft') return applyReply({ type: 'unknown', code });
    if (!isLive(opening, now())) return applyReply({ type: 'closed', code });
    const params = detailsParams(
      { ...opening, workshop: opening.workshop.name },
      { verified: opening.workshop.verifiedAt !== null, supportWorkshop: opening.workshop.supportWorkshop },
      now(),
      config.ALIYUN_SMS_SIGN_NAME,
    );
    return { kind: 'opening_details', params };
  }

  /**
   * The opening a terms question without a code is about (包吃住吗, 那个缝纫的管饭不; Round 35): the one in the newest alert
   * to anyone on the sender's phone within ALERTED_DETAILS_DAYS — of the skills the text names, when it names any — or
   * null when there is none, or the newest alert listed several (a digest) and the text names no skill to choose by.
   */
  async function alertedOpening(turn: InboundTurn, skills: readonly string[]): Promise<string | null> {
    const ids = turn.people.length ? turn.people.map((p) => p.id) : turn.worker ? [turn.worker.id] : [];
    if (ids.length === 0) return null;
    const since = new Date(now().getTime() - ALERTED_DETAILS_DAYS * 86_400_000);
    // A campaign's alert records its opening in opening_ids (and in its campaign); a digest lists up to 3.
    const rows = await turn.tx.$queryRaw<{ id: bigint; code: string; skills: string[]; listed: number }[]>`
      SELECT n.id, o.code, o.skills, cardinality(u.ids) AS listed
      FROM notifications n
      LEFT JOIN campaigns c ON c.id = n.campaign_id
      CROSS JOIN LATERAL (SELECT CASE WHEN cardinality(n.opening_ids) > 0 THEN n.opening_ids ELSE array_remove(ARRAY[c.opening_id], NULL) END AS ids) u
      CROSS JOIN LATERAL unnest(u.ids) WITH ORDINALITY AS l(opening_id, pos)
      JOIN openings o ON o.id = l.opening_id
      WHERE n.worker_id = ANY(${ids}::int[]) AND n.created_at > ${since} AND n.status <> 'cancelled'
      ORDER BY n.created_at DESC, n.id DESC, l.pos
      LIMIT 30`;
    if (skills.length) return rows.find((r) => r.skills.some((k) => skills.includes(k)))?.code ?? null;
    const newest = rows[0];
    return newest && Number(newest.listed) === 1 ? newest.code : null;
  }

  /** 缝纫 工价: the median pay of the county's past openings of the skill, or that there are too few. */
  async function wageQuery(turn: InboundTurn, skill: string, divisionCode: string): Promise<Reply> {
    const [units, place] = await Promise.all([wageBenchmark(turn.tx, skill, divisionCode, now()), countyName(turn.tx, divisionCode)]);
    const best = units.find((u) => u.median !== null);
    const pay = best ? benchmarkPay(best) : null;
    if (!best || !pay) return { kind: 'wage_benchmark_few', params: { place, skill, count: String(units.reduce((n, u) => n + u.count, 0)) } };
    return { kind: 'wage_benchmark', params: { place, skill, pay, count: String(best.count) } };
  }

  return { listJobs, apply, details, wageQuery, alertedOpening };
}
