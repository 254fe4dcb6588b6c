import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { Prisma, rawQuery, transaction, txQuery, type Db } from '../../db/prisma.js';
import { IDLE, placeLabel, type ConversationAction, type DialogState, type WorkerView } from '../../domain/conversation.js';
import { actingPerson, converseOnPhone, type PhoneDialog } from '../../domain/household.js';
import { inboundText } from '../../domain/inbound-text.js';
import { normalizePhone } from '../../domain/phone.js';
import type { ReadMessage } from '../../domain/message-reader.js';
import { renderMessage } from '../../domain/message-templates.js';
import { isProfileChange } from '../../domain/abuse-limits.js';
import type { Metrics } from '../../metrics.js';
import { undoMemoryJournal, withMemoryJournal, type ChatMemory, type MemoryJournal } from './chat-memory.js';
import type { MatchService } from '../matching/match-service.js';
import type { DirectRow, Outbox } from '../delivery/outbox.js';
import type { CaseService } from '../stations/case-service.js';
import type { ErasureService } from '../stations/erasure.js';
import type { AfterHireService } from '../stations/after-hire-service.js';
import { mayAnswerAfterHire } from '../../domain/after-hire.js';
import { createJobRequests } from './job-requests.js';
import { consent, ensureWorker, findPeople, findWorker, senderForLog, withDivision, withDivisions, workerInclude, type InboundTurn, type OpeningWithWorkshop, type Tx, type WorkerRow } from './turn.js';
import type { PlaceData } from '../matching/candidates.js';
import { createWechatTurns } from './wechat-turns.js';

export interface ConversationDeps {
  config: Pick<Config, 'SMS_TEMPLATE_CODES' | 'APPLY_LIMIT_PER_HOUR' | 'APPLY_LIMIT_PER_DAY' | 'TEXT_CHANGES_PER_DAY' | 'ALIYUN_SMS_SIGN_NAME'>;
  db: Db;
  log: Pick<Logger, 'info' | 'warn'>;
  metrics: Pick<Metrics, 'abuseLimited'>;
  reader: (text: string) => ReadMessage;
  outbox: Pick<Outbox, 'createDirect' | 'directRow' | 'wechatReplyRow' | 'insertDirect' | 'moveToWorker' | 'eraseWechatTexts' | 'enqueueMany' | 'enqueueReplies'>;
  memory: ChatMemory;
  /** Sends WeChat replies that were not answered passively (customer-service API). */
  pushWechat: (openId: string, notificationIds: string[]) => Promise<unknown>;
  /** Reverse match: up to 3 open openings that fit, in one message, after a profile change; and the 岗位 reply's openings. */
  matching: Pick<MatchService, 'reverseMatch' | 'openingsToList' | 'placeData'>;
  /** Reports (举报, 欠薪) open or join a case in the message's transaction. */
  cases: Pick<CaseService, 'openFromReport'>;
  /** 注销 confirmed: the worker's data is erased in the message's transaction (docs/outcomes.md). */
  erasure: Pick<ErasureService, 'eraseInTx'>;
  /** Questions after a hire: the one open, and the answer recorded (docs/after-hire.md). */
  afterHire: Pick<AfterHireService, 'openQuestion' | 'record'>;
  now?: () => Date;
}

/** A stored message, read, before its turn. */
interface Prepared {
  id: bigint;
  channel: 'sms' | 'wechat';
  sender: string;
  /** When the worker sent it (the provider's send time), if known. */
  sentAt: Date | null;
  raw: Record<string, unknown>;
  isText: boolean;
  content: string;
  read: ReadMessage;
}

/** A turn decided inside the transaction: its answers not yet written. */
interface TurnResult {
  turn: InboundTurn;
  intent: string;
  next: DialogState;
  rows: DirectRow[];
}

/** A committed turn. */
interface Finished {
  inboundId: bigint;
  intent: string;
  channel: 'sms' | 'wechat';
  sender: string;
  /** SMS to others created by the turn (the employer's notice, a binding code). */
  sms: string[];
  /** The SMS replies to the text. */
  replySms: string[];
  wechatIds: string[];
  replies: number;
  matchWorkerId: number | null;
}

/** Texts of every kind, read once at start so the reader's tables are built before the first worker texts. */
const WARM_TEXTS = ['订阅 缝纫 新街镇', 'BM1003', '帮助', '岗位', 'TD', '暂停10天', '我的', '有没得活路做', 'tuiding', '我妈叫我帮她退订 謝謝'];

/** Rounds of WARM_TEXTS read at start. */
const WARM_READS = 20;

/**
 * A batch's messages, each sender's in the order the sender wrote them (send time, then arrival)
 * when every one of them carries a send time, else in arrival order; senders one after another.
 */
function inSendersOrder(messages: Prepared[]): Prepared[] {
  const bySender = new Map<string, Prepared[]>();
  for (const m of messages) bySender.set(m.sender, [...(bySender.get(m.sender) ?? []), m]);
  return [...bySender.values()].flatMap((list) =>
    list.every((m) => m.sentAt) ? [...list].sort((a, b) => a.sentAt!.getTime() - b.sentAt!.getTime() || (a.id < b.id ? -1 : 1)) : list,
  );
}

/** Texts up to this long are read once and their reading kept (`readCached`), this many at most. */
const READ_CACHE_TEXT_MAX = 40;
const READ_CACHE_MAX = 5000;

/** Reverse matches run at once after a batch (each a few reads on its own pool connection). */
const REVERSE_MATCHES_AT_ONCE = 3;

/** A report joined to a case already answered is answered again at most once an hour. */
const CASE_REPEAT_REPLY_TTL_S = 3600;

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
        turn.worker = await withDivision(
          tx,
          await tx.worker.update({ where: { id: worker.id }, data: { skills: action.skills, divisionCode: action.divisionCode, status: 'active', pausedUntil: null } }),
        );
        await consent(turn, worker.id, 'opt_in');
        turn.profileChanged = true;
        return;
      }
      case 'opt_out': {
        // An unknown number that opts out is recorded too, so no later registration of it
        // (by a caseworker, say) can message it without a new opt-in.
        const worker = await ensureWorker(turn);
        // TD stops everyone on the phone; TD 2 only person 2 (docs/shared-phones.md). Each
        // person's consent record gets its own opt-out.
        const stopping = action.person !== undefined
          ? turn.people.filter((p) => p.phoneSlot === action.person)
          : turn.people.length > 1 ? turn.people.filter((p) => p.status !== 'opted_out') : [worker];
        for (const p of stopping) {
          await tx.worker.update({ where: { id: p.id }, data: { status: 'opted_out', pausedUntil: null } });
          await consent(turn, p.id, 'opt_out');
        }
        return;
      }
      case 'add_person': {
        // 加一个人 answered to the end: a worker of their own, on this phone, with their own consent.
        const added = await tx.worker.create({
          data: { phone: turn.sender, phoneSlot: action.slot, name: action.name, skills: action.skills, divisionCode: action.divisionCode, status: 'active' },
          include: workerInclude,
        });
        turn.people = [...turn.people, added];
        await consent(turn, added.id, 'opt_in');
        turn.profileChanged = true;
        turn.changedWorkerId = added.id;
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
        // For one person of a shared phone (BM1003 2, or the answer to 给谁报名): that person applies.
        const person = action.person === undefined ? undefined : turn.people.find((p) => p.phoneSlot === action.person);
        const reply = await jobs.apply(turn, action.code, person);
        if (reply) turn.replies.push(reply);
        return;
      }
      case 'details':
        turn.replies.push(await jobs.details(turn, action.code));
        return;
      case 'details_alerted': {
        // 包吃住吗 (Round 35): the terms of the opening last alerted; with none, the list, as list_jobs answers.
        const code = await jobs.alertedOpening(turn, action.skills);
        if (code) turn.replies.push(await jobs.details(turn, code));
        else await act(turn, { type: 'list_jobs' }, state);
        return;
      }
      case 'wage_query':
        turn.replies.push(await jobs.wageQuery(turn, action.skill, action.divisionCode));
        return;
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
      case 'set_calls':
        if (turn.worker) {
          await tx.worker.update({ where: { id: turn.worker.id }, data: action.on ? { wantsCalls: true, callsStoppedAt: null } : { wantsCalls: false, callsStoppedAt: new Date() } });
        }
        return;
      case 'set_channel':
        if (turn.worker) await tx.worker.update({ where: { id: turn.worker.id }, data: { preferredChannel: action.channel } });
        return;
      case 'erase':
        if (turn.worker) {
          await deps.erasure.eraseInTx(tx, turn.worker.id, { actor: `worker:${turn.channel}`, source: turn.channel });
          // The confirmation goes to the sender without the worker: it is pruned with strangers' replies.
          turn.worker = null;
        }
        return;
      case 'report': {
        // An unknown number's report is kept too: the case needs someone to call back.
        const worker = await ensureWorker(turn);
        const out = await deps.cases.openFromReport(tx, { worker, channel: turn.channel, inboundId: turn.inboundId, content: action.words ?? turn.content, code: action.code });
        // A flood of the same report joins one case; its answer goes once an hour, the words all kept.
        if (!out.joined || (await memory.firstTime(`case:${out.caseId}`, turn.channel, turn.sender, CASE_REPEAT_REPLY_TTL_S))) turn.replies.push(out.reply);
        else metrics.abuseLimited.inc({ limit: 'case_repeat' });
        return;
      }
      case 'after_hire_answer':
        if (turn.worker) turn.sms.push(...(await deps.afterHire.record(tx, turn.worker.id, action, now())));
        return;
    }
  }

  /** The rows of a turn's answers (created by the caller, with other turns' in one statement). */
  function replyRows(turn: InboundTurn): DirectRow[] {
    return turn.replies.map((reply, i) => {
      const dedupeKey = i === 0 ? `reply:${turn.inboundId}` : `reply:${turn.inboundId}:${i}`;
      const workerId = turn.worker?.id ?? null;
      if (turn.channel === 'sms') return outbox.directRow({ dedupeKey, kind: 'reply', workerId, phone: turn.sender, message: reply.kind, params: reply.params as never });
      // WeChat replies are delivered by the webhook or the customer-service API, never by the SMS pipeline.
      return outbox.wechatReplyRow({ dedupeKey, workerId, rendered: renderMessage(reply.kind, reply.params as never, codes) });
    });
  }

  /**
   * The reader's result by text, for the texts a reply storm repeats by the thousand (BM1003,
   * 帮助, TD): reading one is 25–80 µs of CPU, a copy of its result 2–3 µs (docs/reply-storm.md,
   * round 6). The reader is pure (its only input besides the text is the place index, fixed for
   * the process), so a text reads the same from the cache; each caller gets its own copy. Short
   * texts only, and the cache starts over when full.
   */
  const readings = new Map<string, ReadMessage>();
  function readCached(text: string): ReadMessage {
    if (text.length > READ_CACHE_TEXT_MAX) return reader(text);
    let r = readings.get(text);
    if (!r) {
      r = reader(text);
      if (readings.size >= READ_CACHE_MAX) readings.clear();
      readings.set(text, r);
    }
    return structuredClone(r);
  }

  /** A stored message as a turn needs it, read (the reader is pure: outside any transaction). */
  function prepare(msg: { id: bigint; channel: string; sender: string; content: string; raw: unknown; sentAt: Date | null }): Prepared {
    const channel = msg.channel === 'wechat' ? 'wechat' : 'sms';
    const raw = (msg.raw ?? {}) as Record<string, unknown>;
    // A voice message WeChat transcribed is read like text: many workers speak rather than type.
    const isText = channel === 'sms' || raw.MsgType === 'text' || (raw.MsgType === 'voice' && Boolean(raw.Recognition));
    // Rows are clipped when stored; one stored before that (or by hand) is clipped here too.
    const content = inboundText(msg.content).text;
    return { id: msg.id, channel, sender: msg.sender, sentAt: msg.sentAt, raw, isText, content, read: readCached(content) };
  }

  /**
   * One message's turn inside the caller's transaction, which holds the message row and the
   * sender's lock: decides, acts, and collects the answers (not yet written).
   */
  async function runTurn(
    tx: Tx,
    m: Prepared,
    state: DialogState,
    people: WorkerRow[],
    places: PlaceData,
    at: Date,
    lastStop: Date | null,
    openings?: Map<string, OpeningWithWorkshop | null>,
  ): Promise<TurnResult> {
    const { channel, sender } = m;
    const worker = actingPerson(people);
    const turn: InboundTurn = { tx, inboundId: m.id, channel, sender, content: m.content, worker, people, places, replies: [], sms: [], openings };
    const next = { next: state };
    let intent: string;
    const special = m.isText ? null : await wechat.wechatSpecial(turn, m.raw, next, act);
    if (special !== null) {
      intent = special;
      if (special === 'event:unsubscribe') next.next = IDLE;
    } else {
      const read = m.read;
      intent = read.intent;
      const view = viewOf(turn.worker, channel, sender);
      // A question after a hire is looked up only for texts that could answer one (most cannot).
      if (turn.worker && mayAnswerAfterHire(read.normalized, read.intent)) view.openQuestion = await deps.afterHire.openQuestion(tx, turn.worker.id, at);
      const phonePeople = channel === 'sms' ? people.map((p) => ({ slot: p.phoneSlot, name: p.name, status: p.status })) : [];
      let step = converseOnPhone(state as PhoneDialog, read, view, phonePeople, at);
      if (view.openQuestion && step.actions.some((a) => a.type === 'after_hire_answer')) intent = `after_hire:${view.openQuestion.kind}`;
      // Changes by text (subscribe, skills, place, pause, resume, channel) are limited per
      // sender and day; past the limit nothing changes and the sender is told once.
      if (step.actions.some(isProfileChange) && !(await memory.takeChangeSlot(channel, sender, config.TEXT_CHANGES_PER_DAY))) {
        metrics.abuseLimited.inc({ limit: 'text_changes' });
        const first = await memory.firstTime('changes', channel, sender, 86_400);
        if (first) log.warn({ sender: senderForLog(channel, sender), perDay: config.TEXT_CHANGES_PER_DAY }, 'changes by text past the daily limit: refused');
        step = { state: IDLE, actions: step.actions.filter((a) => !isProfileChange(a)), reply: first ? { kind: 'changes_limited', params: {} } : null };
      }
      // Written before an opt-out that was read first (Aliyun pushes a failed push again minutes
      // later, after newer texts): it must not undo the opt-out. Read, recorded, not acted on.
      if (lastStop && m.sentAt && m.sentAt < lastStop && step.actions.some((a) => a.type === 'subscribe' || a.type === 'resume')) {
        log.info({ sender: senderForLog(channel, sender), inboundId: m.id.toString() }, 'text older than the opt-out read before it: not acted on');
        step = { state, actions: [], reply: null };
        intent = `stale:${intent}`;
      }
      next.next = step.state as DialogState;
      for (const action of step.actions) await act(turn, action, next);
      if (step.reply) {
        const ttl = step.reply.kind === 'help' || step.reply.kind === 'clarify' ? UNKNOWN_HELP_TTL_S : UNKNOWN_QUESTION_TTL_S;
        const answer = !step.throttleKey || (await memory.firstUnknown(channel, sender, step.throttleKey, ttl));
        if (answer) turn.replies.unshift(step.reply);
        else metrics.abuseLimited.inc({ limit: 'unknown_text_repeat' });
      }
    }
    if (channel === 'sms') withholdForgeable(turn, worker, state);
    return { turn, intent, next: next.next, rows: replyRows(turn) };
  }

  /**
   * Answers a stranger could make guiyan send to anyone by forging pushes (the webhook token
   * keeps them out in production; a leaked token or a development setup must not turn guiyan
   * into an SMS cannon): none to a number that is not a mainland mobile (+44…, 10086, 110), and
   * no opt-out confirmation to a number guiyan neither has a record of nor is in a dialog with
   * — the opt-out itself is recorded either way.
   */
  function withholdForgeable(turn: InboundTurn, before: WorkerRow | null, state: DialogState): void {
    if (!turn.replies.length) return;
    if (normalizePhone(turn.sender) !== turn.sender) {
      log.warn({ sender: senderForLog('sms', turn.sender), replies: turn.replies.length }, 'text from a number that is not a mainland mobile: read, not answered');
      turn.replies.length = 0;
      return;
    }
    if (before === null && state.step === 'idle' && turn.replies.some((r) => r.kind === 'unsubscribed' || r.kind === 'erase_offer')) {
      turn.replies = turn.replies.filter((r) => r.kind !== 'unsubscribed' && r.kind !== 'erase_offer');
    }
  }

  /** What a committed turn leaves to do, and what the caller is told. */
  function finished(t: TurnResult, created: Map<string, string>): Finished {
    const sms = [...t.turn.sms];
    const replySms: string[] = [];
    const wechatIds: string[] = [];
    for (const row of t.rows) {
      const id = created.get(row.dedupeKey);
      if (!id) continue;
      if (row.channel === 'sms') replySms.push(id);
      else wechatIds.push(id);
    }
    const w = t.turn.worker;
    return {
      inboundId: t.turn.inboundId,
      intent: t.intent,
      sms,
      replySms,
      wechatIds,
      replies: t.turn.replies.length,
      sender: t.turn.sender,
      channel: t.turn.channel,
      matchWorkerId: t.turn.changedWorkerId ?? (t.turn.profileChanged && w?.status === 'active' ? w.id : null),
    };
  }

  /**
   * After the commit: queues the SMS answers — the replies together (a job of up to 100, one
   * claim and one provider call per template), notices to others (the employer's, a binding
   * code) one job each — then tells matching of changed profiles.
   */
  async function afterCommit(done: Finished[]): Promise<void> {
    await outbox.enqueueReplies(done.flatMap((d) => d.replySms));
    await outbox.enqueueMany(done.flatMap((d) => d.sms));
    // After the commit, so matching sees the new skills and place. Its message is
    // deduplicated per worker, day and set of openings, so a worker whose profile changed twice
    // in a batch is matched once (a second run would find the same openings, already offered);
    // a few workers at a time, each on its own connection. A failure here must not fail the
    // inbound job (the reply already went), so it is logged and left.
    const toMatch = [...new Set(done.flatMap((d) => (d.matchWorkerId === null ? [] : [d.matchWorkerId])))];
    for (let i = 0; i < toMatch.length; i += REVERSE_MATCHES_AT_ONCE) {
      await Promise.all(
        toMatch
          .slice(i, i + REVERSE_MATCHES_AT_ONCE)
          .map((workerId) => matching.reverseMatch(workerId).catch((err: unknown) => log.warn({ workerId, err: String(err) }, 'reverse match failed'))),
      );
    }
    for (const d of done) log.info({ inboundId: d.inboundId.toString(), channel: d.channel, intent: d.intent, replies: d.replies }, 'inbound handled');
  }

  const resultOf = (d: Finished): HandleResult => ({ intent: d.intent, replied: d.replies > 0, wechatReplyIds: d.wechatIds, sender: d.sender });

  /** When each sender last sent an opt-out that was read (by its send time), for the stale-text rule in `runTurn`. */
  async function lastStops(tx: Tx, senders: string[]): Promise<Map<string, Date>> {
    const rows = await txQuery<{ sender: string; at: Date }>(tx, 'inbound-stops', Prisma.sql`
      SELECT sender, max(sent_at) AS at FROM inbound_messages
      WHERE sender = ANY(${senders}::text[]) AND processed_at IS NOT NULL AND intent = 'unsubscribe' AND sent_at IS NOT NULL
      GROUP BY sender`);
    return new Map(rows.map((r) => [r.sender, r.at]));
  }

  /**
   * Locks the unread ones of these messages and then their senders, in one statement, and
   * returns their ids: the message rows in id order (`FOR UPDATE`; a row read meanwhile drops
   * out, its condition checked again on the row waited for), then every sender's lock
   * (`pg_advisory_xact_lock` on `hashtext('chat:<channel>:<sender>')`, held for the transaction) in key order — so that two batches,
   * or a batch and a single text, cannot deadlock. The sort by key reads every locked row before
   * it yields the first key, and PostgreSQL evaluates a volatile function in the select list
   * after ORDER BY: all row locks come before any sender lock, as when they were two statements
   * (round 6 made them one: a round trip a batch, and one of a lone text's few).
   */
  async function lockTexts(tx: Tx, ids: readonly bigint[]): Promise<bigint[]> {
    const rows = await txQuery<{ id: bigint }>(tx, 'inbound-lock', Prisma.sql`
      WITH open AS MATERIALIZED (
        SELECT id, channel, sender FROM inbound_messages WHERE id = ANY(${ids.map(String)}::bigint[]) AND processed_at IS NULL ORDER BY id FOR UPDATE
      ), locks AS MATERIALIZED (
        SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext('chat:' || channel::text || ':' || sender) AS k FROM open) AS s ORDER BY k
      )
      SELECT id FROM open WHERE (SELECT count(*) FROM locks) >= 0 ORDER BY id`);
    return rows.map((r) => r.id);
  }

  /** Marks turns' messages processed, in one statement. */
  async function markProcessed(tx: Tx, turns: TurnResult[], at: Date): Promise<void> {
    const rows = JSON.stringify(turns.map((t) => ({ id: t.turn.inboundId.toString(), intent: t.intent, w: t.turn.worker?.id ?? null })));
    await txQuery(tx, 'inbound-mark', Prisma.sql`
      UPDATE inbound_messages m SET processed_at = ${at}, intent = r.intent, worker_id = r.w
      FROM jsonb_to_recordset(${rows}::jsonb) AS r(id bigint, intent text, w int)
      WHERE m.id = r.id`);
  }

  async function handle(inboundId: bigint): Promise<HandleResult | null> {
    const msg = await db.inboundMessage.findUnique({ where: { id: inboundId } });
    if (!msg) {
      log.warn({ inboundId: inboundId.toString() }, 'inbound message not found');
      return null;
    }
    if (msg.processedAt) return { intent: msg.intent ?? 'unknown', replied: false, wechatReplyIds: [], sender: msg.sender };
    const m = prepare(msg);
    const at = now();
    // Outside the transaction: the 岗位 list needs it, and a cache miss inside would wait for a
    // second pool connection while the transaction holds one (cached, so mostly free).
    const places = await matching.placeData();

    const out = await transaction(db, async (tx) => {
      // Lock the message row: two workers handed the same message (a re-queued job, a WeChat
      // retry racing the first push) must not both act on it.
      // One message per sender at a time: two quick texts handled by two workers would both
      // read the same dialog state and answer the same question twice. Both locks in one
      // statement (`lockTexts`).
      if (!(await lockTexts(tx, [inboundId])).length) return null;
      const state = await memory.getDialog(m.channel, m.sender);
      const stops = await lastStops(tx, [m.sender]);
      const t = await runTurn(tx, m, state, await findPeople(tx, m.channel, m.sender), places, at, stops.get(m.sender) ?? null);
      const created = await outbox.insertDirect(tx, t.rows);
      await markProcessed(tx, [t], at);
      // Saved while the sender's lock is held, so the next message reads it; if the commit
      // then failed, the message is handled again from this state, which is at worst a
      // repeated question.
      if (t.intent === 'event:unsubscribe') await memory.forget(m.channel, m.sender);
      else await memory.setDialog(m.channel, m.sender, t.next);
      return finished(t, created);
    });
    if (!out) return { intent: msg.intent ?? 'unknown', replied: false, wechatReplyIds: [], sender: msg.sender };
    await afterCommit([out]);
    return resultOf(out);
  }

  /**
   * Handles many SMS messages in one transaction (issue #15: a reply storm): one statement
   * each to lock the messages, take the senders' locks (in one order, so two batches cannot
   * deadlock), read the senders' workers, write every answer and mark every message; one
   * Redis round trip each to read and save the dialogs. Each sender's messages are handled in
   * the order they arrived, one after another, exactly as `handle` would. WeChat messages
   * (which can merge two senders' records) and a batch that fails go through `handle`, one
   * message at a time. Returns each message's result (or its error) by id.
   */
  async function handleMany(ids: readonly bigint[]): Promise<Map<bigint, HandleResult | null | Error>> {
    const results = new Map<bigint, HandleResult | null | Error>();
    const one = async (id: bigint) => {
      try {
        results.set(id, await handleInboundOne(id));
      } catch (err) {
        results.set(id, err instanceof Error ? err : new Error(String(err)));
      }
    };
    if (ids.length <= 1) {
      for (const id of ids) await one(id);
      return results;
    }
    // On the pg pool, outside Prisma's client: once per batch (docs/reply-storm.md, round 3).
    // The columns are UTC without a zone (as Prisma writes them): read as timestamptz.
    const rows = (await readMessages(ids)).map((r) => ({ id: BigInt(r.id), channel: r.channel, sender: r.sender, content: r.content, raw: r.raw, sentAt: r.sent_at === null ? null : new Date(r.sent_at), processedAt: r.processed, intent: r.intent }));
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) {
      if (!found.has(id)) {
        log.warn({ inboundId: id.toString() }, 'inbound message not found');
        results.set(id, null);
      }
    }
    const single: bigint[] = [];
    const batch: Prepared[] = [];
    for (const r of rows.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (r.processedAt) results.set(r.id, { intent: r.intent ?? 'unknown', replied: false, wechatReplyIds: [], sender: r.sender });
      else if (r.channel !== 'sms') single.push(r.id);
      else batch.push(prepare(r));
    }
    if (batch.length) {
      let done: Finished[] | null = null;
      const journal: MemoryJournal = { undo: [] };
      try {
        done = await withMemoryJournal(journal, () => runBatch(batch));
      } catch (err) {
        log.warn({ messages: batch.length, err: String(err) }, 'inbound batch failed: handling its messages one at a time');
        // The marks and slots the failed turns took are given back, so the retry answers them.
        await undoMemoryJournal(journal);
      }
      if (done) {
        const handled = new Set(done.map((d) => d.inboundId));
        // Taken by another worker meanwhile (or processed since): no turn here.
        for (const m of batch) if (!handled.has(m.id)) results.set(m.id, { intent: 'unknown', replied: false, wechatReplyIds: [], sender: m.sender });
        try {
          await afterCommit(done);
          for (const d of done) results.set(d.inboundId, resultOf(d));
        } catch (err) {
          // Committed, but the answers were not queued: the sweep queues them (requeueStale).
          for (const d of done) results.set(d.inboundId, err instanceof Error ? err : new Error(String(err)));
        }
      } else {
        single.push(...batch.map((m) => m.id));
      }
    }
    for (const id of single.sort((a, b) => (a < b ? -1 : 1))) await one(id);
    return results;
  }

  /** A batch's messages as stored, on the pg pool as a prepared statement (one text: warmed at start). */
  function readMessages(ids: readonly bigint[]) {
    return rawQuery<{ id: string; channel: string; sender: string; content: string; raw: unknown; sent_at: Date | null; processed: boolean; intent: string | null }>(
      db,
      'inbound-read',
      Prisma.sql`SELECT id, channel::text AS channel, sender, content, raw, sent_at AT TIME ZONE 'UTC' AS sent_at, processed_at IS NOT NULL AS processed, intent
        FROM inbound_messages WHERE id = ANY(${ids.map(String)}::bigint[])`,
    );
  }

  async function runBatch(batch: Prepared[]): Promise<Finished[]> {
    const at = now();
    const places = await matching.placeData();
    // The batch's own statements and the turns' hot ones (txQuery) as prepared statements on the
    // transaction's connection, outside Prisma's client (docs/reply-storm.md, round 6).
    return transaction(db, async (tx) => {
      const openIds = new Set(await lockTexts(tx, batch.map((m) => m.id)));
      const live = batch.filter((m) => openIds.has(m.id));
      if (!live.length) return [];
      const senders = [...new Set(live.map((m) => m.sender))];
      const states = await memory.getDialogs(senders.map((sender) => ({ channel: 'sms', sender })));
      const stateOf = new Map(senders.map((s, i) => [s, states[i]!]));
      const workers = await withDivisions(tx, await tx.worker.findMany({ where: { phone: { in: senders } }, orderBy: { phoneSlot: 'asc' } }));
      const peopleOf = new Map<string, WorkerRow[]>();
      for (const w of workers) peopleOf.set(w.phone!, [...(peopleOf.get(w.phone!) ?? []), w]);
      const seen = new Set<string>();
      const openings = new Map<string, OpeningWithWorkshop | null>();
      const stops = await lastStops(tx, senders);
      const turns: TurnResult[] = [];
      for (const m of inSendersOrder(live)) {
        // A second message of one sender reads the worker row again: the first may have changed it.
        const people = seen.has(m.sender) ? await findPeople(tx, 'sms', m.sender) : (peopleOf.get(m.sender) ?? []);
        seen.add(m.sender);
        const t = await runTurn(tx, m, stateOf.get(m.sender)!, people, places, at, stops.get(m.sender) ?? null, openings);
        stateOf.set(m.sender, t.next);
        if (t.intent === 'unsubscribe' && m.sentAt && !(m.sentAt < (stops.get(m.sender) ?? m.sentAt))) stops.set(m.sender, m.sentAt);
        turns.push(t);
      }
      const created = await outbox.insertDirect(tx, turns.flatMap((t) => t.rows));
      await markProcessed(tx, turns, at);
      await memory.setDialogs(senders.map((sender) => ({ channel: 'sms', sender, state: stateOf.get(sender)! })));
      return turns.map((t) => finished(t, created));
    });
  }

  async function handleInboundOne(inboundId: bigint): Promise<HandleResult | null> {
    const r = await handle(inboundId);
    if (r?.wechatReplyIds.length) await deps.pushWechat(r.sender, r.wechatReplyIds);
    return r;
  }

  return {
    /**
     * Handles a message and sends its replies: SMS ones through the notify queue, WeChat ones
     * through the customer-service API (the queue path has no HTTP response to reply in).
     */
    handleInbound: handleInboundOne,

    /** Many messages at once (the inbound worker's batches; see `handleMany`). */
    handleMany,

    /**
     * Runs what the first texts after a start would pay for (the reader's dictionaries, the
     * place data, each statement of a batch once, on no rows) so that a process started during
     * a reply storm answers as fast as a warm one (issue #15). Changes nothing.
     */
    async warmUp(connections = 1): Promise<void> {
      // Each a few times: the JIT compiles the reader's hot paths, not just its tables.
      for (let i = 0; i < WARM_READS; i++) for (const text of WARM_TEXTS) reader(text);
      await matching.placeData();
      // The batch's first read, prepared on every pool connection at once (each holds its own).
      await Promise.all(Array.from({ length: connections }, () => readMessages([-1n])));
      await db.inboundMessage.findMany({ where: { id: { in: [-1n] } } });
      await transaction(db, async (tx) => {
        await lockTexts(tx, [-1n]);
        await withDivisions(tx, await tx.worker.findMany({ where: { phone: { in: ['-'] } }, orderBy: { phoneSlot: 'asc' } }));
        await tx.division.findMany({ where: { code: { in: ['-'] } }, select: workerInclude.division.select });
        await findWorker(tx, 'sms', '-');
        await markProcessed(tx, [], now());
        await lastStops(tx, ['-']);
      });
      await memory.getDialogs([{ channel: 'sms', sender: '-' }]);
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
