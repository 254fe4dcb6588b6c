import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isArtificial, PERTURBATIONS } from '../../scripts/reader-perturbations.js';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';

/**
 * Round 16 (docs/reader.md): a stop stays a stop and a text that is not one never becomes a sure
 * opt-out when it is changed the way people change texts — a greeting before, thanks, a particle,
 * !! or an emoji after, traditional characters, full width, lower case (scripts/reader-perturbations.ts,
 * `npm run reader:probe`). Every fixture text whose stop or non-stop the reader reads right is held
 * to it under each such change. With spaces or punctuation taken out (or put between every
 * character) a clause boundary can go with them and some texts are ambiguous (退订好了没 asks, 退订
 * 好了没 bids); there only a false sure opt-out fails.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = readdirSync(path.join(repoRoot, 'tests', 'fixtures')).filter((f) => f.endsWith('.jsonl'));
const texts = fixtures.flatMap((f) =>
  readFileSync(path.join(repoRoot, 'tests', 'fixtures', f), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; intents: string[] }),
);
const AFFIXES_AND_SCRIPT = new Set(['trad', 'fullwidth', 'tailEmoji', 'tailPunct', 'headGreet', 'tailThanks', 'tailDialect', 'lower']);

describe('stops and non-stops under the ways people change a text', () => {
  const read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });

  it('keeps every stop and makes no opt-out under affixes and script', () => {
    const broken: string[] = [];
    for (const e of texts) {
      const stop = e.intents.includes('unsubscribe');
      const first = read(e.text);
      if (stop !== (first.intent === 'unsubscribe') || (!stop && first.optOut !== null)) continue;
      for (const p of PERTURBATIONS) {
        if (!AFFIXES_AND_SCRIPT.has(p.name) || isArtificial(p.name, e.text)) continue;
        const t = p.apply(e.text);
        const got = read(t);
        if (stop && got.intent !== 'unsubscribe') broken.push(`${p.name}: ${t} → ${got.intent} (a stop missed)`);
        if (!stop && got.intent === 'unsubscribe') broken.push(`${p.name}: ${t} → unsubscribe(${got.optOut}) (a false opt-out)`);
      }
    }
    expect(broken).toEqual([]);
  }, 180_000);

  it('makes no sure opt-out of a text that is not one, whatever the spacing', () => {
    const broken: string[] = [];
    for (const e of texts) {
      if (e.intents.includes('unsubscribe') || read(e.text).intent === 'unsubscribe') continue;
      for (const p of PERTURBATIONS) {
        if (AFFIXES_AND_SCRIPT.has(p.name) || isArtificial(p.name, e.text)) continue;
        const t = p.apply(e.text);
        const got = read(t);
        if (got.intent === 'unsubscribe' && got.optOut === 'sure') broken.push(`${p.name}: ${t}`);
      }
    }
    expect(broken).toEqual([]);
  }, 180_000);
});
