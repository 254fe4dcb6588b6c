import { converse, IDLE, menuNumbers, skillMenuText, type DialogState, type Reply, type Step, type WorkerView } from './conversation.js';
import type { ReadMessage } from './message-reader.js';

/**
 * Shared phones (docs/shared-phones.md), pure: several people under one number — a couple, a
 * grandmother on her grandson's phone — each a worker of their own with a number 1..n on the
 * phone. This wraps the conversation (conversation.ts) with what only a shared phone has: BM1003 2
 * applies for person 2 and a BM without a number asks who it is for; TD 2 stops person 2 and TD
 * still stops the whole phone; 加一个人 runs the subscribe dialog for a new person. A phone with
 * one person goes straight to `converse`, exactly as before.
 */

/** One person on a phone, as the conversation needs them. */
export interface Person {
  slot: number;
  name: string | null;
  status: 'active' | 'paused' | 'opted_out';
}

/** Person numbers are one digit (BM1003 2, TD 2): at most nine people on a phone. */
export const MAX_PEOPLE_PER_PHONE = 9;

/** A name in an alert or a question: short, so several fit one SMS. */
const NAME_IN_TEXT_MAX = 4;

/** The dialog of a phone: the conversation's, plus the shared-phone questions. */
export type PhoneDialog =
  | (DialogState & { forPerson?: { slot: number; name: string } })
  /** BM1003 from a phone with several people: 编号1003给谁报名？ was asked. */
  | { step: 'pick_person'; code: string; slots: number[] }
  /** 加一个人: the new person's name was asked. */
  | { step: 'add_name'; slot: number };

/** "2号李秀英" (the name cut to a few characters), or "2号" for a person without a name. */
export function personLabel(p: Pick<Person, 'slot' | 'name'>): string {
  const name = p.name ? [...p.name.trim()].slice(0, NAME_IN_TEXT_MAX).join('') : '';
  return `${p.slot}号${name}`;
}

/**
 * The parts of an alert to a shared phone (the shared_job_alert template) for the people the
 * opening fits, by number: who it is for (1号张三、2号李四) and how each applies.
 */
export function sharedAlertParts(people: readonly Pick<Person, 'slot' | 'name'>[], code: string): { who: string; reply: string } {
  const sorted = [...people].sort((a, b) => a.slot - b.slot);
  const who = sorted.map(personLabel).join('、');
  const first = sorted[0]!.slot;
  if (sorted.length === 1) return { who, reply: `BM${code} ${first}` };
  if (sorted.length === 2) return { who, reply: `BM${code} ${first}或BM${code} ${sorted[1]!.slot}` };
  return { who, reply: `BM${code}加空格和人号如BM${code} ${first}` };
}

/** The numbered choice of people: "1张三 2李四". */
export function pickOptions(people: readonly Pick<Person, 'slot' | 'name'>[]): string {
  return people.map((p) => (p.name ? `${p.slot}${[...p.name.trim()].slice(0, NAME_IN_TEXT_MAX).join('')}` : `${p.slot}号`)).join(' ');
}

const BACK_RE = /^(0|返回|取消|算了|back)$/;
/** A name or a form of address: a few characters, not a number or a command. */
const NAME_RE = /^[\p{Script=Han}a-zA-Z·]{1,10}$/u;

/** The intents that answer a question of the subscribe dialog (conversation.ts dialogStep). */
const DIALOG_ANSWERS = new Set(['subscribe', 'update_skills', 'update_place', 'unknown', 'confirm']);

const stay = (state: PhoneDialog, reply: Reply | null, actions: Step['actions'] = []): { state: PhoneDialog; actions: Step['actions']; reply: Reply | null } => ({ state, actions, reply });

/** A step of a phone's conversation: a Step whose state may be a shared-phone question. */
export type PhoneStep = Omit<Step, 'state'> & { state: PhoneDialog };

/**
 * One message from a phone. `people` are everyone on the phone by number (empty for a number
 * without a record, one for most phones); `worker` is the view of the person the phone's texts
 * act for by default (the first who has not opted out).
 */
export function converseOnPhone(state: PhoneDialog, read: ReadMessage, worker: WorkerView, people: readonly Person[], now: Date): PhoneStep {
  const compact = read.normalized.replace(/[\s\p{P}\p{S}]/gu, '');

  // The name of a person being added.
  if (state.step === 'add_name') {
    if (BACK_RE.test(compact)) return stay(IDLE, { kind: 'dialog_cancelled', params: {} });
    if (read.intent === 'unsubscribe' || read.intent === 'help' || read.intent === 'apply') return converseOnPhone(IDLE, read, worker, people, now);
    if (!NAME_RE.test(compact)) return { ...stay(state, { kind: 'person_ask_name', params: {} }), throttleKey: compact };
    return stay({ step: 'sub_skills', forPerson: { slot: state.slot, name: compact } }, { kind: 'skill_menu', params: { menu: skillMenuText() } });
  }

  // Whom a BM was for: the number answers; anything else is read afresh.
  if (state.step === 'pick_person') {
    if (BACK_RE.test(compact)) return stay(IDLE, { kind: 'dialog_cancelled', params: {} });
    const picked = read.intent === 'unknown' ? menuNumbers(read, compact, MAX_PEOPLE_PER_PHONE) : [];
    const n = picked.length === 1 ? picked[0]! : null;
    if (n !== null && state.slots.includes(n)) return stay(IDLE, null, [{ type: 'apply', code: state.code, person: n }]);
    if (read.intent === 'unknown' && !read.clarify) {
      return { ...stay(state, { kind: 'person_pick', params: { code: state.code, options: pickOptions(people.filter((p) => state.slots.includes(p.slot))) } }), throttleKey: compact };
    }
    return converseOnPhone(IDLE, read, worker, people, now);
  }

  // The subscribe dialog for a person being added: the conversation's own questions, for a
  // person with no record yet; its subscription adds the person. Another command leaves it.
  if (state.step !== 'idle' && state.forPerson) {
    const forPerson = state.forPerson;
    if (!DIALOG_ANSWERS.has(read.intent) && !BACK_RE.test(compact)) return converseOnPhone(IDLE, read, worker, people, now);
    const { forPerson: _, ...plain } = state;
    const blank: WorkerView = { ...worker, status: 'unknown', skills: [], place: null, pausedUntil: null, openQuestion: null };
    const step = converse(plain as DialogState, read, blank, now);
    const sub = step.actions.find((a) => a.type === 'subscribe');
    if (sub && sub.type === 'subscribe' && step.reply?.kind === 'subscribed') {
      const added: Reply = {
        kind: 'person_added',
        params: { who: personLabel({ slot: forPerson.slot, name: forPerson.name }), skills: step.reply.params.skills, place: step.reply.params.place, slot: String(forPerson.slot), n: String(forPerson.slot) },
      };
      return stay(IDLE, added, [{ type: 'add_person', slot: forPerson.slot, name: forPerson.name, skills: sub.skills, divisionCode: sub.divisionCode }]);
    }
    return { ...step, state: step.state.step === 'idle' ? step.state : { ...step.state, forPerson } };
  }

  // 加一个人, from a phone someone is registered on: ask the new person's name.
  if (read.addPerson && worker.channel === 'sms' && people.length > 0) {
    if (people.length >= MAX_PEOPLE_PER_PHONE) return stay(IDLE, { kind: 'person_full', params: { max: String(MAX_PEOPLE_PER_PHONE) } });
    return stay({ step: 'add_name', slot: Math.max(...people.map((p) => p.slot)) + 1 }, { kind: 'person_ask_name', params: {} });
  }

  if (people.length < 2) return converse(state, read, worker, now);

  // TD 2: that person only (a number no one has stops the whole phone, as TD does).
  if (read.intent === 'unsubscribe' && read.person && read.optOut === 'sure') {
    const p = people.find((x) => x.slot === read.person);
    if (p) return stay(IDLE, { kind: 'person_unsubscribed', params: { who: personLabel(p) } }, p.status === 'opted_out' ? [] : [{ type: 'opt_out', person: p.slot }]);
  }

  // BM1003 2: for person 2 (who opted out: not applied for anyone else); BM1003 alone: for
  // the only one still subscribed. Else, or for a number no one has, ask whom.
  if (read.intent === 'apply' && read.code) {
    const live = people.filter((p) => p.status !== 'opted_out');
    const named = read.person ? people.find((p) => p.slot === read.person) : undefined;
    if (named) return named.status === 'opted_out' ? stay(IDLE, { kind: 'not_subscribed', params: {} }) : stay(IDLE, null, [{ type: 'apply', code: read.code, person: named.slot }]);
    if (!read.person && live.length === 1) return stay(IDLE, null, [{ type: 'apply', code: read.code, person: live[0]!.slot }]);
    if (live.length > 0) {
      return stay({ step: 'pick_person', code: read.code, slots: live.map((p) => p.slot) }, { kind: 'person_pick', params: { code: read.code, options: pickOptions(live) } });
    }
  }
  return converse(state as DialogState, read, worker, now);
}

/** The person a phone's texts act for by default: the first who has not opted out, else the first. */
export function actingPerson<P extends Pick<Person, 'status'>>(people: readonly P[]): P | null {
  return people.find((p) => p.status !== 'opted_out') ?? people[0] ?? null;
}

/** A person on a shared phone, as matching groups alerts. */
export interface PhonePerson {
  id: number;
  phone: string;
  slot: number;
  name: string | null;
}

/** One message of a broadcast: to one worker as ever, or to a shared phone for the people on it the opening fits. */
export type AlertUnit<M> = { kind: 'one'; match: M } | { kind: 'shared'; phone: string; matches: M[]; people: PhonePerson[] };

/**
 * A broadcast's matches (best first) as messages (docs/shared-phones.md): everyone on one
 * shared phone in one message, placed where the best of them ranked; everyone else alone.
 * `shared`: the people on shared phones, by worker id.
 */
export function alertUnits<M extends { workerId: number }>(matches: readonly M[], shared: ReadonlyMap<number, PhonePerson>): AlertUnit<M>[] {
  const units: AlertUnit<M>[] = [];
  const byPhone = new Map<string, Extract<AlertUnit<M>, { kind: 'shared' }>>();
  for (const m of matches) {
    const p = shared.get(m.workerId);
    if (!p) {
      units.push({ kind: 'one', match: m });
      continue;
    }
    const unit = byPhone.get(p.phone);
    if (unit) {
      unit.matches.push(m);
      unit.people.push(p);
    } else {
      const created = { kind: 'shared' as const, phone: p.phone, matches: [m], people: [p] };
      byPhone.set(p.phone, created);
      units.push(created);
    }
  }
  return units;
}
