import { z } from 'zod';
import { cleanText } from '../../domain/inbound-text.js';

/**
 * Aliyun's voice receipts by HTTP batch push (docs/aliyun-voice.md, "Receipts"), as the webhook
 * reads them: VoiceReport (one record per finished call: times, duration, status code, keys
 * pressed) and VoiceCallReport (intermediate states; 300000 carries the keys). Both are JSON
 * arrays of snake_case objects; unknown fields are ignored, every field is bounded.
 */
const field = (max: number) => z.string().max(max).transform(cleanText);
const numberish = z.union([field(20), z.number().finite()]);

export const voiceReportItemSchema = z
  .object({
    call_id: field(100).pipe(z.string().min(1)),
    status_code: z.union([field(20), z.number().int()]).transform(String).pipe(z.string().regex(/^\d{1,10}$/, 'not a status code')),
    out_id: field(64).optional(),
    callee: field(40).optional(),
    caller: field(40).optional(),
    duration: numberish.optional(),
    dtmf: field(64).optional(),
    start_time: field(40).optional(),
    end_time: field(40).optional(),
    status_time: field(40).optional(),
    status_msg: field(200).optional(),
    hangup_direction: field(20).optional(),
  })
  .transform((r) => {
    // "10" in the field table, "10秒" in one example: keep the digits.
    const seconds = r.duration === undefined ? null : Number(String(r.duration).replace(/[^\d]/g, '') || '0');
    return { ...r, duration: seconds !== null && seconds < 100_000 ? seconds : null };
  });
export type VoiceReportItem = z.infer<typeof voiceReportItemSchema>;
