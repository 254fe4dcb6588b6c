import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { sameParams, type SmsErrorClass, type SmsProvider } from '../../channels/sms/sms-provider.js';
import type { Db } from '../../db/prisma.js';
import { idArray, statusIn, type ClaimedRow, type Outbox } from './outbox.js';
import { SEND_BATCH_SMS_MAX, SEND_SMS_MAX } from '../../channels/sms/aliyun-provider.js';
import { DEFERRABLE_KINDS, sendTimeFor } from '../../domain/send-rules.js';
import type { Metrics } from '../../metrics.js';
import type { SendPacing } from './send-pacing.js';
import type { SendGuard } from './send-guard.js';
import { essentialTemplateCodes, holdUntil, isAnswerToText } from '../../domain/abuse-limits.js';
import type { WechatClient } from '../../channels/wechat/wechat-client.js';
import type { WecomRobotClient } from '../../channels/wechat/wecom-robot.js';

/** A claimed message with its variables parsed (equal variables are one object). */
type Claimed = Omit<ClaimedRow, 'params_json' | 'cancel'> & { template_params: Record<string, string> };

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
  config: Pick<Config, 'ALIYUN_SMS_SIGN_NAME' | 'QUIET_HOURS' | 'QUIET_HOURS_SPREAD_MS' | 'WECHAT_ALERT_TEMPLATE_ID' | 'SMS_TEMPLATE_CODES'>;
  db: Db;
  outbox: Pick<Outbox, 'claim' | 'touch' | 'markSent' | 'markFailed' | 'release' | 'markUnknown' | 'markTryingWechat' | 'markSentFree' | 'fallBackToSms' | 'finishCampaigns'>;
  sms: SmsProvider;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  pacing: Pick<SendPacing, 'acquireCall' | 'charge' | 'refund' | 'robotSlot'>;
  /** Per-phone reply budget, the never-seen ceiling and the day's spend limit. */
  guard: Pick<SendGuard, 'chargeReplies' | 'refundReplies' | 'takeNewNumberSlots' | 'refundNewNumberSlots' | 'reserveSpend' | 'refundSpend'>;
  wecom: WecomRobotClient;
  /** Null when WeChat is not configured: everything goes by SMS. */
  wechat: WechatClient | null;
  metrics: Pick<Metrics, 'smsSent' | 'smsFailed' | 'smsDeferred' | 'providerCalls' | 'providerLatency'>;
  now?: () => Date;
}

/** A lone call made this soon after its claim skips re-touching it (see the reconciler's resend delay). */
const FRESH_CLAIM_MS = 500;
/** WeChat sends one message per call: a few at a time per job. */
const WECHAT_PARALLEL = 8;

// Statuses only move forward: queued → sending → sent → delivered | failed (or cancelled).
export function createNotifyService({ config, db, outbox, sms, log, pacing, guard, metrics, wechat, wecom, now = () => new Date() }: NotifyDeps) {
  const essentialCodes = essentialTemplateCodes(config.SMS_TEMPLATE_CODES);
  const isEssential = (c: Claimed) => essentialCodes.has(c.template_code);

  async function markFailed(ids: bigint[], code: string, message: string): Promise<void> {
    if (ids.length) metrics.smsFailed.inc({ reason: code }, ids.length);
    await outbox.markFailed(ids, code, message);
  }

  const release = outbox.release;
  const finishCampaigns = outbox.finishCampaigns;

  /** Alerts and reminders due inside quiet hours are put off; replies never are. */
  async function quietUntil(ids: string[]): Promise<Date | null> {
    const at = now();
    const due = sendTimeFor(at, config.QUIET_HOURS, ids[0]!, config.QUIET_HOURS_SPREAD_MS);
    if (due.getTime() === at.getTime()) return null;
    const deferrable = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM notifications
      WHERE id = ANY(${idArray(ids)}) AND ${statusIn(['queued'])} AND kind::text = ANY(${[...DEFERRABLE_KINDS]}::text[])`;
    return Number(deferrable[0]?.n ?? 0) > 0 ? due : null;
  }

  /** Calls the provider, timed and counted by operation and outcome. */
  async function callProvider(batch: Parameters<SmsProvider['send']>[0]) {
    const operation = sameParams(batch) ? 'SendSms' : 'SendBatchSms';
    const end = metrics.providerLatency.startTimer({ operation });
    const result = await sms.send(batch);
    end();
    metrics.providerCalls.inc({ operation, outcome: result.ok ? 'ok' : result.errorClass });
    return result;
  }

  /**
   * Customer-service text inside the 48-hour window, else the alert template message. What
   * WeChat refuses (out of window without a template, unfollowed, failed) comes back for SMS.
   * WeChat has no lookup like QuerySendDetails: a message is marked `wechat` before its call, and
   * one a crash leaves in `sending` is sent again after the reconciler's delay (at worst a second
   * WeChat message, never a second paid SMS).
   */
  async function sendByWechat(client: WechatClient, rows: Claimed[]): Promise<{ sent: number; rest: Claimed[] }> {
    await outbox.markTryingWechat(rows.map((r) => r.id));
    const rest: Claimed[] = [];
    let sent = 0;
    let next = 0;
    const one = async (r: Claimed) => {
      const end = metrics.providerLatency.startTimer({ operation: 'WechatSend' });
      let result = await client.sendText(r.wechat_open_id!, r.content);
      if (!result.ok && result.outOfWindow && config.WECHAT_ALERT_TEMPLATE_ID) {
        result = await client.sendTemplate(r.wechat_open_id!, config.WECHAT_ALERT_TEMPLATE_ID, r.template_params);
      }
      end();
      metrics.providerCalls.inc({ operation: 'WechatSend', outcome: result.ok ? 'ok' : result.outOfWindow ? 'out_of_window' : 'error' });
      if (result.ok) {
        await outbox.markSentFree(r.id, result.msgId ?? null);
        metrics.smsSent.inc({ kind: `${r.kind}_wechat` });
        sent += 1;
        return;
      }
      await outbox.fallBackToSms(r.id, `WECHAT_${result.errcode}`, `WeChat: ${result.errmsg}; sent by SMS instead`);
      rest.push(r);
    };
    await Promise.all(
      Array.from({ length: Math.min(WECHAT_PARALLEL, rows.length) }, async () => {
        while (next < rows.length) await one(rows[next++]!);
      }),
    );
    return { sent, rest };
  }

  /** One notice to a WeCom group robot, paced per robot; false when it must go by SMS instead. */
  async function sendByRobot(key: string, n: Claimed): Promise<boolean> {
    await outbox.markTryingWechat([n.id]);
    const end = metrics.providerLatency.startTimer({ operation: 'WecomRobot' });
    const r = await wecom.sendText(key, n.content, () => pacing.robotSlot(key));
    end();
    metrics.providerCalls.inc({ operation: 'WecomRobot', outcome: r.ok ? 'ok' : 'error' });
    if (r.ok) {
      await outbox.markSentFree(n.id);
      return true;
    }
    log.warn({ errcode: r.errcode, errmsg: r.errmsg }, 'WeCom robot refused a notice; sending it by SMS');
    await outbox.fallBackToSms(n.id, `WECOM_${r.errcode}`, `WeCom robot: ${r.errmsg}; sent by SMS instead`);
    return false;
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
      // Unique per claim: the reconciler finds a call whose answer was lost by this OutId.
      const outId = `n${notificationIds[0]}x${notificationIds.length}a${opts.attempt}-${randomBytes(3).toString('hex')}`;
      // Claiming is the only step that moves a message out of `queued`: whichever job claims
      // it sends it, so a duplicated job or a re-run after a crash cannot send twice. The same
      // statement cancels alerts that must no longer go (opt-out, pause, invalid phone, the
      // opening filled, closed or expired), checked at the moment of sending.
      const rows = await outbox.claim(notificationIds, outId);
      const claimedAt = performance.now();
      const cancelled = rows.filter((r) => r.cancel !== null).length;
      // A campaign's messages share their variables: parse each distinct text once, so that the
      // same object marks the same variables when grouping calls below.
      const params = new Map<string, Record<string, string>>();
      const claimed: Claimed[] = [];
      for (const { params_json, cancel, ...r } of rows) {
        if (cancel !== null) continue;
        let p = params.get(params_json);
        if (!p) params.set(params_json, (p = JSON.parse(params_json) as Record<string, string>));
        claimed.push({ ...r, template_params: p });
      }
      if (claimed.length === 0) {
        await finishCampaigns(rows.map((c) => c.campaign_id).filter((x): x is number => x !== null));
        return { type: 'done', sent: 0, failed: 0, cancelled };
      }

      let sent = 0;
      // WeChat first for workers who prefer it and are bound; what WeChat cannot take goes by SMS.
      const bySms: Claimed[] = wechat ? claimed.filter((c) => !c.wechat_open_id) : [...claimed];
      if (wechat && bySms.length < claimed.length) {
        const fallback = await sendByWechat(wechat, claimed.filter((c) => c.wechat_open_id));
        sent += fallback.sent;
        bySms.push(...fallback.rest);
      }

      // Applicant notices go to the workshop's WeCom group robot when it configured one.
      const notices = bySms.filter((c) => c.kind === 'employer_notice' && c.phone);
      if (notices.length) {
        const robots = await db.$queryRaw<{ phone: string; key: string }[]>`
          SELECT DISTINCT ON (contact_phone) contact_phone AS phone, wecom_robot_key AS key FROM workshops
          WHERE contact_phone = ANY(${notices.map((n) => n.phone!)}::text[]) AND wecom_robot_key IS NOT NULL
          ORDER BY contact_phone, id DESC`;
        const keyOf = new Map(robots.map((r) => [r.phone, r.key]));
        for (const n of notices.filter((x) => keyOf.has(x.phone!))) {
          if (await sendByRobot(keyOf.get(n.phone!)!, n)) {
            sent += 1;
            bySms.splice(bySms.indexOf(n), 1);
          }
        }
      }

      const noPhone = bySms.filter((c) => !c.phone);
      if (noPhone.length) await markFailed(noPhone.map((c) => c.id), 'NO_PHONE', 'recipient has no phone number');
      const withPhone = bySms.filter((c) => c.phone);
      // Different variables cannot share a SendSms call; SendBatchSms takes 100 of them. Equal
      // variables are the same object (parsed once above).
      const head = withPhone[0];
      const uniform = withPhone.every((c) => c.template_code === head!.template_code && c.template_params === head!.template_params);
      const calls: Claimed[][] = [];
      if (uniform) {
        for (let i = 0; i < withPhone.length; i += SEND_SMS_MAX) calls.push(withPhone.slice(i, i + SEND_SMS_MAX));
      } else {
        const byTemplate = new Map<string, Claimed[]>();
        for (const c of withPhone) {
          const list = byTemplate.get(c.template_code);
          if (list) list.push(c);
          else byTemplate.set(c.template_code, [c]);
        }
        for (const list of byTemplate.values()) {
          for (let i = 0; i < list.length; i += SEND_BATCH_SMS_MAX) calls.push(list.slice(i, i + SEND_BATCH_SMS_MAX));
        }
      }

      let failed = noPhone.length;
      // What the guard counted per message, so that whatever is put back is given back.
      const chargedReply = new Set<bigint>();
      const tookNewSlot = new Set<bigint>();
      const refundGuard = async (rows: Claimed[]) => {
        await guard.refundReplies(rows.filter((r) => chargedReply.delete(r.id)).map((r) => r.phone!));
        await guard.refundNewNumberSlots(rows.filter((r) => tookNewSlot.delete(r.id)).length);
      };
      const segmentsOf = (rows: Claimed[]) => rows.reduce((sum, r) => sum + r.segments, 0);
      for (const [i, allPlanned] of calls.entries()) {
        // Answers to texts: one budget per phone across every kind, then the hourly ceiling on
        // answers to never-seen numbers (docs/abuse-and-spend.md). Over either, a message fails
        // with its reason; opt-out confirmations are counted but always go.
        let planned = allPlanned;
        const answers = planned.filter((c) => isAnswerToText(c.kind, c.campaign_id));
        if (answers.length) {
          const ok = await guard.chargeReplies(answers.map((c) => ({ phone: c.phone!, essential: isEssential(c) })));
          const overBudget = answers.filter((_, k) => !ok[k]);
          const charged = answers.filter((_, k) => ok[k]);
          for (const c of charged) chargedReply.add(c.id);
          const fresh = charged.filter((c) => c.new_number && !isEssential(c));
          const taken = await guard.takeNewNumberSlots(fresh.length);
          for (const c of fresh.slice(0, taken)) tookNewSlot.add(c.id);
          const overCeiling = fresh.slice(taken);
          await refundGuard(overCeiling);
          if (overBudget.length) await markFailed(overBudget.map((c) => c.id), 'REPLY_BUDGET', 'answers to this phone this hour or day used up');
          if (overCeiling.length) await markFailed(overCeiling.map((c) => c.id), 'NEW_NUMBER_CEILING', 'hourly ceiling on answers to never-seen numbers reached');
          failed += overBudget.length + overCeiling.length;
          const dropped = new Set([...overBudget, ...overCeiling]);
          planned = planned.filter((c) => !dropped.has(c));
        }
        // Per-phone daily budget: what is over it fails now with a reason instead of meeting
        // Aliyun's own limit (which would reject the whole call).
        const within = await pacing.charge(planned.map((c) => ({ phone: c.phone!, templateCode: c.template_code })));
        const over = planned.filter((_, k) => !within[k]);
        if (over.length) {
          await refundGuard(over);
          await markFailed(over.map((c) => c.id), 'DAILY_BUDGET', 'daily message budget for this phone and template used up');
          failed += over.length;
        }
        let call = planned.filter((_, k) => within[k]);
        if (call.length === 0) continue;
        // The day's spend: past the limit the call and everything after it stay queued (a
        // binding code fails instead: it expires in minutes), and the job looks again later.
        if (!(await guard.reserveSpend(segmentsOf(call), call.every(isEssential)))) {
          await pacing.refund(call.map((c) => ({ phone: c.phone!, templateCode: c.template_code })));
          await refundGuard(call);
          const codes = call.filter((c) => c.kind === 'verification');
          if (codes.length) await markFailed(codes.map((c) => c.id), 'SPEND_LIMIT', 'daily SMS spend limit reached; a binding code is useless later');
          const held = [...call.filter((c) => c.kind !== 'verification'), ...calls.slice(i + 1).flat()].map((c) => c.id);
          await release(held, 'SPEND_HELD', 'daily SMS spend limit reached (SMS_DAILY_SPEND_LIMIT_YUAN): held until tomorrow or until it is raised');
          await finishCampaigns(claimed.map((c) => c.campaign_id).filter((x): x is number => x !== null));
          metrics.smsDeferred.inc({ reason: 'spend_limit' });
          return { type: 'hold', until: holdUntil(now(), config.QUIET_HOURS, notificationIds[0]!, config.QUIET_HOURS_SPREAD_MS) };
        }
        await pacing.acquireCall();
        // Each call gets its own OutId: Aliyun accepts or rejects a request as a whole, so the
        // reconciler can settle a whole call by finding it for one of its phones.
        const callOutId = calls.length > 1 ? `${outId}c${i}` : outId;
        // Touch the claim just before the call: the reconciler only puts back messages whose
        // claim is older than its resend delay (> 2 × the call timeout), so a message we are
        // about to send cannot be handed to a second job, and one it already put back is dropped
        // from this call. A lone call made right after its claim needs no touch.
        if (calls.length > 1 || performance.now() - claimedAt > FRESH_CLAIM_MS) {
          const liveIds = await outbox.touch(call.map((c) => c.id), outId, callOutId);
          const dropped = call.filter((c) => !liveIds.has(c.id));
          if (dropped.length) {
            await pacing.refund(dropped.map((c) => ({ phone: c.phone!, templateCode: c.template_code })));
            await refundGuard(dropped);
            await guard.refundSpend(segmentsOf(dropped));
          }
          call = call.filter((c) => liveIds.has(c.id));
          if (call.length === 0) continue;
        }
        const refundCall = async () => {
          await pacing.refund(call.map((c) => ({ phone: c.phone!, templateCode: c.template_code })));
          await refundGuard(call);
          await guard.refundSpend(segmentsOf(call));
        };
        const ids = call.map((c) => c.id);
        const result = await callProvider({
          templateCode: call[0]!.template_code,
          signName: config.ALIYUN_SMS_SIGN_NAME,
          outId: callOutId,
          recipients: call.map((c) => ({ phone: c.phone!, params: c.template_params, text: c.content })),
        });
        if (result.ok) {
          // Only the notifications change: a worker's last alert is read from them (matching's
          // rotation and the caseworker views), so no write touches the heavily indexed workers rows.
          await outbox.markSent(ids, result.bizId);
          for (const c of call) metrics.smsSent.inc({ kind: c.kind });
          sent += call.length;
          continue;
        }
        const { errorClass, code, message } = result;
        const rest = [...ids, ...calls.slice(i + 1).flat().map((c) => c.id)];
        switch (errorClass) {
          case 'throttled':
          case 'transient':
          case 'account':
            if (errorClass === 'account') log.error({ code, message }, 'SMS account problem: sending paused until an operator acts');
            if (opts.finalAttempt && errorClass === 'transient') {
              // The budget stays charged: the message was given up, and counting high is safe.
              await markFailed(rest, code, message);
              await finishCampaigns(claimed.map((c) => c.campaign_id).filter((x): x is number => x !== null));
              return { type: 'done', sent, failed: failed + rest.length, cancelled };
            }
            await release(rest, code, message);
            await refundCall();
            await finishCampaigns(claimed.map((c) => c.campaign_id).filter((x): x is number => x !== null));
            return { type: 'retry', errorClass, code, message, retryAfterMs: result.retryAfterMs };
          case 'unknown_outcome':
            // The provider may have sent it: leave it in `sending` with its OutId for the
            // reconciler (QuerySendDetails or the SmsReport) instead of risking a double send.
            await outbox.markUnknown(ids, code, message);
            log.warn({ outId: callOutId, code, count: ids.length }, 'SMS call outcome unknown; left for reconciliation');
            continue;
          case 'invalid_number':
            if (call.length > 1) {
              const later = calls.slice(i + 1).flat().map((c) => c.id);
              await release([...ids, ...later], code, message);
              await refundCall();
              return { type: 'split', notificationIds: ids.map(String), rest: later.map(String) };
            }
            // The worker's phone first: once the message shows as failed, the number is known bad.
            if (call[0]!.worker_id !== null) {
              await db.worker.updateMany({ where: { id: call[0]!.worker_id }, data: { phoneInvalid: true } });
            }
            await markFailed(ids, code, message);
            failed += 1;
            continue;
          case 'config':
            log.error({ code, message, templateCode: call[0]!.template_code }, 'SMS template or signature rejected');
            await markFailed(ids, code, message);
            for (const cid of new Set(call.map((c) => c.campaign_id).filter((x): x is number => x !== null))) {
              await db.campaign.update({ where: { id: cid }, data: { status: 'failed', error: `${code}: ${message}`.slice(0, 500) } });
            }
            failed += ids.length;
            continue;
          case 'phone_limited':
          case 'request':
            await markFailed(ids, code, message);
            failed += ids.length;
            continue;
        }
      }
      await finishCampaigns(claimed.map((c) => c.campaign_id).filter((x): x is number => x !== null));
      return { type: 'done', sent, failed, cancelled };
    },
  };
}

export type NotifyService = ReturnType<typeof createNotifyService>;
