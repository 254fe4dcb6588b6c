import type { Intent } from './reader-types.js';
import model from './reader-model.json' with { type: 'json' };
import wideModel from './reader-model-wide.json' with { type: 'json' };

/**
 * The statistical layer under the reader's rules: a multinomial naive Bayes over character
 * 1–3-grams of the reading text, trained by `npm run reader:train` (scripts/train-reader.ts) on
 * labelled worker texts and shipped as reader-model.json. The JSON is imported, so reading does
 * no I/O; scoring is one pass over the text (O(n)).
 */

export interface ReaderModelFile {
  /** Intents, in the order of every count array. */
  classes: string[];
  /** Training texts per class. */
  docs: number[];
  /** Feature → count per class. */
  counts: Record<string, number[]>;
  /** Additive smoothing. */
  alpha: number;
  trainedOn: number;
}

export interface ModelGuess {
  intent: Intent;
  /**
   * How sure the model is of `intent`: its probability, lowered when much of the text is made
   * of n-grams never seen in training (the model knows little about such a text).
   */
  p: number;
  /** Share of the text's n-grams seen in training. */
  coverage: number;
  probabilities: Partial<Record<Intent, number>>;
}

/** Characters only: spacing, punctuation, symbols and emoji carry no intent. */
export function compactForModel(reading: string): string {
  return reading.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]/gu, '');
}

/** Character 1–3-grams, with ^ and $ marking the ends (^td$ is not td in a word). */
export function featuresOf(reading: string): string[] {
  const chars = [...`^${compactForModel(reading)}$`];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const a = chars[i] as string;
    if (a !== '^' && a !== '$') out.push(a);
    const b = chars[i + 1];
    if (b === undefined) continue;
    out.push(a + b);
    const c = chars[i + 2];
    if (c !== undefined) out.push(a + b + c);
  }
  return out;
}

interface Compiled {
  classes: Intent[];
  logPrior: number[];
  /** log P(feature | class) for seen features. */
  logLikelihood: Map<string, Float64Array>;
  /** log P(unseen feature | class). */
  logUnseen: Float64Array;
}

export function compileModel(file: ReaderModelFile): Compiled {
  const k = file.classes.length;
  const totalDocs = file.docs.reduce((a, b) => a + b, 0);
  const totals = new Float64Array(k);
  for (const counts of Object.values(file.counts)) for (let c = 0; c < k; c++) totals[c] = (totals[c] ?? 0) + (counts[c] ?? 0);
  const vocab = Object.keys(file.counts).length + 1;
  const logUnseen = new Float64Array(k);
  for (let c = 0; c < k; c++) logUnseen[c] = Math.log(file.alpha / ((totals[c] ?? 0) + file.alpha * vocab));
  const logLikelihood = new Map<string, Float64Array>();
  for (const [feature, counts] of Object.entries(file.counts)) {
    const row = new Float64Array(k);
    for (let c = 0; c < k; c++) row[c] = Math.log(((counts[c] ?? 0) + file.alpha) / ((totals[c] ?? 0) + file.alpha * vocab));
    logLikelihood.set(feature, row);
  }
  return {
    classes: file.classes as Intent[],
    logPrior: file.docs.map((d) => Math.log((d + 1) / (totalDocs + k))),
    logLikelihood,
    logUnseen,
  };
}

/** Below this share of known n-grams the model's probabilities are scaled down. */
const FULL_TRUST_COVERAGE = 0.6;

let compiled: Compiled | undefined;

/** Scores a reading text with a compiled model (the shipped one by default). */
let wideCompiled: Compiled | undefined;
/**
 * The wide model (Round 33): the same naive Bayes trained on every fresh set once its round is over and on the
 * reader's boundary texts (scripts/train-reader.ts). Consulted only to overrule a rule where it is near certain.
 */
export function classifyWide(reading: string): ModelGuess {
  return classifyText(reading, (wideCompiled ??= compileModel(wideModel as ReaderModelFile)));
}

export function classifyText(reading: string, using?: Compiled): ModelGuess {
  const m = using ?? (compiled ??= compileModel(model as ReaderModelFile));
  const k = m.classes.length;
  const score = Float64Array.from(m.logPrior);
  let n = 0;
  const features = featuresOf(reading);
  for (const f of features) {
    const row = m.logLikelihood.get(f);
    // Features never seen in training say nothing about any class.
    if (!row) continue;
    n++;
    for (let c = 0; c < k; c++) score[c] = (score[c] as number) + (row[c] as number);
  }
  // Naive Bayes counts overlapping n-grams as independent evidence and is far too sure of
  // itself on long texts; dividing by a temperature that grows with the evidence keeps the
  // probabilities usable for a threshold.
  const temperature = Math.max(1, Math.sqrt(n) / 2);
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, (score[c] as number) / temperature);
  let sum = 0;
  const p = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    p[c] = Math.exp((score[c] as number) / temperature - max);
    sum += p[c] as number;
  }
  let best = 0;
  const probabilities: Partial<Record<Intent, number>> = {};
  for (let c = 0; c < k; c++) {
    p[c] = (p[c] as number) / sum;
    probabilities[m.classes[c] as Intent] = p[c] as number;
    if ((p[c] as number) > (p[best] as number)) best = c;
  }
  const coverage = features.length === 0 ? 0 : n / features.length;
  const trust = Math.min(1, coverage / FULL_TRUST_COVERAGE);
  for (const key of Object.keys(probabilities) as Intent[]) probabilities[key] = (probabilities[key] as number) * trust;
  return { intent: m.classes[best] as Intent, p: (p[best] as number) * trust, probabilities, coverage };
}
