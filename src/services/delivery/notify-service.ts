import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { sameParams, type SmsBatchLimits, type SmsErrorClass, type SmsProvider, type SmsSendResult } from '../../channels/sms/sms-provider.js';
import type { Db } from '../../db/prisma.js';
import type { Outbox } from './outbox.js';
import { mayRoute, type ChannelRouter, type Claimed } from './channel-router.js';
import { DEFERRABLE_KINDS, sendTimeFor } from '../../domain/send-rules.js';
import type { Metrics } from '../../metrics.js';
import type { SendPacing } from './send-pacing.js';
import type { SendGuard } from './send-guard.js';
import { essentialTemplateCodes, holdUntil, isAnswerToText } from '../../domain/abuse-limits.js';
import type { VoiceSender } from './voice-sender.js';

/** What the notify worker should do after a call; the processor turns it into BullMQ signals. */
export type NotifyOutcome =
  | { type: 'done'; sent: number; failed: number; cancelled: number }
  /** Put the claimed messages back and retry the job later. */
  | { type: 'retry'; errorClass: Extract<SmsErrorClass, 'throttled' | 'transient' | 'account'>; code: string; message: string; retryAfterMs?: number }
  /** A batch rejected for one bad number: send each message on its own. */
  | { type: 'split'; notificationIds: string[]; rest: string[] }
  /** Alerts due inside quiet hours (e.g. a retry landing at 21:05): run the job again at `until`. */
  | { type: 'defer'; until: Date }
  /** The day's SMS spend limit is reached: the messages stay queued; look again at `until`. */
  | { type: 'hold'; until: Date };

export interface NotifyDeps {
  config: Pick<Config, 'ALIYUN_SMS_SIGN_NAME' | 'QUIET_HOURS' | 'QUIET_HOURS_SPREAD_MS' | 'SMS_TEMPLATE_CODES'>;
  db: Db;
  outbox: Pick<Outbox, 'anyQueuedOf' | 'claim' | 'touch' | 'markSent' | 'markFailed' | 'release' | 'markUnknown' | 'finishCampaigns'>;
  /** WeChat → WeCom → SMS, for the messages that may go by another channel (`mayRoute`). */
  router: Pick<ChannelRouter, 'route'>;
  sms: SmsProvider;
  /** Calls (docs/aliyun-voice.md): alerts written as channel `voice`. */
  voice?: Pick<VoiceSender, 'send'>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  pacing: Pick<SendPacing, 'acquireCall' | 'charge' | 'refund'>;
  /** Per-phone reply budget, the never-seen ceiling and the day's spend limit. */
  guard: Pick<SendGuard, 'chargeReplies' | 'refundReplies' | 'takeNewNumberSlots' | 'refundNewNumberSlots' | 'reserveSpend' | 'refundSpend'>;
  metrics: Pick<Metrics, 'smsSent' | 'smsFailed' | 'smsDeferred' | 'providerCalls' | 'providerLatency'>;
  now?: () => Date;
}

/** A lone call made this soon after its claim skips re-touching it (see the reconciler's resend delay). */
const FRESH_CLAIM_MS = 500;

/**
 * Groups messages into provider calls within the SMS port's limits. Equal template and
 * variables (the same object: parsed once per claim) share calls of up to `maxBatch`; else
 * calls go per template, `maxVariedBatch` at a time.
 */
export function planCalls(rows: Claimed[], limits: SmsBatchLimits): Claimed[][] {
  const head = rows[0];
  const uniform = rows.every((c) => c.template_code === head!.template_code && c.template_params === head!.template_params);
  const calls: Claimed[][] = [];
  if (uniform) {
    for (let i = 0; i < rows.length; i += limits.maxBatch) calls.push(rows.slice(i, i + limits.maxBatch));
    return calls;
  }
  const byTemplate = new Map<string, Claimed[]>();
  for (const c of rows) {
    const list = byTemplate.get(c.template_code);
    if (list) list.push(c);
    else byTemplate.set(c.template_code, [c]);
  }
  for (const list of byTemplate.values()) {
    for (let i = 0; i < list.length; i += limits.maxVariedBatch) calls.push(list.slice(i, i + limits.maxVariedBatch));
  }
  return calls;
}

/** One notify job's claim and what became of it so far. */
interface Run {
  ids: string[];
  finalAttempt: boolean;
  outId: string;
  claimedAt: number;
  claimed: Claimed[];
  cancelled: number;
  calls: Claimed[][];
  sent: number;
  failed: number;
  /** What the guard counted per message, so that whatever is put back is given back. */
  chargedReply: Set<bigint>;
  tookNewSlot: Set<bigint>;
}

const campaignsOf = (rows: { campaign_id: number | null }[]) => rows.map((c) => c.campaign_id).filter((x): x is number => x !== null);
const segmentsOf = (rows: Claimed[]) => rows.reduce((sum, r) => sum + r.segments, 0);
const budgetKeys = (rows: Claimed[]) => rows.map((c) => ({ phone: c.phone!, templateCode: c.template_code }));

/**
 * Sends a notify job: claim → route → call → record. Statuses only move forward (see outbox.ts).
 */
export function createNotifyService({ config, db, outbox, router, sms, voice, log, pacing, guard, metrics, now = () => new Date() }: NotifyDeps) {
  const essentialCodes = essentialTemplateCodes(config.SMS_TEMPLATE_CODES);
  const isEssential = (c: Claimed) => essentialCodes.has(c.template_code);
  const finishCampaigns = outbox.finishCampaigns;

  async function markFailed(ids: bigint[], code: string, message: string): Promise<void> {
    if (ids.length) metrics.smsFailed.inc({ reason: code }, ids.length);
    await outbox.markFailed(ids, code, message);
  }

  /** Alerts and reminders due inside quiet hours are put off; replies never are. */
  async function quietUntil(ids: string[]): Promise<Date | null> {
    const at = now();
    const due = sendTimeFor(at, config.QUIET_HOURS, ids[0]!, config.QUIET_HOURS_SPREAD_MS);
    if (due.getTime() === at.getTime()) return null;
    return (await outbox.anyQueuedOf(ids, DEFERRABLE_KINDS)) ? due : null;
  }

  /** Claim: the job's still-queued messages move to `sending` (or are cancelled) under one OutId. */
  async function claim(ids: string[], opts: { attempt: number; finalAttempt: boolean }): Promise<Run & { campaignIds: number[] }> {
    // Unique per claim: the reconciler finds a call whose answer was lost by this OutId.
    const outId = `n${ids[0]}x${ids.length}a${opts.attempt}-${randomBytes(3).toString('hex')}`;
    const rows = await outbox.claim(ids, outId);
    const claimedAt = performance.now();
    const cancelled = rows.filter((r) => r.cancel !== null).length;
    // A campaign's messages share their variables: parse each distinct text once, so that the
    // same object marks the same variables when grouping calls.
    const params = new Map<string, Record<string, string>>();
    const claimed: Claimed[] = [];
    for (const { params_json, cancel, ...r } of rows) {
      if (cancel !== null) continue;
      let p = params.get(params_json);
      if (!p) params.set(params_json, (p = JSON.parse(params_json) as Record<string, string>));
      claimed.push({ ...r, template_params: p });
    }
    const run = { ids, finalAttempt: opts.finalAttempt, outId, claimedAt, claimed, cancelled, calls: [], sent: 0, failed: 0 };
    return { ...run, chargedReply: new Set(), tookNewSlot: new Set(), campaignIds: campaignsOf(rows) };
  }

  async function refundGuard(run: Run, rows: Claimed[]): Promise<void> {
    await guard.refundReplies(rows.filter((r) => run.chargedReply.delete(r.id)).map((r) => r.phone!));
    await guard.refundNewNumberSlots(rows.filter((r) => run.tookNewSlot.delete(r.id)).length);
  }

  /**
   * Before call `i`: the answer budgets, the per-phone daily budget and the day's spend, then the
   * touch. Returns what may go in the call (possibly nothing), or the job's outcome when the
   * spend limit holds everything left.
   */
  async function admit(run: Run, i: number): Promise<{ call: Claimed[]; callOutId: string } | { outcome: NotifyOutcome }> {
    // Answers to texts: one budget per phone across every kind, then the hourly ceiling on
    // answers to never-seen numbers (docs/abuse-and-spend.md). Over either, a message fails
    // with its reason; opt-out confirmations are counted but always go.
    let planned = run.calls[i]!;
    const answers = planned.filter((c) => isAnswerToText(c.kind, c.campaign_id));
    if (answers.length) {
      const ok = await guard.chargeReplies(answers.map((c) => ({ phone: c.phone!, essential: isEssential(c) })));
      const overBudget = answers.filter((_, k) => !ok[k]);
      const charged = answers.filter((_, k) => ok[k]);
      for (const c of charged) run.chargedReply.add(c.id);
      const fresh = charged.filter((c) => c.new_number && !isEssential(c));
      const taken = await guard.takeNewNumberSlots(fresh.length);
      for (const c of fresh.slice(0, taken)) run.tookNewSlot.add(c.id);
      const overCeiling = fresh.slice(taken);
      await refundGuard(run, overCeiling);
      if (overBudget.length) await markFailed(overBudget.map((c) => c.id), 'REPLY_BUDGET', 'answers to this phone this hour or day used up');
      if (overCeiling.length) await markFailed(overCeiling.map((c) => c.id), 'NEW_NUMBER_CEILING', 'hourly ceiling on answers to never-seen numbers reached');
      run.failed += overBudget.length + overCeiling.length;
      const dropped = new Set([...overBudget, ...overCeiling]);
      planned = planned.filter((c) => !dropped.has(c));
    }
    // Per-phone daily budget: what is over it fails now with a reason instead of meeting
    // Aliyun's own limit (which would reject the whole call).
    const within = await pacing.charge(budgetKeys(planned));
    const over = planned.filter((_, k) => !within[k]);
    if (over.length) {
      await refundGuard(run, over);
      await markFailed(over.map((c) => c.id), 'DAILY_BUDGET', 'daily message budget for this phone and template used up');
      run.failed += over.length;
    }
    let call = planned.filter((_, k) => within[k]);
    // Each call gets its own OutId: Aliyun accepts or rejects a request as a whole, so the
    // reconciler can settle a whole call by finding it for one of its phones.
    const callOutId = run.calls.length > 1 ? `${run.outId}c${i}` : run.outId;
    if (call.length === 0) return { call, callOutId };
    // The day's spend: past the limit the call and everything after it stay queued (a
    // binding code fails instead: it expires in minutes), and the job looks again later.
    if (!(await guard.reserveSpend(segmentsOf(call), call.every(isEssential)))) {
      await pacing.refund(budgetKeys(call));
      await refundGuard(run, call);
      const codes = call.filter((c) => c.kind === 'verification');
      if (codes.length) await markFailed(codes.map((c) => c.id), 'SPEND_LIMIT', 'daily SMS spend limit reached; a binding code is useless later');
      const held = [...call.filter((c) => c.kind !== 'verification'), ...run.calls.slice(i + 1).flat()].map((c) => c.id);
      await outbox.release(held, 'SPEND_HELD', 'daily SMS spend limit reached (SMS_DAILY_SPEND_LIMIT_YUAN): held until tomorrow or until it is raised');
      await finishCampaigns(campaignsOf(run.claimed));
      metrics.smsDeferred.inc({ reason: 'spend_limit' });
      return { outcome: { type: 'hold', until: holdUntil(now(), config.QUIET_HOURS, run.ids[0]!, config.QUIET_HOURS_SPREAD_MS) } };
    }
    await pacing.acquireCall();
    // Touch the claim just before the call: the reconciler only puts back messages whose
    // claim is older than its resend delay (> 2 × the call timeout), so a message we are
    // about to send cannot be handed to a second job, and one it already put back is dropped
    // from this call. A lone call made right after its claim needs no touch.
    if (run.calls.length > 1 || performance.now() - run.claimedAt > FRESH_CLAIM_MS) {
      const liveIds = await outbox.touch(call.map((c) => c.id), run.outId, callOutId);
      const dropped = call.filter((c) => !liveIds.has(c.id));
      if (dropped.length) {
        await pacing.refund(budgetKeys(dropped));
        await refundGuard(run, dropped);
        await guard.refundSpend(segmentsOf(dropped));
      }
      call = call.filter((c) => liveIds.has(c.id));
    }
    return { call, callOutId };
  }

  /** Calls the provider, timed and counted by operation and outcome. */
  async function callProvider(call: Claimed[], outId: string): Promise<SmsSendResult> {
    const batch = {
      templateCode: call[0]!.template_code,
      signName: config.ALIYUN_SMS_SIGN_NAME,
      outId,
      recipients: call.map((c) => ({ phone: c.phone!, params: c.template_params, text: c.content })),
    };
    const operation = sameParams(batch) ? 'SendSms' : 'SendBatchSms';
    const end = metrics.providerLatency.startTimer({ operation });
    const result = await sms.send(batch);
    end();
    metrics.providerCalls.inc({ operation, outcome: result.ok ? 'ok' : result.errorClass });
    return result;
  }

  /** Records call `i`'s answer in the ledger; returns the job's outcome when the job must stop here. */
  async function record(run: Run, i: number, call: Claimed[], callOutId: string, result: SmsSendResult): Promise<NotifyOutcome | null> {
    const ids = call.map((c) => c.id);
    if (result.ok) {
      // Only the notifications change: a worker's last alert is read from them (matching's
      // rotation and the caseworker views), so no write touches the heavily indexed workers rows.
      await outbox.markSent(ids, result.bizId);
      for (const c of call) metrics.smsSent.inc({ kind: c.kind });
      run.sent += call.length;
      return null;
    }
    const refundCall = async () => {
      await pacing.refund(budgetKeys(call));
      await refundGuard(run, call);
      await guard.refundSpend(segmentsOf(call));
    };
    const { errorClass, code, message } = result;
    const rest = [...ids, ...run.calls.slice(i + 1).flat().map((c) => c.id)];
    switch (errorClass) {
      case 'throttled':
      case 'transient':
      case 'account':
        if (errorClass === 'account') log.error({ code, message }, 'SMS account problem: sending paused until an operator acts');
        if (run.finalAttempt && errorClass === 'transient') {
          // The budget stays charged: the message was given up, and counting high is safe.
          await markFailed(rest, code, message);
          await finishCampaigns(campaignsOf(run.claimed));
          return { type: 'done', sent: run.sent, failed: run.failed + rest.length, cancelled: run.cancelled };
        }
        await outbox.release(rest, code, message);
        await refundCall();
        await finishCampaigns(campaignsOf(run.claimed));
        return { type: 'retry', errorClass, code, message, retryAfterMs: result.retryAfterMs };
      case 'unknown_outcome':
        // The provider may have sent it: leave it in `sending` with its OutId for the
        // reconciler (QuerySendDetails or the SmsReport) instead of risking a double send.
        await outbox.markUnknown(ids, code, message);
        log.warn({ outId: callOutId, code, count: ids.length }, 'SMS call outcome unknown; left for reconciliation');
        return null;
      case 'invalid_number':
        if (call.length > 1) {
          const later = run.calls.slice(i + 1).flat().map((c) => c.id);
          await outbox.release([...ids, ...later], code, message);
          await refundCall();
          return { type: 'split', notificationIds: ids.map(String), rest: later.map(String) };
        }
        // The worker's phone first: once the message shows as failed, the number is known bad.
        if (call[0]!.worker_id !== null) {
          await db.worker.updateMany({ where: { id: call[0]!.worker_id }, data: { phoneInvalid: true } });
        }
        await markFailed(ids, code, message);
        run.failed += 1;
        return null;
      case 'config':
        log.error({ code, message, templateCode: call[0]!.template_code }, 'SMS template or signature rejected');
        await markFailed(ids, code, message);
        for (const cid of new Set(campaignsOf(call))) {
          await db.campaign.update({ where: { id: cid }, data: { status: 'failed', error: `${code}: ${message}`.slice(0, 500) } });
        }
        run.failed += ids.length;
        return null;
      case 'phone_limited':
      case 'request':
        await markFailed(ids, code, message);
        run.failed += ids.length;
        return null;
    }
  }

  return {
    finishCampaigns,

    /**
     * Sends the given notifications that are still queued, in as few provider calls as the
     * vendor allows. `finalAttempt` turns a retryable failure into a recorded failure.
     */
    async send(notificationIds: string[], opts: { attempt: number; finalAttempt: boolean }): Promise<NotifyOutcome> {
      const until = await quietUntil(notificationIds);
      if (until) {
        metrics.smsDeferred.inc({ reason: 'quiet_hours' });
        return { type: 'defer', until };
      }
      const run = await claim(notificationIds, opts);
      if (run.claimed.length === 0) {
        await finishCampaigns(run.campaignIds);
        return { type: 'done', sent: 0, failed: 0, cancelled: run.cancelled };
      }
      // Calls first: each is placed on its own (or waits for its hours); those that cannot be calls go on as SMS.
      let claimed = run.claimed;
      if (voice && claimed.some((c) => c.channel === 'voice')) {
        const calls = await voice.send(claimed.filter((c) => c.channel === 'voice'), run.outId, opts.attempt);
        run.sent += calls.sent;
        run.failed += calls.failed;
        claimed = [...claimed.filter((c) => c.channel !== 'voice'), ...calls.bySms];
      }
      // Route: only messages that may go by WeChat or a WeCom robot pass through the router.
      let bySms = claimed;
      if (claimed.some(mayRoute)) {
        const routed = await router.route(claimed);
        run.sent += routed.sent;
        bySms = routed.bySms;
      }
      const noPhone = bySms.filter((c) => !c.phone);
      if (noPhone.length) await markFailed(noPhone.map((c) => c.id), 'NO_PHONE', 'recipient has no phone number');
      run.failed += noPhone.length;
      run.calls = planCalls(bySms.filter((c) => c.phone), sms.limits);
      for (let i = 0; i < run.calls.length; i++) {
        const admitted = await admit(run, i);
        if ('outcome' in admitted) return admitted.outcome;
        if (admitted.call.length === 0) continue;
        const result = await callProvider(admitted.call, admitted.callOutId);
        const stop = await record(run, i, admitted.call, admitted.callOutId, result);
        if (stop) return stop;
      }
      await finishCampaigns(campaignsOf(run.claimed));
      return { type: 'done', sent: run.sent, failed: run.failed, cancelled: run.cancelled };
    },
  };
}

export type NotifyService = ReturnType<typeof createNotifyService>;
