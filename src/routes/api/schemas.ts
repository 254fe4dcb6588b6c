import { z } from 'zod';
import { rowIdParam } from '../../db/ids.js';

/** Shapes shared by the API route files: the one error body, ids, paging. */
export const errorSchema = z.object({
  statusCode: z.number(),
  error: z.string(),
  code: z.string().describe('What went wrong, as a stable code (opening.not_open, phone.invalid, request.invalid…); programs branch on this'),
  message: z.string().describe('What went wrong and what to do about it, in English for developers; the wording may change'),
  requestId: z.string(),
  details: z.unknown().optional(),
});

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
} as const;

export const idParams = z.object({ id: rowIdParam() });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

/** Query-string booleans: ?returnee=true. */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Query-string lists: ?skills=缝纫,包装 or repeated ?skills=缝纫&skills=包装. */
export const queryList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));

export const idempotencyHeader = z.object({
  'idempotency-key': z.string().optional().describe('Repeat the same POST with the same key and it runs once: the repeat gets the first answer'),
});
