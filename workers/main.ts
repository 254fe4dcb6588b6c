import { loadConfigOrExit, warnInsecureSettings } from '../src/config.js';
import { createContext } from '../src/context.js';
import { buildWorkerHttp, closeServers } from '../src/app.js';
import { guardProcess, startOrExit } from '../src/process-guard.js';
import { startWorkers } from './start-workers.js';
import { warmUp } from '../src/warm-up.js';

/**
 * Worker entry: runs the queue processors without the HTTP server, for scaling sends and
 * matching apart from the API. `WORKER_QUEUES=notify,match` limits which queues it serves;
 * `WORKER_METRICS_PORT` makes it serve its own /metrics, /healthz and /readyz.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const ctx = createContext(config);
  guardProcess(ctx.log);
  warnInsecureSettings(config, ctx.log);
  // The first jobs after a start must not wait on cold connections (src/warm-up.ts).
  await warmUp(ctx, undefined, { workers: true });
  const running = await startWorkers(ctx, config.WORKER_QUEUES);
  const http = config.WORKER_METRICS_PORT ? await buildWorkerHttp(ctx) : null;
  if (http) await http.listen({ port: config.WORKER_METRICS_PORT, host: config.HOST });
  ctx.log.info({ queues: running.workers.map((w) => w.name), metricsPort: config.WORKER_METRICS_PORT || null }, 'guiyan workers running');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'workers shutting down');
    const deadline = setTimeout(() => {
      ctx.log.error('shutdown took longer than SHUTDOWN_TIMEOUT_MS; exiting with work unfinished');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    try {
      // Stop taking jobs first; running jobs finish.
      await running.close();
      // Connections answered while closing are closed then, not after keepAliveTimeout.
      await closeServers(http);
      await ctx.close();
      clearTimeout(deadline);
      process.exit(0);
    } catch (err) {
      ctx.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

startOrExit(main);
