import { z } from 'zod';

/** The one error shape every route answers with (src/plugins/errors.ts). */
export const errorSchema = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.string(),
  requestId: z.string(),
  details: z.unknown().optional(),
});
