import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The fresh evaluations measure the reader only while the model has never seen their texts:
 * data/reader-train.jsonl (written only for training) holds none of them, and the training
 * script refuses to train when a training-only file does.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HELD_OUT = ['tests/fixtures/fresh-texts.jsonl', 'tests/fixtures/fresh2-texts.jsonl'];

const textsOf = (file: string): string[] =>
  readFileSync(path.join(repoRoot, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);

describe('the reader model training data', () => {
  it('holds no text of either fresh evaluation set', () => {
    const held = new Set(HELD_OUT.flatMap(textsOf));
    expect(textsOf('data/reader-train.jsonl').filter((t) => held.has(t))).toEqual([]);
  });

  it('is refused by the training script when it copies a held-out text', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reader-train-'));
    try {
      const file = path.join(dir, 'train.jsonl');
      const copied = textsOf('tests/fixtures/fresh2-texts.jsonl')[0] as string;
      writeFileSync(file, `${JSON.stringify({ text: '我想找活', intents: ['subscribe'] })}\n${JSON.stringify({ text: copied, intents: ['unsubscribe'] })}\n`);
      const before = readFileSync(path.join(repoRoot, 'src/domain/reader-model.json'), 'utf8');
      const result = spawnSync('npx', ['tsx', 'scripts/train-reader.ts'], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, READER_TRAIN_DATA: file },
        timeout: 50_000,
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(JSON.stringify(copied));
      // Nothing trained, nothing written.
      expect(readFileSync(path.join(repoRoot, 'src/domain/reader-model.json'), 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
