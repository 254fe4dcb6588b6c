/**
 * The receipt-driven ladder (issue 16 §2, docs/ladder.md), pure: which steps a worker's ladder
 * has, and what to do next with one alert's ladder at a given moment. The service
 * (src/services/delivery/ladder-service.ts) reads the state, asks `decide`, and writes.
 */

export type LadderChannel = 'wechat' | 'sms' | 'voice' | 'call_task';

/** The order of the steps; a worker's ladder is this order minus the steps that do not exist for them. */
export const LADDER_ORDER: readonly LadderChannel[] = ['wechat', 'sms', 'voice', 'call_task'];

/** WeChat's customer-service window: a follower's message opens 48 hours (docs/wechat.md). */
export const WECHAT_WINDOW_MS = 48 * 3600_000;

export interface LadderWorker {
  hasPhone: boolean;
  /** Prefers WeChat and is bound to it. */
  wechatBound: boolean;
  /** The worker's last WeChat message, for the 48-hour window. */
  lastWechatAt: Date | null;
  /** Wants no SMS (workers.sms_off). */
  smsOff: boolean;
  /** Pressed 9 or texted 不要打电话 (workers.calls_stopped_at). */
  callsStopped: boolean;
}

export interface StationFlags {
  /** A call after SMS (ladder_settings.voice). */
  voice: boolean;
  /** A caseworker call task at the end (ladder_settings.call_task). */
  callTask: boolean;
}

/** The steps that exist for this worker now, in ladder order. */
export function ladderSteps(w: LadderWorker, flags: StationFlags, voiceOn: boolean, now: Date): LadderChannel[] {
  const steps: LadderChannel[] = [];
  if (w.wechatBound && w.lastWechatAt && now.getTime() - w.lastWechatAt.getTime() < WECHAT_WINDOW_MS) steps.push('wechat');
  if (w.hasPhone && !w.smsOff) steps.push('sms');
  if (w.hasPhone && voiceOn && flags.voice && !w.callsStopped) steps.push('voice');
  if (flags.callTask) steps.push('call_task');
  return steps;
}

/** A step already taken: its channel and where its message is (null for a call task). */
export interface TakenStep {
  channel: LadderChannel;
  status: 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'cancelled' | null;
  /** When it went (the wait counts from here). */
  sentAt: Date | null;
  /** Set once the step is settled (not current). */
  outcome: string | null;
}

export interface LadderState {
  /** Steps in order; the last is the current one. */
  taken: TakenStep[];
  /** Which steps exist for the worker now (`ladderSteps`). */
  exists: readonly LadderChannel[];
  opening: { status: string; expiresAt: Date | null; dayLabour: boolean; startsAt: Date | null };
  workerStatus: string;
  /** The worker's first text or WeChat message since the alert, if any. */
  repliedAt: Date | null;
  /** How long a step that went waits for a reply (per opening type, `waitFor`). */
  waitMs: number;
}

export type StopReason = 'replied' | 'opening' | 'deadline' | 'worker' | 'cancelled' | 'exhausted';

export type LadderDecision =
  | { type: 'wait'; until: Date | null }
  | { type: 'next'; channel: LadderChannel; trigger: 'failed' | 'no_reply' }
  | { type: 'stop'; reason: StopReason };

/** The wait for an opening type: minutes for day labour, hours for a workshop (config, docs/ladder.md). */
export function waitFor(dayLabour: boolean, cfg: { LADDER_WAIT_DAY_LABOUR_MINUTES: number; LADDER_WAIT_WORKSHOP_HOURS: number }): number {
  return dayLabour ? cfg.LADDER_WAIT_DAY_LABOUR_MINUTES * 60_000 : cfg.LADDER_WAIT_WORKSHOP_HOURS * 3600_000;
}

/**
 * What to do with one ladder now. Stops come first (any reply, the opening no longer open, its
 * deadline — expiry, or the start of day labour —, the worker paused or opted out); then the
 * current step: still going → wait; failed → the next step at once; went (sent, delivered,
 * answered) → the next step once the wait has passed without a reply. The next step is the
 * first existing one not taken yet, so a step is never taken twice whatever its order.
 */
export function decide(s: LadderState, now: Date): LadderDecision {
  const current = s.taken[s.taken.length - 1];
  if (!current) return { type: 'stop', reason: 'exhausted' };
  if (s.repliedAt) return { type: 'stop', reason: 'replied' };
  if (s.opening.status !== 'open') return { type: 'stop', reason: 'opening' };
  if (s.opening.expiresAt && s.opening.expiresAt <= now) return { type: 'stop', reason: 'deadline' };
  if (s.opening.dayLabour && s.opening.startsAt && s.opening.startsAt <= now) return { type: 'stop', reason: 'deadline' };
  if (s.workerStatus !== 'active') return { type: 'stop', reason: 'worker' };
  let trigger: 'failed' | 'no_reply';
  switch (current.status) {
    case 'cancelled':
      return { type: 'stop', reason: 'cancelled' };
    case 'queued':
    case 'sending':
      return { type: 'wait', until: null };
    case 'failed':
      trigger = 'failed';
      break;
    case 'sent':
    case 'delivered': {
      const until = new Date((current.sentAt ?? now).getTime() + s.waitMs);
      if (until > now) return { type: 'wait', until };
      trigger = 'no_reply';
      break;
    }
    default:
      // A call task: the ladder's end.
      return { type: 'stop', reason: 'exhausted' };
  }
  const done = new Set(s.taken.map((t) => t.channel));
  // WeChat is only ever the alert itself: inside its window the alert went that way already.
  const next = s.exists.find((c) => !done.has(c) && c !== 'wechat');
  return next ? { type: 'next', channel: next, trigger } : { type: 'stop', reason: 'exhausted' };
}

const CHANNEL_NAME: Record<LadderChannel, string> = { wechat: '微信', sms: '短信', voice: '电话', call_task: '站里电话' };

/**
 * The call task's reason, as the call list shows it: what each step came to (短信没送达，电话没人接),
 * or the summary 短信和电话都没联系上 when every step failed outright.
 */
export function callTaskReason(steps: { channel: LadderChannel; outcome: string | null }[]): string {
  const tried = steps.filter((s) => s.channel !== 'call_task');
  if (tried.length === 0) return '没有别的办法联系上';
  if (tried.length > 1 && tried.every((s) => s.outcome === 'failed')) return `${tried.map((s) => CHANNEL_NAME[s.channel]).join('和')}都没联系上`;
  return tried
    .map((s) => {
      const name = CHANNEL_NAME[s.channel];
      if (s.outcome === 'failed') return s.channel === 'voice' ? `${name}没人接` : `${name}没送达`;
      return s.channel === 'voice' ? `${name}接了没回话` : `${name}没回`;
    })
    .join('，');
}
