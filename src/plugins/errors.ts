import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { hasUnstorableText } from '../domain/inbound-text.js';
import { codeOfZodMessage } from '../domain/error-codes.js';
import { AppError, classifyError, HTTP_STATUS_BY_ERROR, ValidationError, type ErrorCode } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route cleans text itself (webhooks clean each item, so one bad item does not refuse a whole push). */
    cleansOwnText?: boolean;
  }
}

/**
 * The first string in `value` that PostgreSQL could not store (a NUL, a lone surrogate), as
 * the path to it ("body.name", "query.search"); walked without recursion, so any depth is safe.
 */
export function unstorableTextAt(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasUnstorableText(v)) return at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}.${i}`]);
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (hasUnstorableText(k)) return `${at}.${JSON.stringify(k)}`;
        stack.push([x, `${at}.${k}`]);
      }
    }
  }
  return null;
}

/** NUL characters and lone surrogates in a request are refused with a 400 naming the field, before the handler sees them. */
async function refuseUnstorableText(req: FastifyRequest) {
  if (req.routeOptions.config?.cleansOwnText) return;
  const at = unstorableTextAt(req.params, 'params') ?? unstorableTextAt(req.query, 'query') ?? unstorableTextAt(req.body, 'body');
  if (at) throw new ValidationError('request.unstorable_text', `${at}: contains a NUL character or broken UTF-16 (a lone surrogate); send plain UTF-8 text`);
  // In the URL itself too: a parameter the route ignores (and its schema drops) counts.
  if (/%00/i.test(req.url)) throw new ValidationError('request.unstorable_text', 'url: contains a NUL character (%00)');
}

/**
 * A header value with CR, LF or other characters Node refuses would make writeHead throw
 * outside any handler, which ends the process. Routes build headers from validated parts;
 * this is the net under them: such a header is dropped and the request fails as a 500.
 */
async function guardHeaders(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    try {
      validateHeaderName(name);
      if (value !== undefined) for (const v of Array.isArray(value) ? value : [value]) validateHeaderValue(name, String(v));
    } catch (err) {
      req.log.error({ err, header: name }, 'dropped a header with characters HTTP does not allow');
      reply.removeHeader(name);
      if (reply.statusCode >= 300 && reply.statusCode < 400) {
        reply.code(500).type('application/json; charset=utf-8');
        return JSON.stringify({ statusCode: 500, error: 'Internal Server Error', code: 'internal', message: '服务暂时出错，请稍后再试 (internal error)', requestId: req.id });
      }
    }
  }
  return payload;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The code of a refusal fastify itself makes (a body too large, a bad Content-Type…), by its status. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  404: 'route.not_found',
  413: 'request.too_large',
  415: 'request.unsupported_media_type',
  429: 'request.too_many',
};

/**
 * One error shape for every route: { statusCode, error, code, message, requestId, details? }.
 * `code` is one of src/domain/error-codes.ts; the message is English for developers.
 * Validation errors name the field; 5xx bodies never carry internals (they are logged).
 */
export const errorsPlugin = fp(
  async (app) => {
    // Last of each route's preHandlers: after authentication (API keys, console sign-in), so a
    // stranger learns nothing about what a route accepts.
    app.addHook('onRoute', (route) => {
      const own = route.preHandler ? (Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]) : [];
      route.preHandler = [...own, refuseUnstorableText];
    });
    app.addHook('onSend', guardHeaders);
    app.setErrorHandler((raw: FastifyError | AppError | Error, req, reply) => {
      const err = classifyError(raw) ?? raw;
      let statusCode = 500;
      let code: ErrorCode = 'internal';
      let message = '服务暂时出错，请稍后再试 (internal error)';
      let details: unknown;
      if (hasZodFastifySchemaValidationErrors(err)) {
        statusCode = 400;
        code = 'request.invalid';
        const v = err.validation.map((i) => {
          const known = i.message ? codeOfZodMessage(i.message) : undefined;
          return {
            field: `${err.validationContext ?? 'body'}${i.instancePath ? i.instancePath.replaceAll('/', '.') : ''}`,
            message: i.message ?? 'invalid',
            ...(known ? { code: known.code } : {}),
          };
        });
        message = v.map((i) => `${i.field}: ${i.message}`).join('; ');
        details = v;
      } else if (err instanceof AppError) {
        statusCode = HTTP_STATUS_BY_ERROR.get(err.constructor) ?? 500;
        code = err.code;
        message = err.message;
        details = err.details;
      } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode < 500) {
        statusCode = err.statusCode;
        code = CODE_BY_STATUS[statusCode] ?? 'request.rejected';
        message = err.message;
      }
      if (statusCode >= 500) req.log.error({ err: raw }, 'request failed');
      else if (err !== raw) req.log.warn({ statusCode, message, err: raw }, 'request rejected');
      else req.log.info({ statusCode, message }, 'request rejected');
      return reply.status(statusCode).send({
        statusCode,
        error: STATUS_TEXT[statusCode] ?? 'Error',
        code,
        message,
        requestId: req.id,
        ...(details === undefined ? {} : { details }),
      });
    });
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send({ statusCode: 404, error: 'Not Found', code: 'route.not_found', message: `no route ${req.method} ${req.url.split('?')[0]}`, requestId: req.id }),
    );
  },
  { name: 'guiyan-errors' },
);
