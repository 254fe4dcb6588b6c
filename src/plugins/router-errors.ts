import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../console/html.js';
import { page } from '../console/layout.js';
import { errorSentence, type ErrorCode } from '../domain/error-codes.js';

/** What each error the router raises itself is called (the code gives the console's sentence). */
const ROUTER_ERRORS: Record<string, { status: number; error: string; code: ErrorCode; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, error: 'Bad Request', code: 'url.malformed', message: 'the path is not valid percent-encoded UTF-8' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, error: 'URI Too Long', code: 'url.too_long', message: 'a path segment is too long' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, error: 'Bad Request', code: 'request.unroutable', message: 'the request does not match any route' },
};

/**
 * Fastify's `frameworkErrors`: errors raised while routing, before any plugin's error handler
 * is in reach. Without it fastify answers with its own bare JSON (no request id, JSON even
 * under /console). Here: the usual `{statusCode, error, code, message, requestId}`, or the console's
 * error page for /console paths. The message names no part of the path (it may hold anything).
 */
export function routerErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const known = ROUTER_ERRORS[err.code] ?? { status: 400, error: 'Bad Request', code: 'request.unroutable', message: 'the request could not be routed' };
  req.log.info({ code: err.code, statusCode: known.status }, 'request refused by the router');
  const path = req.raw.url ?? '';
  if (path === '/console' || path.startsWith('/console/') || path.startsWith('/console?')) {
    // No session or CSRF token is read for a request that never reached a route.
    const body = page({ title: '出错了', csrf: '' }, html`<div class="card"><h1>出错了</h1><p class="bad">${errorSentence(known.code)}</p><p><a href="/console">返回概览</a></p></div>`).value;
    return reply.status(known.status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  }
  return reply.status(known.status).send({ statusCode: known.status, error: known.error, code: known.code, message: known.message, requestId: req.id });
}
