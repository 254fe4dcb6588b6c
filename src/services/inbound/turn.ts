import type { Prisma } from '../../db/prisma.js';
import type { Reply } from '../../domain/conversation.js';
import type { PlaceData } from '../matching/candidates.js';
import { maskPhone } from '../../domain/phone.js';
import { actingPerson } from '../../domain/household.js';

/** One inbound message's handling: the pieces the conversation service and its helpers share. */

export type Tx = Prisma.TransactionClient;

/** A sender as logs show it: a masked phone, or a WeChat OpenID's first characters. */
export const senderForLog = (channel: 'sms' | 'wechat', sender: string) => (channel === 'sms' ? maskPhone(sender) : `${sender.slice(0, 6)}…`);

export const workerInclude = { division: { select: { code: true, name: true, fullName: true } } } as const;
export type WorkerRow = Prisma.WorkerGetPayload<{ include: typeof workerInclude }>;
export type OpeningWithWorkshop = Prisma.OpeningGetPayload<{ include: { workshop: true } }>;

/**
 * One inbound message while it is handled: its transaction, who sent it, the sender's worker row
 * (null until one is needed), and the answers collected to be created at the end.
 */
export interface InboundTurn {
  tx: Tx;
  inboundId: bigint;
  channel: 'sms' | 'wechat';
  sender: string;
  content: string;
  worker: WorkerRow | null;
  /**
   * Everyone on the sender's phone by number (docs/shared-phones.md): one for most phones, none
   * for a number without a record; `worker` is the one texts act for by default. WeChat: the worker.
   */
  people: WorkerRow[];
  replies: Reply[];
  sms: string[];
  /** Read before the transaction began, for the 岗位 list (see reverse-match.ts openingsToList). */
  places: PlaceData;
  /** Set when skills or place changed: the worker then hears about openings that already fit. */
  profileChanged?: boolean;
  /** The worker whose profile changed, when it is not `worker` (a person added to the phone). */
  changedWorkerId?: number;
  /** Openings read by code in this transaction, shared by a batch's turns (many apply to one opening). */
  openings?: Map<string, OpeningWithWorkshop | null>;
}

export const identity = (channel: 'sms' | 'wechat', sender: string) =>
  channel === 'sms' ? { phone: sender } : { wechatOpenId: sender };

type DivisionLabel = NonNullable<WorkerRow['division']>;
type WorkerOnly = Omit<WorkerRow, 'division'>;

/**
 * Workers' divisions, read from a short-lived cache rather than joined to each worker read:
 * Prisma reads an `include` as a second query, one round trip more for every worker read,
 * write and re-read of a reply storm's turns (docs/reply-storm.md). Divisions are reference
 * data (loaded by the seed); a renamed one shows within DIVISION_CACHE_MS.
 */
const DIVISION_CACHE_MS = 60_000;
const DIVISION_CACHE_MAX = 20_000;
const divisionCache = new Map<string, { division: DivisionLabel; until: number }>();

/** Workers with their division (as `workerInclude` gives it), the missing ones read in one query. */
export async function withDivisions(tx: Tx, workers: WorkerOnly[]): Promise<WorkerRow[]> {
  const now = Date.now();
  const fresh = (code: string) => (divisionCache.get(code)?.until ?? 0) > now;
  const missing = [...new Set(workers.flatMap((w) => (w.divisionCode && !fresh(w.divisionCode) ? [w.divisionCode] : [])))];
  if (missing.length) {
    if (divisionCache.size + missing.length > DIVISION_CACHE_MAX) divisionCache.clear();
    const found = await tx.division.findMany({ where: { code: { in: missing } }, select: workerInclude.division.select });
    for (const d of found) divisionCache.set(d.code, { division: d, until: now + DIVISION_CACHE_MS });
  }
  return workers.map((w) => ({ ...w, division: (w.divisionCode && divisionCache.get(w.divisionCode)?.division) || null }));
}

export async function withDivision(tx: Tx, worker: WorkerOnly): Promise<WorkerRow>;
export async function withDivision(tx: Tx, worker: WorkerOnly | null): Promise<WorkerRow | null>;
export async function withDivision(tx: Tx, worker: WorkerOnly | null): Promise<WorkerRow | null> {
  return worker ? (await withDivisions(tx, [worker]))[0]! : null;
}

/** Everyone on a phone by number, or the WeChat user's worker (one index read either way). */
export async function findPeople(tx: Tx, channel: 'sms' | 'wechat', sender: string): Promise<WorkerRow[]> {
  return withDivisions(tx, await tx.worker.findMany({ where: identity(channel, sender), orderBy: { phoneSlot: 'asc' } }));
}

/** The worker a sender's texts act for: the first person on the phone who has not opted out (src/domain/household.ts). */
export async function findWorker(tx: Tx, channel: 'sms' | 'wechat', sender: string): Promise<WorkerRow | null> {
  return actingPerson(await findPeople(tx, channel, sender));
}

/** The sender's worker row, created on first need (no consent is implied by the row itself). */
export async function ensureWorker(turn: InboundTurn): Promise<WorkerRow> {
  if (turn.worker) return turn.worker;
  turn.worker = await withDivision(turn.tx, await turn.tx.worker.create({ data: { ...identity(turn.channel, turn.sender) } }));
  turn.people = [turn.worker];
  return turn.worker;
}

export async function consent(turn: InboundTurn, workerId: number, kind: 'opt_in' | 'opt_out'): Promise<void> {
  await turn.tx.consentEvent.create({ data: { workerId, kind, source: turn.channel, rawMessage: turn.content.slice(0, 500) } });
}
