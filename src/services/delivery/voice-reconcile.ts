import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { VoiceProvider } from '../../channels/voice/voice-provider.js';
import { INTERMEDIATE_CODES } from '../../domain/voice-rules.js';
import type { Outbox } from './outbox.js';
import type { VoiceReceiptService } from './voice-receipts.js';

/** Calls looked up per run (QueryCallDetailByCallId allows 100 a second). */
const BATCH = 200;
/** A call record is looked up for this long after the call; after that it stays as it is. */
const LOOKBACK_MS = 3 * 24 * 3600_000;

export interface VoiceReconcileDeps {
  config: Pick<Config, 'VOICE_RECEIPT_WAIT_MS' | 'VOICE_DRIVER'>;
  outbox: Pick<Outbox, 'callsAwaitingReceipt' | 'failUnconfirmedCalls'>;
  voice: Pick<VoiceProvider, 'queryCall'>;
  receipts: Pick<VoiceReceiptService, 'storeVoiceReports'>;
  log: Pick<Logger, 'warn'>;
  now?: () => Date;
}

/**
 * Calls whose outcome is unknown (docs/aliyun-voice.md, "Reconciliation"): a placed call with
 * no receipt after VOICE_RECEIPT_WAIT_MS is looked up by its CallId and the record applied as
 * its receipt; a request whose answer never came (no CallId) is given up, never placed twice.
 */
export function createVoiceReconcile({ config, outbox, voice, receipts, log, now = () => new Date() }: VoiceReconcileDeps) {
  return {
    async run(): Promise<{ looked: number; settled: number; unconfirmed: number }> {
      if (config.VOICE_DRIVER === 'off') return { looked: 0, settled: 0, unconfirmed: 0 };
      const at = now();
      const before = new Date(at.getTime() - config.VOICE_RECEIPT_WAIT_MS);
      const unconfirmed = await outbox.failUnconfirmedCalls(before);
      const rows = await outbox.callsAwaitingReceipt(before, new Date(at.getTime() - LOOKBACK_MS), BATCH);
      let settled = 0;
      for (const r of rows) {
        try {
          const d = await voice.queryCall(r.biz_id, r.sent_at);
          if (!d.state || INTERMEDIATE_CODES.has(d.state)) continue;
          const s = await receipts.storeVoiceReports([
            { call_id: r.biz_id, status_code: d.state, callee: r.phone, duration: d.duration, status_msg: 'QueryCallDetailByCallId', status_time: 'query' },
          ]);
          settled += s.applied;
        } catch (err) {
          log.warn({ err, callId: r.biz_id }, 'call record lookup failed; tried again next run');
        }
      }
      return { looked: rows.length, settled, unconfirmed };
    },
  };
}
