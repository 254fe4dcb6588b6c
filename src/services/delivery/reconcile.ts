import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { SmsDetail, SmsProvider } from '../../channels/sms/sms-provider.js';
import type { Db } from '../../db/prisma.js';
import type { Outbox } from './outbox.js';
import { DEFERRABLE_KINDS, beijingDate } from '../../domain/send-rules.js';
import { beijingMinuteOfDay, isQuiet } from '../../domain/quiet-hours.js';
import type { Metrics } from '../../metrics.js';
import type { QueueClient } from '../../queues/queue-client.js';
import type { NotifyService } from './notify-service.js';
import type { WechatService } from '../inbound/wechat-inbox.js';

export interface ReconcileDeps {
  config: Pick<
    Config,
    | 'RECONCILE_SENDING_AFTER_MS'
    | 'RECONCILE_RESEND_AFTER_MS'
    | 'RECONCILE_RECEIPT_AFTER_MS'
    | 'NOTIFY_REQUEUE_AFTER_MS'
    | 'QUIET_HOURS'
    | 'QUIET_HOURS_SPREAD_MS'
  >;
  db: Db;
  outbox: Pick<Outbox, 'applyProviderDetail' | 'putBack' | 'takeLost' | 'failWechatUnconfirmed' | 'failWechatOrphaned' | 'requeue'>;
  sms: Pick<SmsProvider, 'querySendDetails'>;
  queues: Pick<QueueClient, 'queue'>;
  notify: Pick<NotifyService, 'finishCampaigns'>;
  wechat: Pick<WechatService, 'push'>;
  metrics: Pick<Metrics, 'reconciled'>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
}

/** Rows looked at per run: one QuerySendDetails per phone, well under Aliyun's 5000/s. */
const SENDING_BATCH = 5000;
const RECEIPT_BATCH = 1000;
const QUERY_CONCURRENCY = 16;
/** QuerySendDetails keeps 30 days; a receipt older than this is not worth asking after. */
const RECEIPT_LOOKBACK_MS = 3 * 24 * 3600_000;
/** Phones of one call looked up before deciding the call never reached Aliyun. */
const PROBES_PER_CALL = 3;

interface Pending {
  id: bigint;
  phone: string;
  out_id: string | null;
  biz_id: string | null;
  campaign_id: number | null;
  kind: string;
  claimed_at: Date;
  stale: boolean;
}

export interface ReconcileResult {
  /** Calls left in `sending` that the provider had in fact accepted. */
  foundSent: number;
  /** ...and that it had no trace of: put back in the queue (counted in notifications.resends). */
  resent: number;
  /** Still in `sending`, not yet old enough to resend. */
  waiting: number;
  /** Sent messages whose missing receipt QuerySendDetails supplied. */
  receipts: number;
  /** Queued messages given a new notify job because theirs was lost (Redis restart). */
  requeued: number;
  /** WeChat replies a crash left unsent, sent now through the customer-service API. */
  wechatSent: number;
  /** WeChat replies whose call a crash interrupted (failed, not risked twice), or whose user left. */
  wechatUnconfirmed: number;
  queryErrors: number;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const k = next++;
        out[k] = await fn(items[k]!);
      }
    }),
  );
  return out;
}


/**
 * Resolves what a crash, a timeout or a lost Redis left undecided, without ever sending twice:
 * before a message in `sending` goes back to the queue, QuerySendDetails is asked whether its
 * call (by phone, Beijing date and OutId) reached Aliyun.
 */
export function createReconcileService({ config, db, outbox, sms, queues, notify, wechat, metrics, log, now = () => new Date() }: ReconcileDeps) {
  /** Provider records for one phone on the dates a claim may have been sent. */
  async function detailsFor(phone: string, since: Date, bizId?: string): Promise<SmsDetail[]> {
    const dates = [...new Set([beijingDate(since), beijingDate(now())])];
    const all: SmsDetail[] = [];
    for (const d of dates) all.push(...(await sms.querySendDetails(phone, d, bizId)));
    return all;
  }

  const applyDetail = outbox.applyProviderDetail;

  /**
   * Messages a call left in `sending` (crash, timeout). Aliyun accepts or rejects a request as a
   * whole and each call has its own OutId, so a few phones of a call tell its fate: found → the
   * call's messages are sent (the looked-up ones take their real status); no trace after the
   * safe delay → the call never reached Aliyun and its messages go back to the queue.
   */
  async function settleSending(result: ReconcileResult): Promise<number[]> {
    const at = now();
    const rows = await db.$queryRaw<Pending[]>`
      SELECT id, phone, out_id, biz_id, campaign_id, kind::text AS kind, updated_at AS claimed_at,
             updated_at < ${new Date(at.getTime() - config.RECONCILE_RESEND_AFTER_MS)} AS stale
      FROM notifications
      WHERE status = 'sending' AND phone IS NOT NULL AND updated_at < ${new Date(at.getTime() - config.RECONCILE_SENDING_AFTER_MS)}
        -- Calls are settled by the voice reconciler (voice-reconcile.ts): QuerySendDetails knows nothing of them.
        AND channel <> 'voice'
      ORDER BY updated_at LIMIT ${SENDING_BATCH}`;
    const calls = new Map<string, Pending[]>();
    for (const r of rows) {
      const key = r.out_id ?? `id:${r.id}`;
      calls.set(key, [...(calls.get(key) ?? []), r]);
    }
    const resend: Pending[] = [];
    await mapLimit([...calls.values()], QUERY_CONCURRENCY, async (members) => {
      try {
        let found: { row: Pending; detail: SmsDetail } | undefined;
        for (const row of members.slice(0, PROBES_PER_CALL)) {
          const detail = row.out_id ? (await detailsFor(row.phone, row.claimed_at)).find((d) => d.outId === row.out_id) : undefined;
          if (detail) {
            found = { row, detail };
            break;
          }
        }
        if (found) {
          await applyDetail([found.row.id], found.detail, true);
          const others = members.filter((m) => m !== found.row).map((m) => m.id);
          if (others.length) await applyDetail(others, { ...found.detail, status: 1 }, true);
          result.foundSent += members.length;
          metrics.reconciled.inc({ result: 'found_sent' }, members.length);
        } else if (members.every((m) => m.stale)) {
          resend.push(...members);
        } else {
          result.waiting += members.length;
        }
      } catch (err) {
        result.queryErrors += 1;
        log.warn({ outId: members[0]!.out_id, err: (err as Error).message }, 'QuerySendDetails failed; will retry on the next run');
      }
    });
    if (resend.length) {
      // Only rows whose claim is still that old: a worker touches the claim right before its call.
      const back = await outbox.putBack(resend.map((r) => r.id), new Date(at.getTime() - config.RECONCILE_RESEND_AFTER_MS));
      result.resent += back.length;
      metrics.reconciled.inc({ result: 'resent' }, back.length);
      if (back.length) log.warn({ count: back.length }, 'messages with no trace at the provider put back in the queue');
      await outbox.requeue(back, 'r', now());
    }
    return rows.map((r) => r.campaign_id).filter((c): c is number => c !== null);
  }

  /** Sent messages still without a receipt after a while: ask QuerySendDetails (by BizId, else OutId). */
  async function fetchReceipts(result: ReconcileResult): Promise<number[]> {
    const at = now();
    const before = new Date(at.getTime() - config.RECONCILE_RECEIPT_AFTER_MS);
    const rows = await db.$queryRaw<Pending[]>`
      SELECT id, phone, out_id, biz_id, campaign_id, kind::text AS kind, sent_at AS claimed_at, false AS stale
      FROM notifications
      WHERE status = 'sent' AND phone IS NOT NULL AND (biz_id IS NOT NULL OR out_id IS NOT NULL) AND channel <> 'voice'
        AND sent_at < ${before} AND updated_at < ${before} AND sent_at > ${new Date(at.getTime() - RECEIPT_LOOKBACK_MS)}
      ORDER BY updated_at LIMIT ${RECEIPT_BATCH}`;
    await mapLimit(rows, QUERY_CONCURRENCY, async (n) => {
      try {
        const details = (await detailsFor(n.phone, n.claimed_at, n.biz_id ?? undefined)).filter((d) => n.biz_id || d.outId === n.out_id);
        const d = details.find((x) => x.status !== 1);
        if (d) {
          await applyDetail([n.id], d, false);
          result.receipts += 1;
          metrics.reconciled.inc({ result: 'receipt' });
        } else {
          await applyDetail([n.id], { status: 1 }, false); // nothing yet: look again later
        }
      } catch (err) {
        result.queryErrors += 1;
        log.warn({ id: String(n.id), err: (err as Error).message }, 'QuerySendDetails failed; will retry on the next run');
      }
    });
    return rows.map((r) => r.campaign_id).filter((c): c is number => c !== null);
  }

  /**
   * Campaign messages still queued long after their job should have run: the job was lost (a
   * Redis restart without persistence). A new job is harmless if the old one still exists:
   * only the job that claims a message sends it.
   */
  async function requeueLost(result: ReconcileResult): Promise<void> {
    if (await queues.queue('notify').isPaused()) return; // paused on purpose: nothing is lost
    const at = now();
    // Alerts held overnight are queued since the evening and due over the morning spread: they
    // are not lost, so leave them alone until the spread is long over.
    const q = config.QUIET_HOURS;
    const sinceQuietEndMs = q ? ((beijingMinuteOfDay(at) - q.endMinute + 1440) % 1440) * 60_000 : Infinity;
    const quiet = isQuiet(at, q) || sinceQuietEndMs < config.QUIET_HOURS_SPREAD_MS + config.NOTIFY_REQUEUE_AFTER_MS;
    const rows = await outbox.takeLost(new Date(at.getTime() - config.NOTIFY_REQUEUE_AFTER_MS), quiet, DEFERRABLE_KINDS, SENDING_BATCH);
    result.requeued += rows.length;
    if (rows.length) {
      metrics.reconciled.inc({ result: 'requeued' }, rows.length);
      log.warn({ count: rows.length }, 'queued messages without a job given a new one');
    }
    await outbox.requeue(rows, 'q', now());
  }

  /**
   * WeChat replies (passive or customer-service) a crash left in `sending`. Never tried
   * (attempts 0): the process died before answering, and WeChat's retry of the push found the
   * message already handled, so nobody else will send them: they go now through the
   * customer-service API (the user wrote minutes ago, well inside the 48-hour window). Tried
   * without an answer recorded: failed with a reason after the resend delay, rather than risk
   * the worker getting the same reply twice.
   */
  async function settleWechatReplies(result: ReconcileResult): Promise<void> {
    const at = now();
    const rows = await db.$queryRaw<{ id: bigint; open_id: string | null; attempts: number; stale: boolean }[]>`
      SELECT n.id, i.sender AS open_id, n.attempts,
             n.updated_at < ${new Date(at.getTime() - config.RECONCILE_RESEND_AFTER_MS)} AS stale
      FROM notifications n
      LEFT JOIN inbound_messages i ON i.id = CASE WHEN n.dedupe_key ~ '^reply:[0-9]+(:|$)' THEN split_part(n.dedupe_key, ':', 2)::bigint END
      WHERE n.status = 'sending' AND n.channel = 'wechat' AND n.kind = 'reply'
        AND n.updated_at < ${new Date(at.getTime() - config.RECONCILE_SENDING_AFTER_MS)}
      ORDER BY n.id LIMIT ${RECEIPT_BATCH}`;
    const untried = new Map<string, string[]>();
    for (const r of rows) {
      if (r.attempts !== 0 || r.open_id === null) continue;
      const ids = untried.get(r.open_id);
      if (ids) ids.push(String(r.id));
      else untried.set(r.open_id, [String(r.id)]);
    }
    for (const [openId, ids] of untried) result.wechatSent += await wechat.push(openId, ids);
    const interrupted = rows.filter((x) => x.attempts > 0 && x.stale && x.open_id !== null).map((x) => x.id);
    if (interrupted.length) {
      result.wechatUnconfirmed += await outbox.failWechatUnconfirmed(interrupted);
    }
    // The message it answers is gone (the user unfollowed, and their WeChat data was erased).
    const orphaned = rows.filter((x) => x.open_id === null).map((x) => x.id);
    if (orphaned.length) {
      result.wechatUnconfirmed += await outbox.failWechatOrphaned(orphaned);
    }
    if (result.wechatSent) metrics.reconciled.inc({ result: 'wechat_sent' }, result.wechatSent);
    if (result.wechatUnconfirmed) metrics.reconciled.inc({ result: 'wechat_unconfirmed' }, result.wechatUnconfirmed);
  }

  return {
    async run(): Promise<ReconcileResult> {
      const result: ReconcileResult = { foundSent: 0, resent: 0, waiting: 0, receipts: 0, requeued: 0, wechatSent: 0, wechatUnconfirmed: 0, queryErrors: 0 };
      const campaigns = [...(await settleSending(result)), ...(await fetchReceipts(result))];
      await requeueLost(result);
      await notify.finishCampaigns(campaigns);
      // Last, and on its own: WeChat being unreachable must not stop the SMS work above.
      await settleWechatReplies(result).catch((err: unknown) => log.error({ err }, 'settling WeChat replies failed; will retry on the next run'));
      if (Object.values(result).some((n) => n > 0)) log.info(result, 'delivery reconciled');
      return result;
    },
  };
}

export type ReconcileService = ReturnType<typeof createReconcileService>;
