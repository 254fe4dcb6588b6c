import type { Logger } from 'pino';
import { createLogger } from './logger.js';

/**
 * No request may end the process. Handlers and hooks are written not to throw outside a
 * request (redirects and headers are built from validated parts, see src/plugins/errors.ts),
 * and this is the net under them: an error that still escapes (a callback of a library, a
 * promise nobody awaited) is logged and the process keeps serving. Node's default, exiting,
 * would let one crafted request stop the service for everyone.
 */
export function guardProcess(log: Logger): void {
  process.on('uncaughtException', (err, origin) => {
    log.error({ err, origin }, 'uncaught exception: logged, still serving');
  });
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection: logged, still serving');
  });
}

/**
 * Runs an entry point's main(). The guard above keeps a started process serving, so an error
 * while starting (the port taken, a listener refused) would be logged and leave a process that
 * serves nothing, forever. Starting fails loudly instead: the reason is logged and the process
 * exits 1, so its supervisor sees it and restarts or alerts.
 */
export function startOrExit(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    // A logger of its own: the failure may come before the context's. Written synchronously.
    createLogger({ level: 'info' }).fatal({ err }, 'could not start; exiting');
    process.exit(1);
  });
}
