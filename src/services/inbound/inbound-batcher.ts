/**
 * Gathers the inbound jobs that arrive while earlier ones are being handled into batches, so a
 * reply storm costs one transaction per batch rather than one per text (issue #15). Nothing
 * waits on purpose: with fewer than `parallel` batches running, a job starts at once, alone if
 * it is alone; the jobs that arrive meanwhile form the next batch, up to `max`. So a quiet
 * service answers as fast as before, and a busy one answers more per round trip.
 *
 * `run` gets the keys of one batch and answers each key with its result or its error; a key it
 * leaves out, or a `run` that throws, fails those jobs (BullMQ then retries them).
 */
export interface BatcherOptions {
  max: number;
  parallel: number;
}

export interface Batcher<K, R> {
  submit(key: K): Promise<R>;
  /**
   * Several keys at once, in order, before a batch is formed: they go into one batch (up to
   * `max`) rather than the first alone and the rest in the next, which could run at the same
   * time and read a sender's second text before its first (docs/reply-storm.md, round 4).
   */
  submitAll(keys: readonly K[]): Promise<R>[];
  /** Jobs waiting for a batch, and batches running (for metrics and tests). */
  load(): { waiting: number; running: number };
}

export function createBatcher<K, R>(run: (keys: K[]) => Promise<Map<K, R | Error>>, { max, parallel }: BatcherOptions): Batcher<K, R> {
  type Entry = { key: K; resolve: (r: R) => void; reject: (e: Error) => void };
  const waiting: Entry[] = [];
  let running = 0;

  function settle(batch: Entry[], results: Map<K, R | Error>): void {
    for (const e of batch) {
      if (!results.has(e.key)) e.reject(new Error('inbound batch gave no result for this message'));
      else {
        const r = results.get(e.key) as R | Error;
        if (r instanceof Error) e.reject(r);
        else e.resolve(r);
      }
    }
  }

  function pump(): void {
    while (running < parallel && waiting.length) {
      const batch = waiting.splice(0, max);
      running++;
      run(batch.map((e) => e.key))
        .then(
          (results) => settle(batch, results),
          (err: unknown) => {
            const error = err instanceof Error ? err : new Error(String(err));
            for (const e of batch) e.reject(error);
          },
        )
        .finally(() => {
          running--;
          pump();
        });
    }
  }

  function submitAll(keys: readonly K[]): Promise<R>[] {
    const out = keys.map((key) => new Promise<R>((resolve, reject) => waiting.push({ key, resolve, reject })));
    pump();
    return out;
  }

  return {
    submit(key: K): Promise<R> {
      return submitAll([key])[0]!;
    },
    submitAll,
    load: () => ({ waiting: waiting.length, running }),
  };
}
