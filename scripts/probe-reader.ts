// npm run --silent reader:probe -- tests/fixtures/*.jsonl: takes every labelled text the reader
// reads right and changes it the way real people do (scripts/reader-perturbations.ts: a greeting
// before, thanks, a particle, !! or an emoji after, traditional characters, spaces or punctuation
// gone or added), and prints each change that changes the reading, then the counts per kind of
// change, stops no longer caught and false opt-outs (docs/reader.md, Round 16). --quiet prints the
// counts only.
import { readFileSync } from 'node:fs';
import { loadDivisions } from '../src/data/divisions.js';
import { createMessageReader, type ReadMessage } from '../src/domain/message-reader.js';
import { createPlaceIndex } from '../src/domain/places.js';
import { isArtificial, PERTURBATIONS } from './reader-perturbations.js';
import { intentMatches } from './reader-scoring.js';

interface Labelled { text: string; intents: string[]; skills?: string[]; place?: string; code?: string }

const read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });
const quiet = process.argv.includes('--quiet');
const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const right = (e: Labelled, g: ReadMessage): boolean =>
  intentMatches(e.intents, g.intent, e.text) &&
  (e.skills ?? []).every((s) => g.skills.includes(s)) &&
  (e.code === undefined || g.code === e.code) &&
  (e.place === undefined || (g.places[0]?.fullName ?? '').includes(e.place));

type Row = { flips: number; artificial: number; stopsMissed: number; falseSure: number; falseUnclear: number };
const rows = new Map<string, Row>(PERTURBATIONS.map((p) => [p.name, { flips: 0, artificial: 0, stopsMissed: 0, falseSure: 0, falseUnclear: 0 }]));
let base = 0;
let perturbed = 0;
for (const file of files) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line) as Labelled;
    if (!right(e, read(e.text))) continue;
    base++;
    const stop = e.intents.includes('unsubscribe');
    for (const p of PERTURBATIONS) {
      const t = p.apply(e.text);
      if (t === e.text) continue;
      perturbed++;
      const g = read(t);
      if (right(e, g)) continue;
      const row = rows.get(p.name) as Row;
      const artificial = isArtificial(p.name, e.text);
      if (artificial) row.artificial++;
      else row.flips++;
      const tag = artificial ? ' (artificial)' : '';
      if (!artificial && stop && g.intent !== 'unsubscribe') row.stopsMissed++;
      if (!artificial && !stop && g.intent === 'unsubscribe') (g.optOut === 'sure' ? row.falseSure++ : row.falseUnclear++);
      if (!quiet) console.log(`${p.name}${tag} ${JSON.stringify(t)} → ${g.intent}${g.optOut ? `(${g.optOut})` : ''} ${g.skills.join(',')} ${g.places[0]?.name ?? ''} ${g.code ?? ''} ≠ ${e.intents.join('|')} ${(e.skills ?? []).join(',')} ${e.place ?? ''} ${e.code ?? ''}`);
    }
  }
}
const total = { flips: 0, artificial: 0, stopsMissed: 0, falseSure: 0, falseUnclear: 0 };
console.log(`\nread right: ${base} texts; perturbed: ${perturbed}`);
console.log('perturbation  flips  artificial  stops-missed  false-opt-out(sure/unclear)');
for (const [name, r] of rows) {
  for (const k of Object.keys(total) as (keyof Row)[]) total[k] += r[k];
  console.log(`${name.padEnd(12)}  ${String(r.flips).padStart(5)}  ${String(r.artificial).padStart(10)}  ${String(r.stopsMissed).padStart(12)}  ${r.falseSure}/${r.falseUnclear}`);
}
console.log(`${'total'.padEnd(12)}  ${String(total.flips).padStart(5)}  ${String(total.artificial).padStart(10)}  ${String(total.stopsMissed).padStart(12)}  ${total.falseSure}/${total.falseUnclear}`);
