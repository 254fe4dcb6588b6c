import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db, Prisma } from '../../db/prisma.js';
import {
  applyReply,
  converse,
  IDLE,
  jobsReply,
  locatedStep,
  placeLabel,
  type ApplyOutcome,
  type ConversationAction,
  type DialogState,
  type JobListing,
  type Reply,
  type WorkerView,
} from '../../domain/conversation.js';
import { inboundText } from '../../domain/inbound-text.js';
import type { ReadMessage } from '../../domain/message-reader.js';
import { renderMessage } from '../../domain/message-templates.js';
import { isLive } from '../../domain/opening-life.js';
import { formatWage } from '../../domain/opening-format.js';
import { maskPhone } from '../../domain/phone.js';
import { APPLICATION_FLAG_RATE, applyLimitHit, isProfileChange } from '../../domain/abuse-limits.js';
import type { Metrics } from '../../metrics.js';
import type { ChatMemory } from './chat-memory.js';
import type { MatchService } from '../matching/match-service.js';
import type { Outbox } from '../delivery/outbox.js';

type Tx = Prisma.TransactionClient;

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
  matching: Pick<MatchService, 'reverseMatch' | 'openingsToList'>;
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

/** How far a WeChat location may be from the nearest loaded township and still name it. */
const NEAREST_TOWNSHIP_MAX_KM = 30;

/**
 * The same text we did not understand is answered once a day (help, or the numbered question
 * when the reader could not place it); a re-asked dialog question once an hour.
 */
const UNKNOWN_HELP_TTL_S = 86_400;
const UNKNOWN_QUESTION_TTL_S = 3600;

/** A sender as logs show it: a masked phone, or a WeChat OpenID's first characters. */
const senderForLog = (channel: 'sms' | 'wechat', sender: string) => (channel === 'sms' ? maskPhone(sender) : `${sender.slice(0, 6)}…`);

const workerInclude = { division: { select: { code: true, name: true, fullName: true } } } as const;
type WorkerRow = Prisma.WorkerGetPayload<{ include: typeof workerInclude }>;

/**
 * One inbound message while it is handled: its transaction, who sent it, the sender's worker row
 * (null until one is needed), and the answers collected to be created at the end.
 */
interface InboundTurn {
  tx: Tx;
  inboundId: bigint;
  channel: 'sms' | 'wechat';
  sender: string;
  content: string;
  worker: WorkerRow | null;
  replies: Reply[];
  sms: string[];
  /** Set when skills or place changed: the worker then hears about openings that already fit. */
  profileChanged?: boolean;
}

/**
 * Reads a stored inbound message (SMS or WeChat), acts on it and creates the answers, exactly
 * once per message: the message row is locked and marked processed in the same transaction
 * that changes the worker and creates the replies.
 */
export function createConversationService(deps: ConversationDeps) {
  const { db, log, reader, outbox, memory, matching, metrics, config } = deps;
  const now = deps.now ?? (() => new Date());
  const codes = deps.config.SMS_TEMPLATE_CODES;

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

  const identity = (channel: 'sms' | 'wechat', sender: string) =>
    channel === 'sms' ? { phone: sender } : { wechatOpenId: sender };

  async function findWorker(tx: Tx, channel: 'sms' | 'wechat', sender: string): Promise<WorkerRow | null> {
    return tx.worker.findUnique({ where: identity(channel, sender), include: workerInclude });
  }

  /** The sender's worker row, created on first need (no consent is implied by the row itself). */
  async function ensureWorker(turn: InboundTurn): Promise<WorkerRow> {
    if (turn.worker) return turn.worker;
    turn.worker = await turn.tx.worker.create({ data: { ...identity(turn.channel, turn.sender) }, include: workerInclude });
    return turn.worker;
  }

  async function consent(turn: InboundTurn, workerId: number, kind: 'opt_in' | 'opt_out'): Promise<void> {
    await turn.tx.consentEvent.create({ data: { workerId, kind, source: turn.channel, rawMessage: turn.content.slice(0, 500) } });
  }

  async function listJobs(turn: InboundTurn): Promise<{ replies: Reply[]; offered: string[] }> {
    const worker = turn.worker;
    if (!worker?.divisionCode) return { replies: [{ kind: 'not_subscribed', params: {} }], offered: [] };
    // The rules a broadcast applies (domain/matching.ts evaluate), read in this transaction.
    const listings: JobListing[] = (await matching.openingsToList(turn.tx, worker.id, 3)).map((o) => ({
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
  async function applyRefusal(turn: InboundTurn, workerId: number, at: Date): Promise<Reply | null | undefined> {
    const [counts] = await turn.tx.$queryRaw<{ hour: bigint; day: bigint }[]>`
      SELECT count(*) FILTER (WHERE created_at > ${new Date(at.getTime() - 3600_000)}) AS hour, count(*) AS day
      FROM applications WHERE worker_id = ${workerId} AND created_at > ${new Date(at.getTime() - 86_400_000)}`;
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

  async function apply(turn: InboundTurn, code: string): Promise<Reply | null> {
    const at = now();
    const opening = await turn.tx.opening.findUnique({ where: { code }, include: { workshop: true } });
    let outcome: ApplyOutcome;
    if (!opening || opening.status === 'draft') outcome = { type: 'unknown', code };
    else if (!isLive(opening, at)) outcome = { type: 'closed', code };
    else {
      const worker = await ensureWorker(turn);
      const existing = await turn.tx.application.findUnique({ where: { openingId_workerId: { openingId: opening.id, workerId: worker.id } }, select: { id: true } });
      if (existing) return applyReply({ type: 'already', code });
      const refused = await applyRefusal(turn, worker.id, at);
      if (refused !== undefined) return refused;
      const created = await turn.tx.application.createManyAndReturn({
        data: [{ openingId: opening.id, workerId: worker.id, channel: turn.channel }],
        skipDuplicates: true,
        select: { id: true },
      });
      if (!created[0]) outcome = { type: 'already', code };
      else {
        outcome = { type: 'applied', code, workshop: opening.workshop.name };
        // The employer hears of it by SMS at the workshop's contact phone.
        const id = await outbox.createDirect(turn.tx, {
          dedupeKey: `applicant:${created[0].id}`,
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

  async function startBinding(turn: InboundTurn, phone: string): Promise<Reply> {
    const slot = await memory.takeVerificationSlot(phone, turn.sender);
    if (!slot.ok) {
      metrics.abuseLimited.inc({ limit: slot.by === 'sender' ? 'bind_sender' : 'bind_target' });
      log.warn({ sender: senderForLog(turn.channel, turn.sender), phone: maskPhone(phone), by: slot.by }, 'binding code refused: too many for this sender or phone');
      return { kind: 'bind_rate_limited', params: { wait: slot.wait } };
    }
    const code = await memory.newBindCode(turn.sender, phone);
    const id = await outbox.createDirect(turn.tx, {
      dedupeKey: `bind:${turn.inboundId}`,
      kind: 'verification',
      workerId: null,
      phone,
      message: 'bind_code',
      params: { code } as never,
    });
    if (id) turn.sms.push(id);
    return { kind: 'bind_code_sent', params: { phone: maskPhone(phone) } };
  }

  /**
   * One person, one record: the WeChat worker and the phone's worker become one row carrying
   * both identities and every consent event. An opt-out on either side stays in force: a
   * phone that opted out is never messaged again without a new opt-in.
   */
  async function bind(turn: InboundTurn, phone: string): Promise<Reply> {
    const tx = turn.tx;
    const openId = turn.sender;
    const wx = turn.worker;
    const byPhone = await tx.worker.findUnique({ where: { phone } });
    let merged: { id: number; status: string };
    if (!byPhone) {
      const worker = await ensureWorker(turn);
      merged = await tx.worker.update({ where: { id: worker.id }, data: { phone, phoneInvalid: false } });
    } else if (!wx) {
      merged = await tx.worker.update({ where: { id: byPhone.id }, data: { wechatOpenId: openId } });
    } else if (wx.id === byPhone.id) {
      merged = byPhone;
    } else {
      const optedOut = byPhone.status === 'opted_out' || wx.status === 'opted_out';
      const takeWechatPlace = !byPhone.divisionCode && wx.divisionCode;
      await tx.worker.update({ where: { id: wx.id }, data: { wechatOpenId: null } });
      await tx.consentEvent.updateMany({ where: { workerId: wx.id }, data: { workerId: byPhone.id } });
      await tx.$executeRaw`
        DELETE FROM applications a WHERE a.worker_id = ${wx.id}
          AND EXISTS (SELECT 1 FROM applications b WHERE b.worker_id = ${byPhone.id} AND b.opening_id = a.opening_id)`;
      await tx.application.updateMany({ where: { workerId: wx.id }, data: { workerId: byPhone.id } });
      await tx.inboundMessage.updateMany({ where: { workerId: wx.id }, data: { workerId: byPhone.id } });
      await outbox.moveToWorker(tx, wx.id, byPhone.id);
      merged = await tx.worker.update({
        where: { id: byPhone.id },
        data: {
          wechatOpenId: openId,
          latitude: wx.latitude ?? byPhone.latitude,
          longitude: wx.longitude ?? byPhone.longitude,
          ...(takeWechatPlace ? { divisionCode: wx.divisionCode, skills: wx.skills } : {}),
          ...(optedOut ? { status: 'opted_out' as const, pausedUntil: null } : {}),
        },
      });
      await tx.worker.delete({ where: { id: wx.id } });
    }
    turn.worker = await tx.worker.findUnique({ where: { id: merged.id }, include: workerInclude });
    if (merged.status === 'opted_out') return { kind: 'bind_done_opted_out', params: {} };
    return { kind: 'bind_done', params: { phone: maskPhone(phone) } };
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
        const r = await listJobs(turn);
        turn.replies.push(...r.replies);
        if (r.offered.length) state.next = { step: 'idle', offered: r.offered };
        return;
      }
      case 'apply': {
        const reply = await apply(turn, action.code);
        if (reply) turn.replies.push(reply);
        return;
      }
      case 'bind_start':
        turn.replies.push(await startBinding(turn, action.phone));
        return;
      case 'bind_verify': {
        const check = await memory.checkBindCode(turn.sender, action.phone, action.code);
        if (check === 'ok') turn.replies.push(await bind(turn, action.phone));
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

  /** WeChat events and locations: not text, so not for the reader. */
  async function wechatSpecial(turn: InboundTurn, raw: Record<string, unknown>, next: { next: DialogState }): Promise<string | null> {
    const type = String(raw.MsgType ?? '');
    if (type === 'event') {
      const event = String(raw.Event ?? '').toLowerCase();
      if (event === 'subscribe') {
        if (turn.worker?.status !== 'opted_out') turn.replies.push({ kind: 'wechat_welcome', params: {} });
        return 'event:subscribe';
      }
      if (event === 'unsubscribe') {
        await unfollow(turn);
        return 'event:unsubscribe';
      }
      return `event:${event || 'other'}`;
    }
    if (type === 'location') {
      const lat = Number(raw.Location_X);
      const lng = Number(raw.Location_Y);
      if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
        turn.replies.push({ kind: 'help', params: {} });
        return 'location:invalid';
      }
      if (turn.worker?.status === 'opted_out') return 'location';
      const worker = await ensureWorker(turn);
      const nearest = await nearestTownship(turn.tx, lat, lng);
      await turn.tx.worker.update({
        where: { id: worker.id },
        data: { latitude: lat, longitude: lng, ...(nearest?.withinKm ? { divisionCode: nearest.code } : {}) },
      });
      if (!nearest) turn.replies.push({ kind: 'location_no_place', params: {} });
      else if (!nearest.withinKm) turn.replies.push({ kind: 'location_far', params: {} });
      else {
        const answered = locatedStep(next.next, { code: nearest.code, name: nearest.name, fullName: nearest.fullName });
        if (answered) {
          next.next = answered.state;
          for (const action of answered.actions) await act(turn, action, next);
          if (answered.reply) turn.replies.push(answered.reply);
        } else turn.replies.push({ kind: 'location_place', params: { place: placeLabel(nearest) } });
      }
      return 'location';
    }
    if (type !== 'text') {
      turn.replies.push({ kind: 'wechat_text_only', params: {} });
      return `wechat:${type || 'other'}`;
    }
    return null;
  }

  /**
   * WeChat's rules: on unfollow, delete the user's information. A worker who also has a phone
   * keeps the SMS subscription (they consented to it separately); the WeChat binding, location
   * and WeChat messages go. A WeChat-only worker keeps nothing but the consent record.
   */
  async function unfollow(turn: InboundTurn): Promise<void> {
    const worker = turn.worker;
    if (!worker) return;
    await consent(turn, worker.id, 'opt_out');
    const wechatOnly = !worker.phone;
    await turn.tx.worker.update({
      where: { id: worker.id },
      data: {
        wechatOpenId: null,
        latitude: null,
        longitude: null,
        preferredChannel: 'sms',
        ...(wechatOnly ? { status: 'opted_out' as const, pausedUntil: null, skills: [], divisionCode: null, name: null, workForms: [] } : {}),
      },
    });
    await turn.tx.inboundMessage.deleteMany({ where: { workerId: worker.id, channel: 'wechat', id: { not: turn.inboundId } } });
    await outbox.eraseWechatTexts(turn.tx, worker.id);
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

      const turn: InboundTurn = { tx, inboundId, channel, sender: msg.sender, content, worker: await findWorker(tx, channel, msg.sender), replies: [], sms: [] };
      const next = { next: state as DialogState };
      let intent: string;
      const special = isText ? null : await wechatSpecial(turn, raw, next);
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

  async function nearestTownship(tx: Tx, lat: number, lng: number) {
    // Equirectangular distance is plenty at township scale; only loaded points are searched.
    const rows = await tx.$queryRaw<{ code: string; name: string; full_name: string; km: number }[]>`
      SELECT d.code, d.name, d.full_name,
             111.2 * sqrt(power(c.latitude - ${lat}, 2) + power((c.longitude - ${lng}) * cos(radians(${lat})), 2)) AS km
      FROM division_coordinates c JOIN divisions d ON d.code = c.division_code
      WHERE d.level = 'township'
      ORDER BY km ASC LIMIT 1`;
    const r = rows[0];
    if (!r) return null;
    return { code: r.code, name: r.name, fullName: r.full_name, withinKm: Number(r.km) <= NEAREST_TOWNSHIP_MAX_KM };
  }
}

export type ConversationService = ReturnType<typeof createConversationService>;
