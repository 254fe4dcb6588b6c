/**
 * npm run bench:reader [-- --rounds 5]
 *
 * The message reader's time per character at 100, 1,000, 10,000 and 100,000 characters, on
 * texts built by repeating and concatenating realistic worker texts (keywords, a voice-input
 * run-on, pinyin, traditional characters, an opt-out, a pause). Prints each length's time per
 * character and its ratio to the 100-character baseline of the same run: a linear reader
 * stays near 1× (issue #11 §1: it once grew with the square of the length). Not a test: the
 * figures depend on the machine; the ratio is what to read.
 * A second table reads runs of numerals, the worst case of the pause and code patterns.
 */
import { performance } from 'node:perf_hooks';
import { loadDivisions } from '../src/data/divisions.js';
import { createMessageReader } from '../src/domain/message-reader.js';
import { createPlaceIndex } from '../src/domain/places.js';

const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;

const SOURCES = [
  '我想在家门口上班，会车工，住在新城乡。',
  '订阅 缝纫 南沙镇 ',
  'dy baozhuang mengzi ',
  '老板你好我是绿春县大兴镇的今年四十五岁以前在浙江做过几年缝纫现在家里老人身体不好要照顾想在家附近找个活 ',
  '先不要发，过完年再说。',
  '報名一零二四，我电话13887654321 ',
  'wo yao tui ding bu yao zai fa le ',
  '有活路做没得？哪点有活路？ 1 3 ',
  '退 订 谢 谢 👍🙏 ',
  '我也会绣花鞋垫，帮我加上。还会剥核桃 ',
];
const LENGTHS = [100, 1_000, 10_000, 100_000];

function textOf(length: number, offset: number): string {
  let text = '';
  for (let i = offset; [...text].length < length; i++) text += SOURCES[i % SOURCES.length];
  return [...text].slice(0, length).join('');
}

const read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });
// Warm up: the traditional-to-simplified tables, the pinyin cache, the model, the JIT.
for (let i = 0; i < 200; i++) read(textOf(100, i));
read(textOf(10_000, 0));

interface Result {
  length: number;
  nsPerChar: number;
  maxMs: number;
}

function measure(textAt: (length: number, offset: number) => string): Result[] {
  const results: Result[] = [];
  for (const length of LENGTHS) {
    // The same number of characters read at every length, so each figure has the same weight.
    const texts = Array.from({ length: Math.max(1, Math.round(200_000 / length)) }, (_, i) => textAt(length, i));
    let best = Infinity;
    let maxMs = 0;
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      for (const t of texts) {
        const s = performance.now();
        read(t);
        maxMs = Math.max(maxMs, performance.now() - s);
      }
      const ms = performance.now() - start;
      best = Math.min(best, (ms * 1e6) / (texts.length * length));
    }
    results.push({ length, nsPerChar: best, maxMs });
  }
  return results;
}

function print(title: string, results: readonly Result[]): void {
  const base = results[0]?.nsPerChar ?? 1;
  console.log(title);
  console.log('characters   ns/char   ratio to 100   slowest text (ms)');
  for (const r of results) {
    console.log(
      `${String(r.length).padStart(10)}  ${r.nsPerChar.toFixed(0).padStart(8)}  ${(r.nsPerChar / base).toFixed(2).padStart(12)}×  ${r.maxMs.toFixed(1).padStart(16)}`,
    );
  }
}

// Runs of one numeral (十十十…, 半半半…, 几几几…) and of O after a digit (1OOO…): the pause,
// age and O-for-0 patterns once backtracked over the whole run at every position (issue #14).
const RUNS = ['十', '半', '几', '1' + 'o'.repeat(99)];
const runOf = (length: number, offset: number): string => {
  const unit = RUNS[offset % RUNS.length] as string;
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
};

print('worker texts', measure(textOf));
print('runs of numerals', measure(runOf));
