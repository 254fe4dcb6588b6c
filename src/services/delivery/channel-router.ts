import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../db/prisma.js';
import type { WechatClient } from '../../channels/wechat/wechat-client.js';
import type { WecomRobotClient } from '../../channels/wechat/wecom-robot.js';
import type { Metrics } from '../../metrics.js';
import type { Outbox } from './outbox.js';
import type { ClaimedRow } from './outbox-rows.js';
import type { SendPacing } from './send-pacing.js';

/** A claimed message with its variables parsed (equal variables are one object). */
export type Claimed = Omit<ClaimedRow, 'params_json' | 'cancel'> & { template_params: Record<string, string> };

/**
 * Whether a message may go by something other than SMS: an alert or reminder to a worker who
 * prefers WeChat and is bound (the claim fills `wechat_open_id` only then), or an applicant
 * notice (its workshop may have a WeCom group robot). Everything else goes straight to SMS.
 */
export const mayRoute = (c: Claimed): boolean => c.wechat_open_id !== null || c.kind === 'employer_notice';

export interface ChannelRouterDeps {
  config: Pick<Config, 'WECHAT_ALERT_TEMPLATE_ID'>;
  db: Db;
  outbox: Pick<Outbox, 'markTryingWechat' | 'markSentFree' | 'fallBackToSms'>;
  /** Null when WeChat is not configured: everything goes by SMS. */
  wechat: WechatClient | null;
  wecom: WecomRobotClient;
  pacing: Pick<SendPacing, 'robotSlot'>;
  metrics: Pick<Metrics, 'smsSent' | 'providerCalls' | 'providerLatency'>;
  log: Pick<Logger, 'warn'>;
}

/** WeChat sends one message per call: a few at a time per job. */
const WECHAT_PARALLEL = 8;

/**
 * WeChat → WeCom → SMS: sends what another channel can take, and returns what must still go
 * by SMS (in order: messages never routed, then WeChat's refusals).
 */
export function createChannelRouter({ config, db, outbox, wechat, wecom, pacing, metrics, log }: ChannelRouterDeps) {
  /**
   * Customer-service text inside the 48-hour window, else the alert template message. What
   * WeChat refuses (out of window without a template, unfollowed, failed) comes back for SMS.
   * WeChat has no lookup like QuerySendDetails: a message is marked `wechat` before its call, and
   * one a crash leaves in `sending` is sent again after the reconciler's delay (at worst a second
   * WeChat message, never a second paid SMS).
   */
  async function sendByWechat(client: WechatClient, rows: Claimed[]): Promise<{ sent: number; rest: Claimed[] }> {
    await outbox.markTryingWechat(rows.map((r) => r.id));
    const rest: Claimed[] = [];
    let sent = 0;
    let next = 0;
    const one = async (r: Claimed) => {
      const end = metrics.providerLatency.startTimer({ operation: 'WechatSend' });
      let result = await client.sendText(r.wechat_open_id!, r.content);
      if (!result.ok && result.outOfWindow && config.WECHAT_ALERT_TEMPLATE_ID) {
        result = await client.sendTemplate(r.wechat_open_id!, config.WECHAT_ALERT_TEMPLATE_ID, r.template_params);
      }
      end();
      metrics.providerCalls.inc({ operation: 'WechatSend', outcome: result.ok ? 'ok' : result.outOfWindow ? 'out_of_window' : 'error' });
      if (result.ok) {
        await outbox.markSentFree(r.id, result.msgId ?? null);
        metrics.smsSent.inc({ kind: `${r.kind}_wechat` });
        sent += 1;
        return;
      }
      await outbox.fallBackToSms(r.id, `WECHAT_${result.errcode}`, `WeChat: ${result.errmsg}; sent by SMS instead`);
      rest.push(r);
    };
    await Promise.all(
      Array.from({ length: Math.min(WECHAT_PARALLEL, rows.length) }, async () => {
        while (next < rows.length) await one(rows[next++]!);
      }),
    );
    return { sent, rest };
  }

  /** One notice to a WeCom group robot, paced per robot; false when it must go by SMS instead. */
  async function sendByRobot(key: string, n: Claimed): Promise<boolean> {
    await outbox.markTryingWechat([n.id]);
    const end = metrics.providerLatency.startTimer({ operation: 'WecomRobot' });
    const r = await wecom.sendText(key, n.content, () => pacing.robotSlot(key));
    end();
    metrics.providerCalls.inc({ operation: 'WecomRobot', outcome: r.ok ? 'ok' : 'error' });
    if (r.ok) {
      await outbox.markSentFree(n.id);
      return true;
    }
    log.warn({ errcode: r.errcode, errmsg: r.errmsg }, 'WeCom robot refused a notice; sending it by SMS');
    await outbox.fallBackToSms(n.id, `WECOM_${r.errcode}`, `WeCom robot: ${r.errmsg}; sent by SMS instead`);
    return false;
  }

  return {
    async route(claimed: Claimed[]): Promise<{ sent: number; bySms: Claimed[] }> {
      let sent = 0;
      // WeChat first for workers who prefer it and are bound; what WeChat cannot take goes by SMS.
      const bySms: Claimed[] = wechat ? claimed.filter((c) => !c.wechat_open_id) : [...claimed];
      if (wechat && bySms.length < claimed.length) {
        const fallback = await sendByWechat(wechat, claimed.filter((c) => c.wechat_open_id));
        sent += fallback.sent;
        bySms.push(...fallback.rest);
      }

      // Applicant notices go to the workshop's WeCom group robot when it configured one.
      const notices = bySms.filter((c) => c.kind === 'employer_notice' && c.phone);
      if (notices.length) {
        const robots = await db.$queryRaw<{ phone: string; key: string }[]>`
          SELECT DISTINCT ON (contact_phone) contact_phone AS phone, wecom_robot_key AS key FROM workshops
          WHERE contact_phone = ANY(${notices.map((n) => n.phone!)}::text[]) AND wecom_robot_key IS NOT NULL
          ORDER BY contact_phone, id DESC`;
        const keyOf = new Map(robots.map((r) => [r.phone, r.key]));
        for (const n of notices.filter((x) => keyOf.has(x.phone!))) {
          if (await sendByRobot(keyOf.get(n.phone!)!, n)) {
            sent += 1;
            bySms.splice(bySms.indexOf(n), 1);
          }
        }
      }
      return { sent, bySms };
    },
  };
}

export type ChannelRouter = ReturnType<typeof createChannelRouter>;
