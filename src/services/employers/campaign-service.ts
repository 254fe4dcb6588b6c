import type { Config } from '../../config.js';
import type { Db } from '../../db/prisma.js';
import { segmentCost } from '../../domain/send-rules.js';
import { NotFoundError } from '../../errors.js';
import { DELIVERY_COUNTS_SQL, deliveryCounts, SENT_SQL } from './delivery-counts.js';

/** Campaign totals: what was sent, delivered, failed (with reasons), and what it cost. */
export function createCampaignService({ config, db }: { config: Pick<Config, 'SMS_PRICE_PER_SEGMENT'>; db: Db }) {
  return {
    /** What a campaign belongs to, so callers can check the principal may see it. */
    async ownerOf(id: number): Promise<{ openingId: number | null; reminderId: number | null }> {
      const c = await db.campaign.findUnique({ where: { id }, select: { openingId: true, reminderId: true } });
      if (!c) throw new NotFoundError('campaign.not_found', `campaign ${id} not found`, { params: { id } });
      return c;
    },

    async getCampaign(id: number) {
      const campaign = await db.campaign.findUnique({ where: { id } });
      if (!campaign) throw new NotFoundError('campaign.not_found', `campaign ${id} not found`, { params: { id } });
      const [t] = await db.$queryRaw<Record<string, bigint | null>[]>`
        SELECT count(*) AS recipients, ${DELIVERY_COUNTS_SQL},
               count(*) FILTER (WHERE n.status = 'sending') AS sending,
               count(*) FILTER (WHERE ${SENT_SQL} AND n.channel = 'wechat') AS wechat,
               COALESCE(sum(n.resends), 0) AS resends,
               COALESCE(sum(n.segments) FILTER (WHERE ${SENT_SQL}), 0) AS segments
        FROM notifications n WHERE n.campaign_id = ${id}`;
      const reasons = await db.$queryRaw<{ reason: string; count: bigint }[]>`
        SELECT COALESCE(error_code, 'UNKNOWN') AS reason, count(*) AS count FROM notifications
        WHERE campaign_id = ${id} AND status IN ('failed', 'cancelled') GROUP BY 1 ORDER BY 2 DESC, 1`;
      const n = (k: string) => Number(t?.[k] ?? 0);
      const counts = deliveryCounts(t);
      return {
        id: campaign.id,
        kind: campaign.kind,
        openingId: campaign.openingId,
        status: campaign.status,
        error: campaign.error,
        createdAt: campaign.createdAt,
        finishedAt: campaign.finishedAt,
        totals: {
          recipients: n('recipients'),
          // Here waiting is split: queued is not yet picked up, sending is being sent now.
          queued: counts.queued - n('sending'),
          sending: n('sending'),
          sent: counts.sent,
          delivered: counts.delivered,
          byWechat: n('wechat'),
          failed: counts.failed,
          cancelled: counts.cancelled,
          resends: n('resends'),
          segments: n('segments'),
          estimatedCost: segmentCost(n('segments'), config.SMS_PRICE_PER_SEGMENT),
        },
        failures: reasons.map((r) => ({ reason: r.reason, count: Number(r.count) })),
      };
    },
  };
}
