// npm run --silent reader:check -- FILE.jsonl [...]: reads labelled texts ({text, intents,
// skills?, place?, code?}) and prints every misreading and the accuracy per file, for working
// on the reader without the test runner. The same rule as tests/unit/message-reader.test.ts; details and wage_query
// count where the labels say list_jobs (reader-scoring.ts).
import { readFileSync } from 'node:fs';
import { loadDivisions } from '../src/data/divisions.js';
import { createMessageReader } from '../src/domain/message-reader.js';
import { createPlaceIndex } from '../src/domain/places.js';
import { intentMatches } from './reader-scoring.js';

const read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });
for (const file of process.argv.slice(2)) {
  let right = 0;
  let total = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const e = JSON.parse(line) as { text: string; intents: string[]; skills?: string[]; place?: string; code?: string };
    const got = read(e.text);
    const wrong: string[] = [];
    if (!intentMatches(e.intents, got.intent, e.text)) wrong.push(`intent ${got.intent}${got.optOut ? `(${got.optOut})` : ''}${got.clarify ? '(ask)' : ''} [${got.source}] ≠ ${e.intents.join('|')}`);
    for (const s of e.skills ?? []) if (!got.skills.includes(s)) wrong.push(`skill ${s} ∉ [${got.skills.join(',')}]`);
    if (e.place !== undefined && !(got.places[0]?.fullName ?? '').includes(e.place)) wrong.push(`place ${e.place} ≠ ${got.places[0]?.name ?? '-'}`);
    if (e.code !== undefined && got.code !== e.code) wrong.push(`code ${got.code} ≠ ${e.code}`);
    total++;
    if (wrong.length === 0) right++;
    else console.log(`${JSON.stringify(e.text)}  ${wrong.join('; ')}  «${got.reading}»`);
  }
  console.log(`${file}: ${right}/${total} (${((100 * right) / total).toFixed(1)} %)`);
}
