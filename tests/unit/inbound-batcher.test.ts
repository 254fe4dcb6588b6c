import { afterEach, describe, expect, it, vi } from 'vitest';
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

  describe('gathering while batches run (gatherMs, docs/reply-storm.md round 5)', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('starts a lone text at once when idle, as without gathering', async () => {
      vi.useFakeTimers();
      const c = controlled();
      const b = createBatcher(c.run, { max: 10, parallel: 2, gatherMs: 2 });
      const p = b.submit(1);
      expect(c.batches).toEqual([[1]]);
      c.finish[0]!();
      await expect(p).resolves.toBe('r1');
      // Idle again: the next lone text starts at once too.
      const q = b.submit(2);
      expect(c.batches).toEqual([[1], [2]]);
      c.finish[1]!();
      await expect(q).resolves.toBe('r2');
    });

    it('groups texts arriving while a batch runs, and starts them beside it after gatherMs', async () => {
      vi.useFakeTimers();
      const c = controlled();
      const b = createBatcher(c.run, { max: 10, parallel: 2, gatherMs: 2 });
      const results = [b.submit(1)];
      results.push(b.submit(2));
      await vi.advanceTimersByTimeAsync(1);
      results.push(...b.submitAll([3, 4]));
      // A slot is free, but the texts wait for each other rather than start one by one.
      expect(c.batches).toEqual([[1]]);
      expect(b.load()).toEqual({ waiting: 3, running: 1 });
      await vi.advanceTimersByTimeAsync(1);
      // gatherMs after the first of them arrived: one batch of all three, beside the first.
      expect(c.batches).toEqual([[1], [2, 3, 4]]);
      c.finish[0]!();
      c.finish[1]!();
      expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4']);
    });

    it('starts the texts that waited as soon as a running batch ends, before gatherMs', async () => {
      vi.useFakeTimers();
      const c = controlled();
      const b = createBatcher(c.run, { max: 10, parallel: 2, gatherMs: 50 });
      const first = b.submit(1);
      const later = [b.submit(2), b.submit(3)];
      expect(c.batches).toEqual([[1]]);
      c.finish[0]!();
      await first;
      await vi.advanceTimersByTimeAsync(0);
      expect(c.batches).toEqual([[1], [2, 3]]);
      // The timer armed for them is gone: nothing starts later on its own.
      await vi.advanceTimersByTimeAsync(100);
      expect(c.batches).toEqual([[1], [2, 3]]);
      c.finish[1]!();
      expect(await Promise.all(later)).toEqual(['r2', 'r3']);
    });

    it('starts a full batch at once, and holds each batch to max', async () => {
      vi.useFakeTimers();
      const c = controlled();
      const b = createBatcher(c.run, { max: 3, parallel: 2, gatherMs: 50 });
      const results = [b.submit(1), b.submit(2), b.submit(3)];
      expect(c.batches).toEqual([[1]]);
      results.push(b.submit(4));
      // max waiting: the second slot takes them without waiting for the timer.
      expect(c.batches).toEqual([[1], [2, 3, 4]]);
      results.push(...b.submitAll([5, 6, 7, 8]));
      // Both slots busy: they wait, whatever the timer, for a batch to end.
      await vi.advanceTimersByTimeAsync(100);
      expect(c.batches).toEqual([[1], [2, 3, 4]]);
      c.finish[1]!();
      await vi.advanceTimersByTimeAsync(0);
      expect(c.batches).toEqual([[1], [2, 3, 4], [5, 6, 7]]);
      c.finish[0]!();
      await vi.advanceTimersByTimeAsync(0);
      expect(c.batches).toEqual([[1], [2, 3, 4], [5, 6, 7], [8]]);
      c.finish[2]!();
      c.finish[3]!();
      expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
      expect(b.load()).toEqual({ waiting: 0, running: 0 });
    });

    it("keeps each sender's texts in arrival order, one push's texts together", async () => {
      vi.useFakeTimers();
      const c = controlled();
      const b = createBatcher(c.run, { max: 4, parallel: 2, gatherMs: 2 });
      // Keys: sender * 10 + the sender's text number. Pushes arrive while a batch runs.
      const all = [b.submit(11), ...b.submitAll([21, 12]), ...b.submitAll([31, 22, 13])];
      await vi.advanceTimersByTimeAsync(2);
      expect(c.batches).toEqual([[11], [21, 12, 31, 22]]);
      c.finish[0]!();
      await vi.advanceTimersByTimeAsync(0);
      expect(c.batches).toEqual([[11], [21, 12, 31, 22], [13]]);
      c.finish[1]!();
      c.finish[2]!();
      await Promise.all(all);
      // Every sender's texts appear in batches in the order they were sent.
      const order = c.batches.flat();
      for (const sender of [1, 2, 3]) {
        const mine = order.filter((k) => Math.floor(k / 10) === sender);
        expect(mine).toEqual([...mine].sort((x, y) => x - y));
      }
    });

    it('with gatherMs 0 starts a batch beside a running one at once, as before', () => {
      const c = controlled();
      const b = createBatcher(c.run, { max: 10, parallel: 2, gatherMs: 0 });
      void b.submit(1);
      void b.submit(2);
      expect(c.batches).toEqual([[1], [2]]);
    });
  });
});
