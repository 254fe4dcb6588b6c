// npm run reader:train: trains the reader's statistical layer (src/domain/reader-model.ts) on
// labelled worker texts and writes src/domain/reader-model.json. Training texts: the reader's
// own fixtures (tests/fixtures/worker-texts.jsonl, sample-messages.jsonl) and data/reader-train.jsonl.
// Never the fresh evaluation set (tests/fixtures/fresh-texts.jsonl): it measures the reader.
// Prints a 5-fold cross-validated accuracy so a change in the data shows in the figure.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDivisions } from '../src/data/divisions.js';
import { createMessageReader } from '../src/domain/message-reader.js';
import { createPlaceIndex } from '../src/domain/places.js';
import { classifyText, compileModel, featuresOf, type ReaderModelFile } from '../src/domain/reader-model.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['tests/fixtures/worker-texts.jsonl', 'tests/fixtures/sample-messages.jsonl', 'data/reader-train.jsonl'];
const CLASSES = ['subscribe', 'unsubscribe', 'help', 'list_jobs', 'apply', 'pause', 'resume', 'status', 'update_skills', 'update_place', 'unknown'];

interface Example {
  reading: string;
  label: string;
}

// The reading text is what the reader gives the model (homophones and pinyin corrected).
const read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });

// Texts of the evaluation set are never trained on, even when a training file repeats one.
const held = new Set(
  readFileSync(path.join(root, 'tests/fixtures/fresh-texts.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text),
);

function load(): Example[] {
  const out: Example[] = [];
  for (const file of SOURCES) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as { text: string; intents: string[] };
      if (held.has(row.text)) continue;
      // confirm is no longer an intent: a yes-word outside a dialog is unknown.
      const label = row.intents[0] === 'confirm' ? 'unknown' : (row.intents[0] as string);
      if (!CLASSES.includes(label)) continue;
      out.push({ reading: read(row.text).reading, label });
    }
  }
  return out;
}

function train(examples: readonly Example[], alpha = 0.3): ReaderModelFile {
  const docs = CLASSES.map(() => 0);
  const counts: Record<string, number[]> = {};
  for (const e of examples) {
    const c = CLASSES.indexOf(e.label);
    docs[c] = (docs[c] ?? 0) + 1;
    // Presence, not frequency: a long run-on repeats words without meaning more.
    for (const f of new Set(featuresOf(e.reading))) {
      const row = (counts[f] ??= CLASSES.map(() => 0));
      row[c] = (row[c] ?? 0) + 1;
    }
  }
  return { classes: CLASSES, docs, counts, alpha, trainedOn: examples.length };
}

const examples = load();
// 5-fold cross-validation, deterministic folds.
let right = 0;
for (let fold = 0; fold < 5; fold++) {
  const model = compileModel(train(examples.filter((_, i) => i % 5 !== fold)));
  for (const [i, e] of examples.entries()) if (i % 5 === fold && classifyText(e.reading, model).intent === e.label) right++;
}
const model = train(examples);
writeFileSync(path.join(root, 'src/domain/reader-model.json'), `${JSON.stringify(model)}\n`);
console.log(
  `trained on ${examples.length} texts, ${Object.keys(model.counts).length} features; ` +
    `5-fold accuracy ${((100 * right) / examples.length).toFixed(1)} %`,
);
