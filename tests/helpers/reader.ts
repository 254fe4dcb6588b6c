import { expect } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader, type ReadMessage } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';

let reader: ((text: string) => ReadMessage) | undefined;

/** The message reader on the real division data, as the service builds it; made once per test worker. */
export function testReader(): (text: string) => ReadMessage {
  return (reader ??= createMessageReader({ places: createPlaceIndex(loadDivisions()) }));
}

// The assertions the reader-kinds tests share: a text that is no stop must have no opt-out at all (a false opt-out
// silences a worker who wanted work), a stop must be sure or unclear as the kind says.

/** Not a stop of any kind; and read as `intent` when one is given. */
export function noStop(text: string, intent?: string): void {
  const r = testReader()(text);
  if (intent !== undefined) expect(r.intent, text).toBe(intent);
  expect(r.intent, text).not.toBe('unsubscribe');
  expect(r.optOut, text).toBeNull();
}

/** A stop the reader is sure of. */
export function sureStop(text: string): void {
  const r = testReader()(text);
  expect(r.intent, text).toBe('unsubscribe');
  expect(r.optOut, text).toBe('sure');
}

/** A stop only implied: alerts stop at once and the bot asks. */
export function unclearStop(text: string): void {
  const r = testReader()(text);
  expect(r.intent, text).toBe('unsubscribe');
  expect(r.optOut, text).toBe('unclear');
}
