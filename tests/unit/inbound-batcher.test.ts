import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/services/inbound/inbound-batcher.js';

/** A run whose batches finish only when the test says so, recording what each batch held. */
function controlled() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  const run = (keys: number[]) => {
    batches.push(keys);
    return new Promise<Map<number, string | Error>>((resolve) => {
      finish.push(() => resolve(new Map(keys.map((k) => [k, k < 0 ? new Error(`bad ${k}`) : `r${k}`]))));
    });
  };
  return { batches, finish, run };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('inbound batcher', () => {
  it('starts a lone job at once, alone', async () => {
    const c = controlled();
    const b = createBatcher(c.run, { max: 10, parallel: 2 });
    const p = b.submit(1);
    expect(c.batches).toEqual([[1]]);
    c.finish[0]!();
    await expect(p).resolves.toBe('r1');
  });

  it('gathers the jobs that arrive while the batches are busy, up to max, in arrival order', async () => {
    const c = controlled();
    const b = createBatcher(c.run, { max: 3, parallel: 1 });
    const results = [1, 2, 3, 4, 5, 6].map((k) => b.submit(k));
    expect(c.batches).toEqual([[1]]);
    expect(b.load()).toEqual({ waiting: 5, running: 1 });
    c.finish[0]!();
    await tick();
    expect(c.batches).toEqual([[1], [2, 3, 4]]);
    c.finish[1]!();
    await tick();
    expect(c.batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    c.finish[2]!();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(b.load()).toEqual({ waiting: 0, running: 0 });
  });

  it('runs up to `parallel` batches at once', async () => {
    const c = controlled();
    const b = createBatcher(c.run, { max: 2, parallel: 2 });
    const results = [1, 2, 3, 4].map((k) => b.submit(k));
    expect(c.batches).toEqual([[1], [2]]);
    c.finish[1]!();
    await tick();
    expect(c.batches).toEqual([[1], [2], [3, 4]]);
    c.finish[0]!();
    c.finish[2]!();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('puts keys submitted together into one batch, in order, not the first alone beside the rest', async () => {
    const c = controlled();
    const b = createBatcher(c.run, { max: 3, parallel: 2 });
    // One push's texts (a sender's first and second among them): never two batches at once.
    const results = b.submitAll([1, 2, 3, 4]);
    expect(c.batches).toEqual([[1, 2, 3], [4]]);
    c.finish[0]!();
    c.finish[1]!();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4']);
    // With every batch busy they wait together, behind the keys already waiting.
    const d = controlled();
    const e = createBatcher(d.run, { max: 10, parallel: 1 });
    const first = e.submit(1);
    const later = [e.submit(2), ...e.submitAll([3, 4])];
    expect(d.batches).toEqual([[1]]);
    d.finish[0]!();
    await tick();
    expect(d.batches).toEqual([[1], [2, 3, 4]]);
    d.finish[1]!();
    expect(await Promise.all([first, ...later])).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it("fails only the jobs whose result is an error, and every job of a batch that throws or leaves one out", async () => {
    const c = controlled();
    const b = createBatcher(c.run, { max: 5, parallel: 1 });
    const first = b.submit(0);
    const good = b.submit(7);
    const bad = b.submit(-7);
    c.finish[0]!();
    await first;
    await tick();
    expect(c.batches).toEqual([[0], [7, -7]]);
    c.finish[1]!();
    await expect(good).resolves.toBe('r7');
    await expect(bad).rejects.toThrow('bad -7');

    const throwing = createBatcher<number, string>(async () => {
      throw new Error('database away');
    }, { max: 5, parallel: 1 });
    await expect(throwing.submit(1)).rejects.toThrow('database away');

    const forgetful = createBatcher<number, string>(async () => new Map(), { max: 5, parallel: 1 });
    await expect(forgetful.submit(1)).rejects.toThrow('no result');
    // A null result is a result (a message that was not found).
    const nulls = createBatcher<number, string | null>(async (keys) => new Map(keys.map((k) => [k, null])), { max: 5, parallel: 1 });
    await expect(nulls.submit(1)).resolves.toBeNull();
  });
});
