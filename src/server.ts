import { buildApp, buildMetricsHttp, closeServers } from './app.js';
import { loadConfigOrExit, warnInsecureSettings } from './config.js';
import { createContext } from './context.js';
import { warmUp } from './warm-up.js';
import { guardProcess, startOrExit } from './process-guard.js';
import { startWorkers, type RunningWorkers } from '../workers/start-workers.js';

/**
 * HTTP entry: the only place (with workers/main.ts) that reads process.env, listens and
 * handles signals. With RUN_WORKERS=true (npm start) the queue workers run in this process
 * too, which is all a single small machine needs.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const ctx = createContext(config);
  guardProcess(ctx.log);
  warnInsecureSettings(config, ctx.log);
  const app = await buildApp(config, { ctx });
  const metricsHttp = config.METRICS_PORT ? await buildMetricsHttp(ctx) : null;
  // Before listening: the first pushes after a start must not wait on cold connections.
  await warmUp(ctx, app, { workers: config.RUN_WORKERS });
  // Listen whatever Redis is doing: /healthz answers, /readyz says what is missing.
  await app.listen({ host: config.HOST, port: config.PORT });
  if (metricsHttp) await metricsHttp.listen({ host: config.METRICS_HOST, port: config.METRICS_PORT });
  let workers: RunningWorkers | undefined;
  if (config.RUN_WORKERS) workers = await startWorkers(ctx);
  ctx.log.info({ smsDriver: config.SMS_DRIVER, workers: Boolean(workers), metricsPort: config.METRICS_PORT || null, docs: config.DOCS_ENABLED }, 'guiyan is running');
  if (config.NODE_ENV === 'production' && !config.METRICS_PORT && !config.METRICS_TOKEN) {
    ctx.log.warn('/metrics is not served: in production set METRICS_PORT (a private port) or METRICS_TOKEN');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutting down');
    const deadline = setTimeout(() => {
      ctx.log.error('shutdown took longer than SHUTDOWN_TIMEOUT_MS; exiting with work unfinished');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    try {
      // Stop taking jobs first (running ones finish), and at the same time stop taking requests:
      // idle keep-alive connections close now, requests in flight are answered.
      const jobs = workers?.close().then(() => ctx.log.info('workers stopped taking jobs; running jobs finished'));
      ctx.log.info('workers stop taking jobs');
      // Connections answered while closing are closed then, not after keepAliveTimeout.
      await Promise.all([jobs, closeServers(app, metricsHttp)]);
      await ctx.close(); // then queues, PostgreSQL, Redis
      clearTimeout(deadline);
      ctx.log.info('shut down cleanly');
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
