import type { LadderService } from '../delivery/ladder-service.js';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { Prisma, type Db } from '../../db/prisma.js';
import { NotFoundError } from '../../errors.js';
import { formatDigest, nextWaveAt, waveSize } from '../../domain/matching.js';
import { renderMessage } from '../../domain/message-templates.js';
import { isLive } from '../../domain/opening-life.js';
import { shortPlaceName } from '../../domain/opening-format.js';
import { jobAlertParams, sharedJobAlertParams } from '../../domain/opening-terms.js';
import { alertUnits, sharedAlertParts, type PhonePerson } from '../../domain/household.js';
import { reviewHold } from '../../domain/employer-review.js';
import { countSegments, withSignature } from '../../domain/sms-segments.js';
import type { QueueClient } from '../../queues/queue-client.js';
import type { DirectMessage, Outbox } from '../delivery/outbox.js';
import { createCandidates, type OpeningForMatch, type OpeningRef } from './candidates.js';
import { createMatchReports } from './match-reports.js';
import { createReverseMatch } from './reverse-match.js';

/** Alerts written and queued per statement while matching a broadcast. */
const INSERT_SLICE = 5000;

export interface MatchDeps {
  config: Pick<
    Config,
    | 'ALIYUN_SMS_SIGN_NAME'
    | 'SMS_TEMPLATE_CODES'
    | 'QUIET_HOURS'
    | 'QUIET_HOURS_SPREAD_MS'
    | 'MATCH_WEEKLY_ALERT_CAP'
    | 'MATCH_WAVE_FACTOR'
    | 'MATCH_WAVE_WAIT_HOURS'
    | 'DAY_LABOUR_WAVE_MINUTES'
    | 'CASE_HOLD_OPEN_CASES'
  >;
  db: Db;
  queues: Pick<QueueClient, 'addBulk' | 'add' | 'queue' | 'jobIds'>;
  log: Pick<Logger, 'info' | 'warn'>;
  /** The notifications ledger: campaign alerts, the reverse-match digest, cancelling a stopped opening's alerts. */
  outbox: Pick<Outbox, 'createCampaignAlerts' | 'createSharedAlerts' | 'createDigest' | 'cancelForOpening' | 'enqueueDigest' | 'queueSendJobs' | 'queueCampaignSends' | 'finishCampaign'>;
  /** Starts the ladder of each alert whose worker's station turned it on (docs/ladder.md). */
  ladder?: Pick<LadderService, 'start'>;
  now?: () => Date;
}

export function createMatchService({ config, db, queues, log, outbox, ladder, now = () => new Date() }: MatchDeps) {
  const waits = { dayLabourMinutes: config.DAY_LABOUR_WAVE_MINUTES, hours: config.MATCH_WAVE_WAIT_HOURS };
  const waveJobId = (openingId: number, wave: number) => `wave-${openingId}-${wave}`;

  const candidates = createCandidates({ config, db, now });
  const { loadOpening, mustLoad, plan } = candidates;
  const { findOpeningsForWorker, openingsToList, placeData } = createReverseMatch({ db, now, candidates });

  /** "元阳新街镇": the workshop's township (or county) with its county, short enough for an SMS. */
  async function placeLabel(divisionCode: string): Promise<string> {
    const prefixes = [divisionCode.slice(0, 6), divisionCode.slice(0, 9)].filter((c) => c.length <= divisionCode.length);
    const rows = await db.division.findMany({ where: { code: { in: prefixes } }, select: { code: true, name: true } });
    const county = rows.find((r) => r.code.length === 6)?.name ?? null;
    const township = rows.find((r) => r.code.length === 9)?.name;
    return township ? shortPlaceName(county, township) : (county ?? '');
  }

  async function alertFor(o: OpeningForMatch) {
    // The wage and as many terms as fit one segment; 已核验 when a station checked the employer (docs/honest-posts.md).
    const params = jobAlertParams(
      { ...o, workshop: o.workshop.name, place: await placeLabel(o.workshop.divisionCode) },
      { verified: o.workshop.verifiedAt !== null },
      now(),
      config.ALIYUN_SMS_SIGN_NAME,
    );
    const rendered = renderMessage('job_alert', params, config.SMS_TEMPLATE_CODES);
    return { rendered, segments: countSegments(withSignature(config.ALIYUN_SMS_SIGN_NAME, rendered.text)) };
  }

  /** The alert to a shared phone for the people on it the opening fits, naming each (docs/shared-phones.md). */
  function sharedAlertFor(o: OpeningForMatch, place: string, people: PhonePerson[]) {
    const params = sharedJobAlertParams(
      { ...o, workshop: o.workshop.name, place },
      { verified: o.workshop.verifiedAt !== null },
      now(),
      config.ALIYUN_SMS_SIGN_NAME,
      sharedAlertParts(people, o.code),
    );
    const rendered = renderMessage('shared_job_alert', params, config.SMS_TEMPLATE_CODES);
    return { rendered, segments: countSegments(withSignature(config.ALIYUN_SMS_SIGN_NAME, rendered.text)) };
  }

  /**
   * Everyone on a shared phone, by worker id (a handful of rows: the phones that have a
   * person 2 are found by a partial index). Empty when no phone is shared.
   */
  async function sharedPhonePeople(): Promise<Map<number, PhonePerson>> {
    const rows = await db.$queryRaw<{ id: number; phone: string; phone_slot: number; name: string | null }[]>`
      SELECT w.id, w.phone, w.phone_slot, w.name FROM workers w
      WHERE w.phone IN (SELECT s.phone FROM workers s WHERE s.phone_slot > 1)`;
    return new Map(rows.map((r) => [r.id, { id: r.id, phone: r.phone, slot: r.phone_slot, name: r.name }]));
  }

  /** Queues the next wave unless it would fall after the start time or expiry; returns when it goes. */
  async function scheduleWave(o: OpeningForMatch, wave: number, after: { campaignId: number; createdAt: number }): Promise<Date | null> {
    const start = now();
    const at = nextWaveAt(start, o, waits);
    if (!at) return null;
    await queues.add('match', { openingId: o.id, wave, after }, { jobId: waveJobId(o.id, wave), delay: at.getTime() - start.getTime() });
    return at;
  }

  async function runCampaign(campaignId: number): Promise<{ matched: number; jobs: number; capped?: number; nextWaveAt?: Date | null }> {
    const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
    if (!campaign || !campaign.openingId) throw new Error(`campaign ${campaignId} has no opening`);
    // A held broadcast waits for a station (docs/cases.md); a job for it (a requeue) does nothing.
    if (campaign.status === 'cancelled' || campaign.status === 'completed' || campaign.status === 'held') return { matched: 0, jobs: 0 };
    const o = await loadOpening(campaign.openingId);
    if (!o) throw new Error(`opening ${campaign.openingId} not found`);
    if (!isLive(o, now())) {
      await db.campaign.update({ where: { id: campaignId }, data: { status: 'cancelled', finishedAt: now(), error: `opening is ${o.status}` } });
      return { matched: 0, jobs: 0 };
    }
    const { rendered, segments } = await alertFor(o);
    await db.campaign.update({ where: { id: campaignId }, data: { status: 'matching', templateCode: rendered.templateCode } });

    const p = await plan(o, false);
    // A re-run after a crash finds its own earlier rows "already alerted": count them against the
    // wave, and queue those still waiting (their jobs may never have been added).
    const already = await db.notification.count({ where: { campaignId } });
    const room = campaign.waveSize === null ? p.matches.length : Math.max(0, campaign.waveSize - already);
    const chosen = p.matches.slice(0, room);
    let jobs = already > 0 ? (await outbox.queueCampaignSends(campaignId, now())).jobs : 0;
    // People who share a phone get one message between them (docs/shared-phones.md).
    const units = alertUnits(chosen, await sharedPhonePeople());
    const place = await placeLabel(o.workshop.divisionCode);
    // Best first, a slice at a time, each queued as soon as it is written: the first alerts go
    // out while the rest of a large broadcast is still being inserted.
    for (let i = 0; i < units.length; i += INSERT_SLICE) {
      const slice = units.slice(i, i + INSERT_SLICE);
      const singles = slice.flatMap((u) => (u.kind === 'one' ? [u.match] : []));
      const sharedRows = slice.flatMap((u) => {
        if (u.kind === 'one') return [];
        const alert = sharedAlertFor(o, place, u.people);
        const reasons = u.matches.map((m, k) => `${u.people[k]!.slot}号:${m.reasons.join('·')}`).join('；');
        return [{ workerId: u.matches[0]!.workerId, alsoFor: u.matches.slice(1).map((m) => m.workerId), score: u.matches[0]!.score, reasons, ...alert }];
      });
      const singleIds = singles.length ? await outbox.createCampaignAlerts(campaignId, o.id, rendered, segments, singles) : [];
      const inserted = [...singleIds, ...(await outbox.createSharedAlerts(campaignId, o.id, sharedRows))];
      if (inserted.length === 0) {
        const current = await db.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
        if (current?.status !== 'matching') break;
      }
      // Ids follow the rank (ORDER BY above): the first job carries the best matches.
      const ids = inserted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      // Ladders (docs/ladder.md) start before the sends, so that a first receipt finds its step.
      // Not for a shared phone's combined alert: a call or a second SMS would read its text to
      // the first person only (docs/shared-phones.md).
      if (ladder && singleIds.length) await ladder.start(campaignId, [...singleIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      jobs += await outbox.queueSendJobs(campaignId, ids, now());
    }
    if (p.capped.length > 0) {
      await db.$executeRaw`
        INSERT INTO match_skips (campaign_id, worker_id, reason)
        SELECT ${campaignId}, id, 'capped' FROM unnest(${p.capped}::int[]) AS id
        ON CONFLICT (campaign_id, worker_id) DO NOTHING`;
    }

    const matched = await db.notification.count({ where: { campaignId } });
    // Only from `matching`: a fill or close meanwhile cancelled the campaign, and its queued
    // alerts are cancelled when their jobs claim them.
    await db.campaign.updateMany({
      where: { id: campaignId, status: 'matching' },
      data: matched === 0 ? { status: 'completed', matched, finishedAt: now() } : { status: 'sending', matched },
    });
    // Its jobs may all have finished before it was `sending`.
    if (matched > 0) await outbox.finishCampaign(campaignId);
    // More waves only while someone is left to alert: a worker not in this wave, or a capped
    // one whose week may have rolled over by then.
    const more = p.matches.length > chosen.length || p.capped.length > 0;
    const next = campaign.waveSize !== null && more ? await scheduleWave(o, campaign.wave + 1, { campaignId: campaign.id, createdAt: campaign.createdAt.getTime() }) : null;
    log.info({ campaignId, openingId: o.id, wave: campaign.wave, matched, capped: p.capped.length, jobs, nextWaveAt: next }, 'campaign matched');
    return { matched, jobs, capped: p.capped.length, nextWaveAt: next };
  }

  /** Workers with open cases against the employer (or the workshop, when it has none) who have a tie to it. */
  const tiedReporters = async (ws: { id: number; employerId: number | null }): Promise<{ workers: number; newest: Date | null }> => {
    const mine = (alias: string) =>
      ws.employerId !== null ? Prisma.sql`${Prisma.raw(alias)}.employer_id = ${ws.employerId}` : Prisma.sql`${Prisma.raw(alias)}.id = ${ws.id}`;
    const against = ws.employerId !== null ? Prisma.sql`c.employer_id = ${ws.employerId}` : Prisma.sql`c.workshop_id = ${ws.id}`;
    const [row] = await db.$queryRaw<{ n: bigint; newest: Date | null }[]>`
      SELECT count(DISTINCT c.worker_id) AS n, max(c.created_at) AS newest FROM cases c JOIN workers w ON w.id = c.worker_id
      WHERE c.status = 'open' AND ${against} AND (
        w.created_at < c.created_at - interval '7 days'
        OR EXISTS (SELECT 1 FROM applications a JOIN openings o ON o.id = a.opening_id JOIN workshops s ON s.id = o.workshop_id
                   WHERE a.worker_id = c.worker_id AND ${mine('s')})
        OR EXISTS (SELECT 1 FROM notifications n JOIN campaigns k ON k.id = n.campaign_id JOIN openings o ON o.id = k.opening_id
                   JOIN workshops s ON s.id = o.workshop_id WHERE n.worker_id = c.worker_id AND ${mine('s')}))`;
    return { workers: Number(row?.n ?? 0), newest: row?.newest ?? null };
  };

  /** Notifications an opening's alerts to stop carry this code (OPENING_FILLED, OPENING_CLOSED, …). */
  const stopCode = (status: string) => `OPENING_${status.toUpperCase()}`;

  return {
    runCampaign,

    /** Re-queues broadcasts whose match job never reached Redis (the API answered 5xx). */
    async requeuePending(olderThanMs = 60_000): Promise<number> {
      const stale = await db.campaign.findMany({
        where: { status: 'pending', kind: 'opening_broadcast', createdAt: { lt: new Date(now().getTime() - olderThanMs) } },
        select: { id: true },
        take: 100,
      });
      for (const c of stale) await queues.add('match', { campaignId: c.id }, { jobId: `match-${c.id}` });
      return stale.length;
    },

    /**
     * Starts a broadcast: the first wave (best headcount × factor), or everyone with sendToAll.
     * Matching runs in the match queue.
     */
    async startBroadcast(opening: OpeningRef, opts: { sendToAll: boolean }) {
      const o = await mustLoad(opening);
      const openingId = o.id;
      // Workers' reports protect the others: an employer (or a workshop with none) with open
      // cases of CASE_HOLD_OPEN_CASES workers has its new broadcasts held for a station's review.
      const workshop = (await db.opening.findUnique({ where: { id: openingId }, select: { workshop: { select: { id: true, employerId: true, reviewBroadcasts: true, verifiedAt: true } } } }))?.workshop;
      // Counted by worker: one worker's several reports (or a rival's) cannot hold an employer
      // alone. And only workers with a tie to the employer count — who applied to or were alerted
      // for one of its openings, or were registered a week before reporting — so a rival with
      // two fresh SIM cards cannot hold a workshop's broadcasts (red team); their cases stay
      // open for the station all the same.
      const openCases = workshop ? (await tiedReporters(workshop)).workers : 0;
      // A station may also make an unverified (or a flagged) employer's broadcasts wait for its
      // review (docs/honest-posts.md): the same hold, with its own reason.
      const review = workshop ? reviewHold(workshop) : null;
      const held = openCases >= config.CASE_HOLD_OPEN_CASES || review !== null;
      // One broadcast of an opening on its way at a time: two presses of 发送 at once (two tabs, a
      // double click) each made a campaign, and as neither saw the other's alerts yet, every
      // worker got the alert twice (red team, issue #18). Under the opening's lock, a press while
      // one is still pending or matching gets that one; once its alerts are written (sending), a
      // new one reaches only those not alerted yet.
      const { campaign, already } = await db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM openings WHERE id = ${openingId} FOR UPDATE`;
        const inFlight = await tx.campaign.findFirst({ where: { openingId, status: { in: ['pending', 'matching'] } }, orderBy: { id: 'desc' } });
        if (inFlight) return { campaign: inFlight, already: true };
        const last = await tx.campaign.aggregate({ where: { openingId }, _max: { wave: true } });
        const made = await tx.campaign.create({
          data: {
            kind: 'opening_broadcast',
            openingId,
            wave: (last._max.wave ?? 0) + 1,
            waveSize: waveSize(o.headcount, config.MATCH_WAVE_FACTOR, opts.sendToAll),
            ...(held ? { status: 'held' as const, heldAt: now(), heldReason: openCases >= config.CASE_HOLD_OPEN_CASES ? `open cases of ${openCases} workers` : review } : {}),
          },
        });
        return { campaign: made, already: false };
      });
      if (already) {
        log.info({ campaignId: campaign.id, openingId }, 'a broadcast of this opening is already on its way; no second one');
        return campaign;
      }
      if (held) {
        log.info({ campaignId: campaign.id, openingId, openCases, review }, 'broadcast held for a station\'s review');
        return campaign;
      }
      await queues.add('match', { campaignId: campaign.id }, { jobId: `match-${campaign.id}` });
      return campaign;
    },

    /** The next wave of an opening, if it is still open and not filled (a delayed match job). */
    async runWave(openingId: number, wave: number, after?: { campaignId: number; createdAt: number }) {
      const o = await loadOpening(openingId);
      if (!o || !isLive(o, now())) return { matched: 0, jobs: 0, stopped: true };
      const hired = await db.application.count({ where: { openingId, status: 'hired' } });
      if (hired >= o.headcount) {
        await stopOpening(openingId, 'filled');
        return { matched: 0, jobs: 0, stopped: true };
      }
      // A wave job belongs to the campaign of the wave before it (its id and creation time, both
      // from the database): one made for another opening under the same ids (a database
      // restored under Redis, docs/redis.md) finds another campaign there and does nothing.
      if (after) {
        const before = await db.campaign.findFirst({ where: { openingId, wave: wave - 1 }, select: { id: true, createdAt: true } });
        if (!before || before.id !== after.campaignId || before.createdAt.getTime() !== after.createdAt) {
          log.warn({ openingId, wave, after }, 'a wave job made for another wave before it (a restored database); ignored');
          return { matched: 0, jobs: 0, stopped: true };
        }
      }
      const existing = await db.campaign.findFirst({ where: { openingId, wave } });
      if (existing) return runCampaign(existing.id);
      // Reports that came in since the wave before (docs/cases.md, holding broadcasts): the next
      // wave waits for the station like a new broadcast. Cases the station saw when it released
      // the broadcast do not hold each later wave again.
      const previous = await db.campaign.findFirst({ where: { openingId, wave: wave - 1 }, select: { createdAt: true } });
      const ws = (await db.opening.findUnique({ where: { id: openingId }, select: { workshop: { select: { id: true, employerId: true } } } }))?.workshop;
      const reports = ws ? await tiedReporters(ws) : { workers: 0, newest: null };
      const held = reports.workers >= config.CASE_HOLD_OPEN_CASES && reports.newest !== null && (!previous || reports.newest > previous.createdAt);
      const campaign = await db.campaign.create({
        data: {
          kind: 'opening_broadcast',
          openingId,
          wave,
          waveSize: waveSize(o.headcount, config.MATCH_WAVE_FACTOR, false),
          ...(held ? { status: 'held' as const, heldAt: now(), heldReason: `open cases of ${reports.workers} workers` } : {}),
        },
      });
      if (held) {
        log.info({ campaignId: campaign.id, openingId, wave, openCases: reports.workers }, 'a later wave held: workers reported the employer since the wave before');
        return { matched: 0, jobs: 0, stopped: true };
      }
      return runCampaign(campaign.id);
    },

    stopOpening,

    /** The alert text a broadcast of this opening sends, and its billed segments. */
    async alertPreview(opening: OpeningRef): Promise<{ text: string; segments: number }> {
      const { rendered, segments } = await alertFor(await mustLoad(opening));
      return { text: rendered.text, segments };
    },

    ...createMatchReports({ config, db, candidates }),

    /** Open openings that fit a worker, best first (reverse-match.ts). */
    findOpeningsForWorker,

    /** The openings the 岗位 reply lists for a worker (reverse-match.ts). */
    openingsToList,

    /** Divisions and their points, cached per process: read before a transaction that lists openings. */
    placeData,

    /**
     * Sends a worker who subscribed or changed skills or place one SMS listing up to 3 open
     * openings that fit. One message per worker, day and set of openings (dedupe key).
     */
    async reverseMatch(workerId: number) {
      const worker = await db.worker.findUnique({ where: { id: workerId }, select: { phone: true } });
      if (!worker) throw new NotFoundError('worker.not_found', `worker ${workerId} not found`, { params: { id: workerId } });
      const found = worker.phone ? await findOpeningsForWorker(workerId, 3) : [];
      if (found.length === 0 || !worker.phone) return { queued: false, notificationId: null, openings: [] as typeof found };
      const digest = formatDigest(found.map((f) => ({ code: f.code, title: f.title, wage: f.wage })));
      const listed = found.slice(0, digest.count);
      const at = now();
      const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10); // Beijing date
      const dedupeKey = `digest:${workerId}:${day}:${listed.map((f) => f.code).join('-')}`;
      const id = await db.$transaction(async (tx) => {
        const message: DirectMessage<'opening_digest'> = {
          dedupeKey,
          kind: 'alert',
          workerId,
          phone: worker.phone!,
          message: 'opening_digest',
          params: { list: digest.text },
        };
        return outbox.createDigest(tx, message, { openingIds: listed.map((f) => f.id), matchReasons: listed.map((f) => `${f.code}:${f.reasons.join('·')}`).join('；') });
      });
      if (id) await outbox.enqueueDigest(id, at);
      return { queued: id !== null, notificationId: id, openings: listed };
    },
  };


  /**
   * Fills, closes or expires an opening and stops everything still to go at once: queued
   * alerts are cancelled with the reason, pending campaigns cancelled, delayed waves removed.
   * Safe to call again. (Notify also re-checks the opening at the moment of sending.)
   */
  async function stopOpening<S extends 'filled' | 'closed' | 'expired'>(openingId: number, status: S) {
    const o = await mustLoad(openingId);
    await db.opening.update({ where: { id: openingId }, data: { status } });
    const code = stopCode(status);
    const cancelled = await outbox.cancelForOpening(openingId, code, `opening ${status} before sending`);
    const pending = await db.campaign.findMany({ where: { openingId, status: { in: ['pending', 'matching', 'held'] } }, select: { id: true } });
    await db.campaign.updateMany({
      where: { openingId, status: { in: ['pending', 'matching', 'held'] } },
      data: { status: 'cancelled', finishedAt: now(), error: `opening ${status}` },
    });
    await db.$executeRaw`
      UPDATE campaigns c SET status = 'completed', finished_at = now()
      WHERE c.opening_id = ${openingId} AND c.status = 'sending'
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.campaign_id = c.id AND n.status IN ('queued', 'sending'))`;
    const last = await db.campaign.aggregate({ where: { openingId }, _max: { wave: true } });
    const jobIds = [...pending.map((c) => `match-${c.id}`)];
    for (let wave = 2; wave <= (last._max.wave ?? 0) + 1; wave++) jobIds.push(waveJobId(openingId, wave));
    const matchQueue = queues.queue('match');
    let removedJobs = 0;
    for (const id of jobIds.flatMap((j) => queues.jobIds(j))) {
      // Only jobs still waiting to run: a finished one is history, a running one re-checks the opening.
      const job = await matchQueue.getJob(id);
      const state = job ? await job.getState() : 'unknown';
      if (job && (state === 'delayed' || state === 'waiting' || state === 'prioritized')) {
        await job.remove();
        removedJobs++;
      }
    }
    log.info({ openingId, status, was: o.status, cancelled, removedJobs }, 'opening stopped');
    return { status, cancelledNotifications: cancelled, removedJobs };
  }
}

export type MatchService = ReturnType<typeof createMatchService>;