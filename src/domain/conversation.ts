import type { ReadMessage } from './message-reader.js';
import type { MessageKindName } from './message-templates.js';

/** What we know of the sender when a message arrives. */
export interface SenderState {
  status: 'active' | 'paused' | 'opted_out' | 'unknown';
}

export type ConversationAction =
  | { type: 'subscribe'; skills: string[]; divisionCode: string; placeName: string }
  | { type: 'opt_out' }
  | { type: 'none' };

export interface Decision {
  action: ConversationAction;
  /** The reply, or null when nothing may be sent (an opted-out sender, an opt-out repeated). */
  reply: { kind: MessageKindName; params: Record<string, string> } | null;
}

/**
 * Decides what a text does and what we answer. Pure: the conversation service applies the
 * action and queues the reply. Opt-out always wins and is confirmed exactly once; after it,
 * only a new subscription gets an answer.
 */
export function decide(read: ReadMessage, sender: SenderState): Decision {
  if (read.intent === 'unsubscribe') {
    if (sender.status === 'opted_out') return { action: { type: 'none' }, reply: null };
    return { action: { type: 'opt_out' }, reply: { kind: 'unsubscribed', params: {} } };
  }
  if (read.intent === 'subscribe') {
    const place = read.places[0];
    const missing = [read.skills.length === 0 ? '会的活' : null, place ? null : '住的地方'].filter(Boolean);
    if (!place || read.skills.length === 0) {
      return { action: { type: 'none' }, reply: { kind: 'subscribe_incomplete', params: { missing: missing.join('和') } } };
    }
    return {
      action: { type: 'subscribe', skills: read.skills, divisionCode: place.code, placeName: place.name },
      reply: { kind: 'subscribed', params: { skills: read.skills.join('、'), place: place.name } },
    };
  }
  if (sender.status === 'opted_out') return { action: { type: 'none' }, reply: null };
  return { action: { type: 'none' }, reply: { kind: 'help', params: {} } };
}
