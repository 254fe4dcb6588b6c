import type { Logger } from 'pino';
import type { SmsReportItem } from '../../channels/sms/aliyun-push.js';
import type { Outbox } from './outbox.js';
import { normalizePhone } from '../../domain/phone.js';
import type { LadderService } from './ladder-service.js';

/** Receipts applied per statement. */
const REPORT_SLICE = 500;

export interface ReceiptDeps {
  outbox: Pick<Outbox, 'applyReceipts'>;
  /** Failed messages move their ladders on (docs/ladder.md). */
  ladder?: Pick<LadderService, 'afterFailures'>;
  log?: Pick<Logger, 'warn'>;
}

/**
 * Hands failures to the ladder without holding the push's answer (Aliyun's push timeouts are
 * short); whatever this misses, the periodic sweep takes (docs/ladder.md).
 */
export function ladderAfter(ladder: ReceiptDeps['ladder'], log: ReceiptDeps['log'], ids: bigint[]): void {
  if (!ladder || !ids.length) return;
  ladder.afterFailures(ids).catch((error: unknown) => log?.warn({ err: error }, 'ladder step after a failed receipt not taken; the sweep will'));
}

export function createReceiptService({ outbox, ladder, log }: ReceiptDeps) {
  return {
    /**
     * Stores a push of delivery receipts and applies them. Receipts only move a message
     * forward (sending/sent → delivered/failed): a repeat or a late receipt changes nothing.
     */
    async storeReceipts(items: SmsReportItem[]): Promise<{ received: number; stored: number; applied: number }> {
      // A large push goes in slices, so no one statement's JSON holds the event loop for long.
      let stored = 0;
      let applied = 0;
      for (let i = 0; i < items.length; i += REPORT_SLICE) {
        const r = await storeSlice(items.slice(i, i + REPORT_SLICE));
        stored += r.stored;
        applied += r.applied;
      }
      return { received: items.length, stored, applied };
    },
  };

  async function storeSlice(items: SmsReportItem[]): Promise<{ stored: number; applied: number }> {
    if (items.length === 0) return { stored: 0, applied: 0 };
    const rows = items.map((r) => {
      const size = Number(r.sms_size);
      return {
        biz_id: r.biz_id,
        phone: normalizePhone(r.phone_number) ?? r.phone_number,
        success: r.success,
        err_code: r.err_code || (r.success ? 'DELIVERED' : 'UNKNOWN'),
        err_msg: r.err_msg ?? null,
        out_id: r.out_id ?? null,
        sms_size: r.sms_size !== undefined && Number.isInteger(size) && size >= 0 && size < 1000 ? size : null, // segments: a handful, never past int
        report_time: r.report_time ?? '',
        raw: r,
      };
    });
    // One statement per slice: store each report once and apply it (outbox `applyReceipts`).
    const r = await outbox.applyReceipts(rows);
    ladderAfter(ladder, log, r.failedIds);
    return { stored: r.stored, applied: r.applied };
  }
}

export type ReceiptService = ReturnType<typeof createReceiptService>;
