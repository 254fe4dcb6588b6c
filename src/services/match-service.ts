import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { Prisma, type Db } from '../db/prisma.js';
import { GENERAL_LABOUR, reachPrefix, type WorkFormName } from '../domain/matching.js';
import { renderMessage } from '../domain/message-templates.js';
import { formatWage, shortPlaceName } from '../domain/opening-format.js';
import { deferredSendTime } from '../domain/quiet-hours.js';
import { countSegments, withSignature } from '../domain/sms-segments.js';
import { PRIORITY } from '../queues/catalog.js';
import type { QueueClient } from '../queues/queue-client.js';

/** SendSms carries up to 1,000 numbers that share variables: one notify job per call. */
export const NOTIFY_CHUNK = 1000;

export interface MatchDeps {
  config: Pick<Config, 'ALIYUN_SMS_SIGN_NAME' | 'SMS_TEMPLATE_CODES' | 'QUIET_HOURS'>;
  db: Db;
  queues: Pick<QueueClient, 'addBulk' | 'add'>;
  log: Pick<Logger, 'info' | 'warn'>;
  now?: () => Date;
}

interface OpeningForMatch {
  id: number;
  code: string;
  title: string;
  skills: string[];
  wageMin: number;
  wageMax: number;
  wageUnit: 'month' | 'day' | 'hour' | 'piece';
  workshop: { name: string; form: WorkFormName; divisionCode: string };
}

/**
 * The SQL form of domain/matching.ts `isMatch`, plus "not already alerted for this opening"
 * and "not already applied". Kept beside the pure predicate's tests by the integration tests.
 */
function matchWhere(o: OpeningForMatch): Prisma.Sql {
  const reach = reachPrefix(o.workshop.form, o.workshop.divisionCode);
  const skills = o.skills.filter((s) => s !== GENERAL_LABOUR);
  const skillSql =
    skills.length === 0
      ? Prisma.sql`(cardinality(w.skills) = 0 OR ${GENERAL_LABOUR} = ANY(w.skills))`
      : Prisma.sql`w.skills && ${skills}::text[]`;
  return Prisma.sql`
    w.status = 'active' AND w.phone IS NOT NULL AND NOT w.phone_invalid
    AND w.division_code IS NOT NULL
    AND (w.division_code LIKE ${`${reach}%`} OR ${o.workshop.divisionCode} LIKE w.division_code || '%')
    AND ${skillSql}
    AND NOT EXISTS (
      SELECT 1 FROM notifications n JOIN campaigns c ON c.id = n.campaign_id
      WHERE c.opening_id = ${o.id} AND n.worker_id = w.id)
    AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.opening_id = ${o.id} AND a.worker_id = w.id)`;
}

export function createMatchService({ config, db, queues, log, now = () => new Date() }: MatchDeps) {
  async function loadOpening(openingId: number): Promise<OpeningForMatch | null> {
    return db.opening.findUnique({
      where: { id: openingId },
      select: {
        id: true,
        code: true,
        title: true,
        skills: true,
        wageMin: true,
        wageMax: true,
        wageUnit: true,
        workshop: { select: { name: true, form: true, divisionCode: true } },
      },
    });
  }

  /** "元阳新街镇": the workshop's township (or county) with its county, short enough for an SMS. */
  async function placeLabel(divisionCode: string): Promise<string> {
    const prefixes = [divisionCode.slice(0, 6), divisionCode.slice(0, 9)].filter((c) => c.length <= divisionCode.length);
    const rows = await db.division.findMany({ where: { code: { in: prefixes } }, select: { code: true, name: true } });
    const county = rows.find((r) => r.code.length === 6)?.name ?? null;
    const township = rows.find((r) => r.code.length === 9)?.name;
    return township ? shortPlaceName(county, township) : (county ?? '');
  }

  async function alertFor(o: OpeningForMatch) {
    const rendered = renderMessage(
      'job_alert',
      {
        workshop: o.workshop.name,
        place: await placeLabel(o.workshop.divisionCode),
        title: o.title,
        wage: formatWage(o.wageMin, o.wageMax, o.wageUnit),
        code: o.code,
      },
      config.SMS_TEMPLATE_CODES,
    );
    return { rendered, segments: countSegments(withSignature(config.ALIYUN_SMS_SIGN_NAME, rendered.text)) };
  }

  return {
    /** Re-queues broadcasts whose match job never reached Redis (the API answered 5xx). */
    async requeuePending(olderThanMs = 60_000): Promise<number> {
      const stale = await db.campaign.findMany({
        where: { status: 'pending', kind: 'opening_broadcast', createdAt: { lt: new Date(now().getTime() - olderThanMs) } },
        select: { id: true },
        take: 100,
      });
      for (const c of stale) await queues.add('match', { campaignId: c.id }, { jobId: `match-${c.id}` });
      return stale.length;
    },

    /** How many workers a broadcast would alert now (the dry run). */
    async countMatches(openingId: number): Promise<number> {
      const o = await loadOpening(openingId);
      if (!o) return 0;
      const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM workers w WHERE ${matchWhere(o)}`;
      return Number(rows[0]?.n ?? 0);
    },

    /**
     * Matches a campaign's opening and queues its alerts. Safe to run again after a crash:
     * notifications are unique per (campaign, worker), and a notification is sent only by
     * the job that moves it out of `queued`.
     */
    async runCampaign(campaignId: number): Promise<{ matched: number; jobs: number }> {
      const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
      if (!campaign || !campaign.openingId) throw new Error(`campaign ${campaignId} has no opening`);
      if (campaign.status === 'cancelled' || campaign.status === 'completed') return { matched: 0, jobs: 0 };
      const o = await loadOpening(campaign.openingId);
      if (!o) throw new Error(`opening ${campaign.openingId} not found`);
      const { rendered, segments } = await alertFor(o);
      await db.campaign.update({ where: { id: campaignId }, data: { status: 'matching', templateCode: rendered.templateCode } });

      await db.$executeRaw`
        INSERT INTO notifications (campaign_id, worker_id, kind, channel, phone, template_code, template_params, content, segments, status, updated_at)
        SELECT ${campaignId}, w.id, 'alert', 'sms', w.phone, ${rendered.templateCode}, ${JSON.stringify(rendered.params)}::jsonb,
               ${rendered.text}, ${segments}, 'queued', now()
        FROM workers w WHERE ${matchWhere(o)}
        ORDER BY w.last_alert_at ASC NULLS FIRST, w.id
        ON CONFLICT (campaign_id, worker_id) DO NOTHING`;

      const queued = await db.notification.findMany({
        where: { campaignId, status: 'queued' },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      const matched = await db.notification.count({ where: { campaignId } });
      const start = now();
      const chunks: bigint[][] = [];
      for (let i = 0; i < queued.length; i += NOTIFY_CHUNK) chunks.push(queued.slice(i, i + NOTIFY_CHUNK).map((q) => q.id));
      await queues.addBulk(
        'notify',
        chunks.map((ids, i) => {
          // Alerts never go out in quiet hours: each chunk waits for the morning, spread out.
          const sendAt = deferredSendTime(start, config.QUIET_HOURS, chunks.length > 1 ? i / chunks.length : 0);
          return {
            payload: { notificationIds: ids.map(String) },
            opts: { jobId: `c${campaignId}-${ids[0]}`, priority: PRIORITY.alert, delay: Math.max(0, sendAt.getTime() - start.getTime()) },
          };
        }),
      );
      await db.campaign.update({
        where: { id: campaignId },
        data: matched === 0 ? { status: 'completed', matched, finishedAt: new Date() } : { status: 'sending', matched },
      });
      log.info({ campaignId, openingId: o.id, matched, jobs: chunks.length }, 'campaign matched');
      return { matched, jobs: chunks.length };
    },
  };
}

export type MatchService = ReturnType<typeof createMatchService>;
