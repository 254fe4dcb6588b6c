/**
 * Gathers the inbound jobs that arrive while earlier ones are being handled into batches, so a
 * reply storm costs one transaction per batch rather than one per text (issue #15). An idle
 * batcher starts a job at once, alone if it is alone, so a quiet service answers as fast as
 * ever; the jobs that arrive while batches run form the next batch, up to `max`.
 *
 * When the next batch starts, with fewer than `parallel` running: with `gatherMs` 0, at once
 * (a job arriving while one batch runs starts a second beside it, alone). With `gatherMs` > 0
 * (docs/reply-storm.md, round 5), jobs arriving while a batch runs wait for each other: the
 * next batch starts when a running one ends, when `max` are waiting, or `gatherMs` after the
 * first of them arrived, whichever comes first. Texts handed over by the webhook (round 4)
 * arrive one push at a time and, started at once, made batches of one or two.
 *
 * `run` gets the keys of one batch and answers each key with its result or its error; a key it
 * leaves out, or a `run` that throws, fails those jobs (BullMQ then retries them).
 */
export interface BatcherOptions {
  max: number;
  parallel: number;
  /** How long jobs arriving while a batch runs wait for others before a batch beside it starts; 0: not at all. */
  gatherMs?: number;
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

export function createBatcher<K, R>(run: (keys: K[]) => Promise<Map<K, R | Error>>, { max, parallel, gatherMs = 0 }: BatcherOptions): Batcher<K, R> {
  type Entry = { key: K; resolve: (r: R) => void; reject: (e: Error) => void };
  const waiting: Entry[] = [];
  let running = 0;
  // The jobs waiting have waited `gatherMs` (or a batch ended): the next batch may start.
  let due = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

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
      if (gatherMs > 0 && running > 0 && !due && waiting.length < max) {
        // Batches run and the jobs waiting are fewer than a batch: let them gather, a bounded while.
        timer ??= setTimeout(() => {
          timer = null;
          due = true;
          pump();
        }, gatherMs);
        return;
      }
      due = false;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
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
          // The jobs that waited for this batch to end form the next one, however few.
          due = waiting.length > 0;
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
