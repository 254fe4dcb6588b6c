import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Preloaded into a server process started by tests (`node --import tsx --import <this>`): it
 * measures the process's event-loop delay and answers the test over the IPC channel. A loop that
 * does not answer at all is blocked, which the test sees from outside.
 */
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

process.on('message', (m: { type?: string; id?: number }) => {
  if (m?.type === 'reset') {
    delay.reset();
    process.send?.({ id: m.id, ok: true });
  } else if (m?.type === 'read') {
    process.send?.({ id: m.id, maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6 });
  }
});
