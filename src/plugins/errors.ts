import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, HTTP_STATUS_BY_ERROR } from '../errors.js';

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

/**
 * One error shape for every route: { statusCode, error, message, requestId, details? }.
 * Validation errors name the field; 5xx bodies never carry internals (they are logged).
 */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
      let statusCode = 500;
      let message = '服务暂时出错，请稍后再试 (internal error)';
      let details: unknown;
      if (hasZodFastifySchemaValidationErrors(err)) {
        statusCode = 400;
        const v = err.validation.map((i) => ({
          field: `${err.validationContext ?? 'body'}${i.instancePath ? i.instancePath.replaceAll('/', '.') : ''}`,
          message: i.message ?? 'invalid',
        }));
        message = v.map((i) => `${i.field}: ${i.message}`).join('; ');
        details = v;
      } else if (err instanceof AppError) {
        statusCode = HTTP_STATUS_BY_ERROR.get(err.constructor) ?? 500;
        message = err.message;
        details = err.details;
      } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode < 500) {
        statusCode = err.statusCode;
        message = err.message;
      }
      if (statusCode >= 500) req.log.error({ err }, 'request failed');
      else req.log.info({ statusCode, message }, 'request rejected');
      return reply.status(statusCode).send({
        statusCode,
        error: STATUS_TEXT[statusCode] ?? 'Error',
        message,
        requestId: req.id,
        ...(details === undefined ? {} : { details }),
      });
    });
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${req.url.split('?')[0]}`, requestId: req.id }),
    );
  },
  { name: 'guiyan-errors' },
);
