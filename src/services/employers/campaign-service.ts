import type { Config } from '../../config.js';
import type { Db } from '../../db/prisma.js';
import { segmentCost } from '../../domain/send-rules.js';
import { NotFoundError } from '../../errors.js';

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
        SELECT count(*) AS recipients,
               count(*) FILTER (WHERE status = 'queued') AS queued,
               count(*) FILTER (WHERE status = 'sending') AS sending,
               count(*) FILTER (WHERE status IN ('sent', 'delivered')) AS sent,
               count(*) FILTER (WHERE status = 'delivered') AS delivered,
               count(*) FILTER (WHERE status IN ('sent', 'delivered') AND channel = 'wechat') AS wechat,
               count(*) FILTER (WHERE status = 'failed') AS failed,
               count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
               COALESCE(sum(resends), 0) AS resends,
               COALESCE(sum(segments) FILTER (WHERE status IN ('sent', 'delivered')), 0) AS segments
        FROM notifications WHERE campaign_id = ${id}`;
      const reasons = await db.$queryRaw<{ reason: string; count: bigint }[]>`
        SELECT COALESCE(error_code, 'UNKNOWN') AS reason, count(*) AS count FROM notifications
        WHERE campaign_id = ${id} AND status IN ('failed', 'cancelled') GROUP BY 1 ORDER BY 2 DESC, 1`;
      const n = (k: string) => Number(t?.[k] ?? 0);
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
          queued: n('queued'),
          sending: n('sending'),
          sent: n('sent'),
          delivered: n('delivered'),
          byWechat: n('wechat'),
          failed: n('failed'),
          cancelled: n('cancelled'),
          resends: n('resends'),
          segments: n('segments'),
          estimatedCost: segmentCost(n('segments'), config.SMS_PRICE_PER_SEGMENT),
        },
        failures: reasons.map((r) => ({ reason: r.reason, count: Number(r.count) })),
      };
    },
  };
}
