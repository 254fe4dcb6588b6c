import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { createContext, type AppContext, type ContextOverrides } from './context.js';
import { authPlugin } from './plugins/auth.js';
import { contextPlugin } from './plugins/context.js';
import { errorsPlugin } from './plugins/errors.js';
import { jsonBodyPlugin } from './plugins/json-body.js';
import { swaggerPlugin } from './plugins/swagger.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { adminRoutes } from './routes/api/admin.js';
import { caseworkerRoutes } from './routes/api/caseworker.js';
import { employerRoutes } from './routes/api/employer.js';
import { matchRoutes } from './routes/api/matches.js';
import { consoleRoutes } from './routes/console/index.js';
import { healthRoutes } from './routes/health.js';
import { aliyunWebhookRoutes } from './routes/webhooks/aliyun.js';
import { wechatWebhookRoutes } from './routes/webhooks/wechat.js';
import { wechatAes } from './channels/wechat/wechat-crypto.js';
import { sourceAllowHook } from './plugins/webhook-guard.js';
import { adminQueueRoutes, metricsRoutes } from './routes/admin/queues.js';
import { campaignRoutes } from './routes/api/campaigns.js';
import { redactingChildLogger } from './logger.js';
import { routerErrorHandler } from './plugins/router-errors.js';

/** Bytes of an /api/v1 JSON body: the largest (a reminder naming 1,000 workers) is ~15 KB. */
export const API_BODY_LIMIT = 64 * 1024;

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * What every HTTP server of guiyan shares: timeouts against slow or idle clients, and request
 * ids (a caller's X-Request-Id when it looks like one, else our own).
 */
export function serverOptions(config: Config) {
  let seq = 0;
  return {
    // Time to receive a whole request; a client trickling bytes (slowloris) is cut off. Node
    // looks for such requests every connectionsCheckingInterval (30 s by default, which would
    // let one live up to twice the limit).
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: Math.min(config.HTTP_REQUEST_TIMEOUT_MS, 60_000),
      connectionsCheckingInterval: Math.max(250, Math.min(5000, Math.floor(config.HTTP_REQUEST_TIMEOUT_MS / 4))),
    },
    // A socket silent this long is closed; above the longest handler (a survey import).
    connectionTimeout: config.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    // On close, idle keep-alive connections are closed at once, busy ones after their answer.
    forceCloseConnections: 'idle' as const,
    // A path the router cannot read (bad percent-encoding, a 4,000-character segment) is refused
    // in the usual shape, with its request id, before any route's handler is chosen.
    frameworkErrors: routerErrorHandler,
    requestIdHeader: false as const,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : `req-${(++seq).toString(36)}`;
    },
  };
}

export interface BuildAppOptions extends ContextOverrides {
  /** A context shared with in-process workers; when absent the app creates and owns one. */
  ctx?: AppContext;
}

/**
 * The whole HTTP app. Tests build it and use `inject`; src/server.ts builds it and listens.
 * Order: cross-cutting plugins, then routes grouped by caller.
 */
export async function buildApp(config: Config, options: BuildAppOptions = {}) {
  const ctx = options.ctx ?? createContext(config, options);
  const app = Fastify({
    loggerInstance: ctx.log,
    ...serverOptions(config),
    // API bodies are small JSON documents; routes that take more (Aliyun pushes, survey CSV,
    // the console's import form) say so themselves (docs/inbound-limits.md).
    bodyLimit: API_BODY_LIMIT,
    // Who the client is (req.ip, req.protocol) when a proxy or load balancer is in front.
    trustProxy: config.TRUST_PROXY,
    // Request logs never carry webhook tokens, WeChat signatures or other credentials in URLs.
    childLoggerFactory: redactingChildLogger as never,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(contextPlugin, { ctx, owned: !options.ctx });
  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin, { publicBaseUrl: config.PUBLIC_BASE_URL });
  await app.register(jsonBodyPlugin);
  await app.register(authPlugin, { adminKey: config.ADMIN_API_KEY });
  if (config.DOCS_ENABLED) await app.register(swaggerPlugin);

  await app.register(healthRoutes);
  // Push sources (Aliyun, WeChat): from WEBHOOK_ALLOW_CIDRS only, when it is set.
  await app.register(async (pushes) => {
    pushes.addHook('onRequest', sourceAllowHook(config.WEBHOOK_ALLOW_CIDRS));
    await pushes.register(aliyunWebhookRoutes, { prefix: '/webhooks/aliyun', token: config.WEBHOOK_TOKEN });
    await pushes.register(wechatWebhookRoutes, {
      prefix: '/webhooks/wechat',
      token: config.WECHAT_TOKEN,
      aes: config.WECHAT_ENCODING_AES_KEY && config.WECHAT_APP_ID ? wechatAes(config.WECHAT_ENCODING_AES_KEY, config.WECHAT_APP_ID) : null,
      deadlineMs: config.WECHAT_REPLY_DEADLINE_MS,
    });
  });
  await app.register(employerRoutes, { prefix: '/api/v1' });
  await app.register(adminRoutes, { prefix: '/api/v1/admin' });
  await app.register(caseworkerRoutes, { prefix: '/api/v1/caseworker' });
  await app.register(matchRoutes, { prefix: '/api/v1' });
  await app.register(consoleRoutes, { prefix: '/console', config });
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/console', 302));
  await app.register(campaignRoutes, { prefix: '/api/v1' });
  // /metrics on the public port unless it has its own (METRICS_PORT); in production only behind METRICS_TOKEN.
  if (config.METRICS_PORT === 0 && (config.NODE_ENV !== 'production' || config.METRICS_TOKEN)) {
    await app.register(metricsRoutes, { token: config.METRICS_TOKEN });
  }
  await app.register(adminQueueRoutes);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

/**
 * What a worker-only process (`npm run start:workers`) serves: liveness, readiness and its own
 * `/metrics`. Sends, failures and provider latency are counted by the process that made the
 * calls, so without this a separate worker's counters could not be scraped at all.
 */
export async function buildWorkerHttp(ctx: AppContext) {
  const app = Fastify({
    loggerInstance: ctx.log,
    disableRequestLogging: true,
    ...serverOptions(ctx.config),
    bodyLimit: 1024,
    childLoggerFactory: redactingChildLogger as never,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(contextPlugin, { ctx, owned: false });
  await app.register(errorsPlugin);
  await app.register(healthRoutes);
  await app.register(metricsRoutes, { token: ctx.config.METRICS_TOKEN });
  return app;
}

/** The METRICS_PORT listener: /metrics (and liveness) only, for Prometheus on a private address. */
export async function buildMetricsHttp(ctx: AppContext) {
  const app = Fastify({ loggerInstance: ctx.log, disableRequestLogging: true, ...serverOptions(ctx.config), bodyLimit: 1024 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(contextPlugin, { ctx, owned: false });
  await app.register(errorsPlugin);
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(metricsRoutes, { token: ctx.config.METRICS_TOKEN });
  return app;
}

/**
 * Closes HTTP servers built here, however their clients behave. forceCloseConnections: 'idle'
 * closes the keep-alive connections that are idle when close() starts; one whose request is still
 * running becomes idle when it is answered, and would then hold close() open until
 * HTTP_KEEP_ALIVE_TIMEOUT_MS (72 s by default). So idle connections are swept every 100 ms until
 * every server has closed. Used by every process's shutdown and by the tests' teardown.
 */
export async function closeServers(...servers: ({ close(): Promise<unknown>; server: { closeIdleConnections(): void } } | null | undefined)[]): Promise<void> {
  const open = servers.filter((s) => s != null);
  const sweep = setInterval(() => {
    for (const s of open) s.server.closeIdleConnections();
  }, 100);
  try {
    await Promise.all(open.map((s) => s.close()));
  } finally {
    clearInterval(sweep);
  }
}
