// Reads worker texts as JSON Lines on stdin ({"text": "..."}) and writes one JSON line per
// input line with what the reader made of it, for checking the reader on many texts at once.
// Needs no database: the place and skill dictionaries come from the same static sources the
// seed loads. PREFECTURES=5325,5301 widens the places beyond Honghe.
import { createInterface } from 'node:readline';
import { loadSettings } from '../src/config.js';
import { loadDivisions } from '../src/data/divisions.js';
import { createMessageReader } from '../src/domain/message-reader.js';
import { createPlaceIndex } from '../src/domain/places.js';

const { PREFECTURES } = loadSettings(process.env, ['PREFECTURES']);
const read = createMessageReader({ places: createPlaceIndex(loadDivisions(PREFECTURES)) });

function readLine(line: string): unknown {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (err) {
    return { error: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof input !== 'object' || input === null || typeof (input as { text?: unknown }).text !== 'string') {
    return { error: 'expected an object with a string "text"' };
  }
  const message = read((input as { text: string }).text);
  return {
    intent: message.intent,
    skills: message.skills,
    places: message.places.map(({ code, name, fullName }) => ({ code, name, fullName })),
    code: message.code,
  };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  // Blank lines still get an answer, so output line N always belongs to input line N.
  process.stdout.write(`${JSON.stringify(line.trim() === '' ? { error: 'empty line' } : readLine(line))}\n`);
}
