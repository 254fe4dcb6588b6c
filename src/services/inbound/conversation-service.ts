import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../db/prisma.js';
import { converse, IDLE, placeLabel, type ConversationAction, type DialogState, type WorkerView } from '../../domain/conversation.js';
import { inboundText } from '../../domain/inbound-text.js';
import type { ReadMessage } from '../../domain/message-reader.js';
import { renderMessage } from '../../domain/message-templates.js';
import { isProfileChange } from '../../domain/abuse-limits.js';
import type { Metrics } from '../../metrics.js';
import type { ChatMemory } from './chat-memory.js';
import type { MatchService } from '../matching/match-service.js';
import type { Outbox } from '../delivery/outbox.js';
import { createJobRequests } from './job-requests.js';
import { consent, ensureWorker, findWorker, senderForLog, workerInclude, type InboundTurn, type WorkerRow } from './turn.js';
import { createWechatTurns } from './wechat-turns.js';

export interface ConversationDeps {
  config: Pick<Config, 'SMS_TEMPLATE_CODES' | 'APPLY_LIMIT_PER_HOUR' | 'APPLY_LIMIT_PER_DAY' | 'TEXT_CHANGES_PER_DAY'>;
  db: Db;
  log: Pick<Logger, 'info' | 'warn'>;
  metrics: Pick<Metrics, 'abuseLimited'>;
  reader: (text: string) => ReadMessage;
  outbox: Pick<Outbox, 'createDirect' | 'createWechatReply' | 'moveToWorker' | 'eraseWechatTexts' | 'enqueue'>;
  memory: ChatMemory;
  /** Sends WeChat replies that were not answered passively (customer-service API). */
  pushWechat: (openId: string, notificationIds: string[]) => Promise<unknown>;
  /** Reverse match: up to 3 open openings that fit, in one message, after a profile change; and the 岗位 reply's openings. */
  matching: Pick<MatchService, 'reverseMatch' | 'openingsToList' | 'placeData'>;
  now?: () => Date;
}

export interface HandleResult {
  intent: string;
  replied: boolean;
  /** WeChat replies created for this message, not yet delivered (status `sending`). */
  wechatReplyIds: string[];
  /** The sender: a phone for SMS, an OpenID for WeChat. */
  sender: string;
}

/**
 * The same text we did not understand is answered once a day (help, or the numbered question
 * when the reader could not place it); a re-asked dialog question once an hour.
 */
const UNKNOWN_HELP_TTL_S = 86_400;
const UNKNOWN_QUESTION_TTL_S = 3600;

/**
 * Reads a stored inbound message (SMS or WeChat), acts on it and creates the answers, exactly
 * once per message: the message row is locked and marked processed in the same transaction
 * that changes the worker and creates the replies.
 */
export function createConversationService(deps: ConversationDeps) {
  const { db, log, reader, outbox, memory, matching, metrics, config } = deps;
  const now = deps.now ?? (() => new Date());
  const codes = deps.config.SMS_TEMPLATE_CODES;
  const jobs = createJobRequests({ config, log, metrics, outbox, memory, matching, now });
  const wechat = createWechatTurns({ log, metrics, outbox, memory });

  function viewOf(w: WorkerRow | null, channel: 'sms' | 'wechat', sender: string): WorkerView {
    return {
      status: w?.status ?? 'unknown',
      skills: w?.skills ?? [],
      place: w?.division ? { code: w.division.code, label: placeLabel(w.division) } : null,
      pausedUntil: w?.pausedUntil ?? null,
      phone: w?.phone ?? (channel === 'sms' ? sender : null),
      wechatOpenId: w?.wechatOpenId ?? (channel === 'wechat' ? sender : null),
      channel,
    };
  }

  /** Applies one decided action; replies that depend on what the database says are added to `turn.replies`. */
  async function act(turn: InboundTurn, action: ConversationAction, state: { next: DialogState }): Promise<void> {
    const tx = turn.tx;
    switch (action.type) {
      case 'subscribe': {
        const worker = await ensureWorker(turn);
        turn.worker = await tx.worker.update({
          where: { id: worker.id },
          data: { skills: action.skills, divisionCode: action.divisionCode, status: 'active', pausedUntil: null },
          include: workerInclude,
        });
        await consent(turn, worker.id, 'opt_in');
        turn.profileChanged = true;
        return;
      }
      case 'opt_out': {
        // An unknown number that opts out is recorded too, so no later registration of it
        // (by a caseworker, say) can message it without a new opt-in.
        const worker = await ensureWorker(turn);
        await tx.worker.update({ where: { id: worker.id }, data: { status: 'opted_out', pausedUntil: null } });
        await consent(turn, worker.id, 'opt_out');
        return;
      }
      case 'set_skills':
        if (turn.worker) {
          await tx.worker.update({ where: { id: turn.worker.id }, data: { skills: action.skills } });
          turn.profileChanged = true;
        }
        return;
      case 'set_place':
        if (turn.worker) {
          await tx.worker.update({ where: { id: turn.worker.id }, data: { divisionCode: action.divisionCode } });
          turn.profileChanged = true;
        }
        return;
      case 'pause':
        if (turn.worker) await tx.worker.update({ where: { id: turn.worker.id }, data: { status: 'paused', pausedUntil: action.until } });
        return;
      case 'resume':
        if (turn.worker) await tx.worker.update({ where: { id: turn.worker.id }, data: { status: 'active', pausedUntil: null } });
        return;
      case 'list_jobs': {
        const r = await jobs.listJobs(turn);
        turn.replies.push(...r.replies);
        if (r.offered.length) state.next = { step: 'idle', offered: r.offered };
        return;
      }
      case 'apply': {
        const reply = await jobs.apply(turn, action.code);
        if (reply) turn.replies.push(reply);
        return;
      }
      case 'bind_start':
        turn.replies.push(await wechat.startBinding(turn, action.phone));
        return;
      case 'bind_verify': {
        const check = await memory.checkBindCode(turn.sender, action.phone, action.code);
        if (check === 'ok') turn.replies.push(await wechat.bind(turn, action.phone));
        else if (check === 'wrong') {
          turn.replies.push({ kind: 'bind_bad_code', params: {} });
          state.next = { step: 'bind_code', phone: action.phone };
        } else turn.replies.push({ kind: 'bind_expired', params: {} });
        return;
      }
      case 'set_channel':
        if (turn.worker) await tx.worker.update({ where: { id: turn.worker.id }, data: { preferredChannel: action.channel } });
        return;
    }
  }

  async function createReplies(turn: InboundTurn): Promise<string[]> {
    const wechatIds: string[] = [];
    for (const [i, reply] of turn.replies.entries()) {
      const dedupeKey = i === 0 ? `reply:${turn.inboundId}` : `reply:${turn.inboundId}:${i}`;
      const workerId = turn.worker?.id ?? null;
      if (turn.channel === 'sms') {
        const id = await outbox.createDirect(turn.tx, { dedupeKey, kind: 'reply', workerId, phone: turn.sender, message: reply.kind, params: reply.params as never });
        if (id) turn.sms.push(id);
        continue;
      }
      // WeChat replies are delivered by the webhook or the customer-service API, never by the SMS pipeline.
      const id = await outbox.createWechatReply(turn.tx, { dedupeKey, workerId, rendered: renderMessage(reply.kind, reply.params as never, codes) });
      if (id) wechatIds.push(id);
    }
    return wechatIds;
  }

  async function handle(inboundId: bigint): Promise<HandleResult | null> {
    const msg = await db.inboundMessage.findUnique({ where: { id: inboundId } });
    if (!msg) {
      log.warn({ inboundId: inboundId.toString() }, 'inbound message not found');
      return null;
    }
    if (msg.processedAt) return { intent: msg.intent ?? 'unknown', replied: false, wechatReplyIds: [], sender: msg.sender };
    const channel = msg.channel === 'wechat' ? 'wechat' : 'sms';
    const raw = (msg.raw ?? {}) as Record<string, unknown>;
    // A voice message WeChat transcribed is read like text: many workers speak rather than type.
    const isText = channel === 'sms' || raw.MsgType === 'text' || (raw.MsgType === 'voice' && Boolean(raw.Recognition));
    // Rows are clipped when stored; one stored before that (or by hand) is clipped here too.
    const content = inboundText(msg.content).text;
    const read = reader(content);
    const at = now();
    // Outside the transaction: the 岗位 list needs it, and a cache miss inside would wait for a
    // second pool connection while the transaction holds one (cached, so mostly free).
    const places = await matching.placeData();

    const out = await db.$transaction(async (tx) => {
      // Lock the message row: two workers handed the same message (a re-queued job, a WeChat
      // retry racing the first push) must not both act on it.
      const locked = await tx.$queryRaw<{ processed_at: Date | null }[]>`
        SELECT processed_at FROM inbound_messages WHERE id = ${inboundId} FOR UPDATE`;
      if (!locked[0] || locked[0].processed_at) return null;
      // One message per sender at a time: two quick texts handled by two workers would both
      // read the same dialog state and answer the same question twice.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`chat:${channel}:${msg.sender}`}))`;
      const state = await memory.getDialog(channel, msg.sender);

      const turn: InboundTurn = { tx, inboundId, channel, sender: msg.sender, content, worker: await findWorker(tx, channel, msg.sender), places, replies: [], sms: [] };
      const next = { next: state as DialogState };
      let intent: string;
      const special = isText ? null : await wechat.wechatSpecial(turn, raw, next, act);
      if (special !== null) {
        intent = special;
        if (special === 'event:unsubscribe') next.next = IDLE;
      } else {
        intent = read.intent;
        let step = converse(state, read, viewOf(turn.worker, channel, msg.sender), at);
        // Changes by text (subscribe, skills, place, pause, resume, channel) are limited per
        // sender and day; past the limit nothing changes and the sender is told once.
        if (step.actions.some(isProfileChange) && !(await memory.takeChangeSlot(channel, msg.sender, config.TEXT_CHANGES_PER_DAY))) {
          metrics.abuseLimited.inc({ limit: 'text_changes' });
          const first = await memory.firstTime('changes', channel, msg.sender, 86_400);
          if (first) log.warn({ sender: senderForLog(channel, msg.sender), perDay: config.TEXT_CHANGES_PER_DAY }, 'changes by text past the daily limit: refused');
          step = { state: IDLE, actions: step.actions.filter((a) => !isProfileChange(a)), reply: first ? { kind: 'changes_limited', params: {} } : null };
        }
        next.next = step.state;
        for (const action of step.actions) await act(turn, action, next);
        if (step.reply) {
          const ttl = step.reply.kind === 'help' || step.reply.kind === 'clarify' ? UNKNOWN_HELP_TTL_S : UNKNOWN_QUESTION_TTL_S;
          const answer = !step.throttleKey || (await memory.firstUnknown(channel, msg.sender, step.throttleKey, ttl));
          if (answer) turn.replies.unshift(step.reply);
          else metrics.abuseLimited.inc({ limit: 'unknown_text_repeat' });
        }
      }
      const wechatIds = await createReplies(turn);
      await tx.inboundMessage.update({
        where: { id: inboundId },
        data: { processedAt: at, intent, workerId: turn.worker?.id ?? null },
      });
      // Saved while the sender's lock is held, so the next message reads it; if the commit
      // then failed, the message is handled again from this state, which is at worst a
      // repeated question.
      if (intent === 'event:unsubscribe') await memory.forget(channel, msg.sender);
      else await memory.setDialog(channel, msg.sender, next.next);
      const matchWorkerId = turn.profileChanged && turn.worker?.status === 'active' ? turn.worker.id : null;
      return { intent, sms: turn.sms, wechatIds, replies: turn.replies.length, matchWorkerId };
    });
    if (!out) return { intent: msg.intent ?? 'unknown', replied: false, wechatReplyIds: [], sender: msg.sender };

    for (const id of out.sms) await outbox.enqueue(id);
    if (out.matchWorkerId !== null) {
      // After the commit, so matching sees the new skills and place. Its message is
      // deduplicated per worker, day and set of openings; a failure here must not fail the
      // inbound job (the reply already went), so it is logged and left.
      await matching.reverseMatch(out.matchWorkerId).catch((err: unknown) =>
        log.warn({ workerId: out.matchWorkerId, err: String(err) }, 'reverse match failed'),
      );
    }
    log.info({ inboundId: inboundId.toString(), channel, intent: out.intent, replies: out.replies }, 'inbound handled');
    return { intent: out.intent, replied: out.replies > 0, wechatReplyIds: out.wechatIds, sender: msg.sender };
  }

  return {
    /**
     * Handles a message and sends its replies: SMS ones through the notify queue, WeChat ones
     * through the customer-service API (the queue path has no HTTP response to reply in).
     */
    async handleInbound(inboundId: bigint): Promise<HandleResult | null> {
      const r = await handle(inboundId);
      if (r?.wechatReplyIds.length) await deps.pushWechat(r.sender, r.wechatReplyIds);
      return r;
    },

    /** Handles a message but leaves its WeChat replies to the caller (the webhook's passive reply). */
    handleWithoutWechatDelivery: handle,

    /** Pauses whose end has passed are over: the worker hears about jobs again. */
    async resumeExpiredPauses(): Promise<number> {
      return db.worker
        .updateMany({ where: { status: 'paused', pausedUntil: { lte: now() } }, data: { status: 'active', pausedUntil: null } })
        .then((r) => r.count);
    },
  };

}

export type ConversationService = ReturnType<typeof createConversationService>;
