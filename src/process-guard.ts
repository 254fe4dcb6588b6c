import type { Logger } from 'pino';

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
