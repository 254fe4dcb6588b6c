import type { Logger } from 'pino';
import type { SmsUpItem } from '../../channels/sms/aliyun-push.js';
import type { VoiceReportItem } from '../../channels/voice/voice-push.js';
import { normalizePhone } from '../../domain/phone.js';
import { INTERMEDIATE_CODES, callOutcome, keyChoice } from '../../domain/voice-rules.js';
import type { Outbox } from './outbox.js';
import type { VoiceReportRow } from './outbox-rows.js';
import { ladderAfter } from './receipts.js';
import type { LadderService } from './ladder-service.js';

/** Receipts applied per statement. */
const REPORT_SLICE = 500;

export interface VoiceReceiptDeps {
  outbox: Pick<Outbox, 'applyVoiceReports' | 'stopCalls'>;
  /** The path a text takes: a 1 pressed in a call enters it as the text BM<code> from that phone. */
  inbound: { storeSmsUp(items: SmsUpItem[]): Promise<unknown> };
  log: Pick<Logger, 'info' | 'warn'>;
  /** Calls that failed (not answered, unreachable…) move their ladders on (docs/ladder.md). */
  ladder?: Pick<LadderService, 'afterFailures'>;
}

/** A receipt as stored: the same receipt pushed twice has the same key. */
export function voiceReportRow(r: VoiceReportItem): VoiceReportRow {
  const time = r.end_time ?? r.status_time ?? r.start_time ?? '';
  const final = !INTERMEDIATE_CODES.has(r.status_code);
  const outcome = callOutcome(r.status_code);
  return {
    dedupe_key: [r.call_id, r.status_code, r.dtmf ?? '', time].join('|').slice(0, 300),
    call_id: r.call_id,
    out_id: r.out_id || null,
    phone: r.callee ? (normalizePhone(r.callee) ?? r.callee) : null,
    status_code: r.status_code,
    dtmf: r.dtmf || null,
    duration: r.duration,
    report_time: time,
    final,
    answered: final && outcome.answered,
    reason: final && !outcome.answered ? `${outcome.reason}${r.status_msg ? `（${r.status_msg}）` : ''}` : null,
    raw: r,
  };
}

/**
 * Call receipts (VoiceReport and VoiceCallReport pushes, or what the reconciler looked up):
 * each stored once, then applied to its call; the keys pressed act once, on the receipt that
 * first brings them: 1 is an application exactly as the text BM<code> is (the employer is told
 * by that path), 2 records nothing, 9 stops calls to the worker (SMS is untouched).
 */
export function createVoiceReceiptService({ outbox, inbound, log, ladder }: VoiceReceiptDeps) {
  return {
    async storeVoiceReports(items: VoiceReportItem[]): Promise<{ received: number; stored: number; applied: number; keys: number }> {
      let stored = 0;
      let applied = 0;
      let keys = 0;
      for (let i = 0; i < items.length; i += REPORT_SLICE) {
        const fresh = await outbox.applyVoiceReports(items.slice(i, i + REPORT_SLICE).map(voiceReportRow));
        stored += fresh.length;
        applied += fresh[0]?.applied ?? 0;
        ladderAfter(ladder, log, (fresh[0]?.failed_ids ?? []).map(BigInt));
        const applications: SmsUpItem[] = [];
        for (const r of fresh) {
          const choice = keyChoice(r.dtmf);
          if (!choice || choice === 'decline') continue;
          if (!r.notification_id || !r.phone) {
            log.warn({ callId: r.call_id }, 'keys pressed in a call we have no record of; ignored');
            continue;
          }
          keys += 1;
          if (choice === 'stop_calls' && r.worker_id !== null) await outbox.stopCalls(r.worker_id);
          // One application per call, whichever receipt brings the key first (the id is the call's).
          if (choice === 'apply' && r.opening_code) applications.push({ phone_number: r.phone, content: `BM${r.opening_code}`, sequence_id: `voice-${r.call_id}` });
        }
        if (applications.length) await inbound.storeSmsUp(applications);
      }
      return { received: items.length, stored, applied, keys };
    },
  };
}

export type VoiceReceiptService = ReturnType<typeof createVoiceReceiptService>;
