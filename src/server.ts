import { buildApp } from './app.js';
import { loadConfigOrExit, warnInsecureSettings } from './config.js';
import { createContext } from './context.js';
import { startWorkers, type RunningWorkers } from '../workers/start-workers.js';

/**
 * HTTP entry: the only place (with workers/main.ts) that reads process.env, listens and
 * handles signals. With RUN_WORKERS=true (npm start) the queue workers run in this process
 * too, which is all a single small machine needs.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const ctx = createContext(config);
  warnInsecureSettings(config, ctx.log);
  const app = await buildApp(config, { ctx });
  let workers: RunningWorkers | undefined;
  if (config.RUN_WORKERS) workers = await startWorkers(ctx);
  await app.listen({ host: config.HOST, port: config.PORT });
  ctx.log.info({ smsDriver: config.SMS_DRIVER, workers: Boolean(workers) }, 'guiyan is running');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      ctx.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    try {
      await app.close(); // stop taking requests first
      await workers?.close(); // then let running jobs finish
      await ctx.close(); // then queues, PostgreSQL, Redis
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

await main();
