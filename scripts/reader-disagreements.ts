// npm run --silent reader:disagreements -- [--rules-only] [--tests] [FILE.jsonl ...]: the texts where the wide model (Round 33,
// docs/reader.md "Round 33: the wide model over the rules") is near certain of another reading than the rules', one
// JSON line each: {text, rule, model, p, taken, label?}. `taken` says whether the reader took the model's reading.
// FILE.jsonl: labelled texts ({text, intents}); --tests: every quoted string with Chinese in tests/unit/*.ts (texts
// the reader's own tests read; English test names are skipped). With --rules-only nothing is taken (the reader is
// built with the overruling off), and what is listed is where the rules alone stand against the model: how
// data/reader-boundary.jsonl was made.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDivisions } from '../src/data/divisions.js';
import { createMessageReader } from '../src/domain/message-reader.js';
import { createPlaceIndex } from '../src/domain/places.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const read = createMessageReader({ places: createPlaceIndex(loadDivisions()), ...(args.includes('--rules-only') ? { modelOverRule: 2 } : {}) });
const texts = new Map<string, string[] | undefined>();
for (const arg of args) {
  if (arg === '--rules-only') continue;
  if (arg === '--tests') {
    const dir = path.join(root, 'tests/unit');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const source = readFileSync(path.join(dir, f), 'utf8');
      for (const m of source.matchAll(/'([^'\n]*\p{Script=Han}[^'\n]*)'|"([^"\n]*\p{Script=Han}[^"\n]*)"/gu)) {
        const t = (m[1] ?? m[2]) as string;
        // A test's name reads as English words; a worker's pinyin has no three English words running.
        if (/\b(the|and|is|as|a|of|not|no|to|reads?|with)\b.*\b[a-z]{2,}\b.*\b[a-z]{2,}\b/.test(t) || t.includes('%s')) continue;
        if (!texts.has(t)) texts.set(t, undefined);
      }
    }
    continue;
  }
  for (const line of readFileSync(arg, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { text: string; intents: string[] };
    texts.set(row.text, row.intents);
  }
}
let n = 0;
for (const [text, label] of texts) {
  const got = read(text);
  if (!got.disagreement) continue;
  n++;
  const { rule, model, p } = got.disagreement;
  console.log(JSON.stringify({ text, rule, model, p: Number(p.toFixed(4)), taken: got.source === 'model', ...(label ? { label } : {}) }));
}
console.error(`${n} of ${texts.size} texts`);
