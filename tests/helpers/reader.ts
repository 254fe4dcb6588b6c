import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader, type ReadMessage } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';

let reader: ((text: string) => ReadMessage) | undefined;

/** The message reader on the real division data, as the service builds it; made once per test worker. */
export function testReader(): (text: string) => ReadMessage {
  return (reader ??= createMessageReader({ places: createPlaceIndex(loadDivisions()) }));
}
