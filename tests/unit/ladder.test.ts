import { describe, expect, it } from 'vitest';
import { callTaskReason, decide, ladderSteps, waitFor, type LadderState, type TakenStep } from '../../src/domain/ladder.js';

const NOW = new Date('2026-12-03T03:00:00Z');
const ago = (min: number) => new Date(NOW.getTime() - min * 60_000);
const worker = { hasPhone: true, wechatBound: false, lastWechatAt: null, smsOff: false, callsStopped: false };
const flags = { voice: true, callTask: true };

function state(taken: TakenStep[], over: Partial<LadderState> = {}): LadderState {
  return {
    taken,
    exists: ['sms', 'voice', 'call_task'],
    opening: { status: 'open', expiresAt: null, dayLabour: false, startsAt: null },
    workerStatus: 'active',
    repliedAt: null,
    waitMs: 4 * 3600_000,
    ...over,
  };
}
const sms = (status: TakenStep['status'], sentMinAgo: number | null = 1): TakenStep => ({ channel: 'sms', status, sentAt: sentMinAgo === null ? null : ago(sentMinAgo), outcome: null });

describe('which steps a worker has', () => {
  it('all of them for a worker with a phone in a station with voice and call tasks', () => {
    expect(ladderSteps(worker, flags, true, NOW)).toEqual(['sms', 'voice', 'call_task']);
  });
  it('WeChat only inside the 48-hour window of a bound worker who prefers it', () => {
    expect(ladderSteps({ ...worker, wechatBound: true, lastWechatAt: ago(47 * 60) }, flags, true, NOW)).toEqual(['wechat', 'sms', 'voice', 'call_task']);
    expect(ladderSteps({ ...worker, wechatBound: true, lastWechatAt: ago(49 * 60) }, flags, true, NOW)).toEqual(['sms', 'voice', 'call_task']);
  });
  it('no SMS for a worker who turned SMS off, no call for one who pressed 9, with voice off, or without the station flag', () => {
    expect(ladderSteps({ ...worker, smsOff: true }, flags, true, NOW)).toEqual(['voice', 'call_task']);
    expect(ladderSteps({ ...worker, callsStopped: true }, flags, true, NOW)).toEqual(['sms', 'call_task']);
    expect(ladderSteps(worker, flags, false, NOW)).toEqual(['sms', 'call_task']);
    expect(ladderSteps(worker, { voice: false, callTask: false }, true, NOW)).toEqual(['sms']);
  });
});

describe('the next step', () => {
  it('a failed SMS goes to voice at once; a failed call to the call task', () => {
    expect(decide(state([sms('failed')]), NOW)).toEqual({ type: 'next', channel: 'voice', trigger: 'failed' });
    expect(decide(state([sms('failed'), { channel: 'voice', status: 'failed', sentAt: ago(1), outcome: null }]), NOW)).toEqual({ type: 'next', channel: 'call_task', trigger: 'failed' });
  });
  it('a delivered SMS waits for a reply, then goes on when the wait has passed', () => {
    expect(decide(state([sms('delivered', 60)]), NOW)).toEqual({ type: 'wait', until: new Date(ago(60).getTime() + 4 * 3600_000) });
    expect(decide(state([sms('delivered', 4 * 60)]), NOW)).toEqual({ type: 'next', channel: 'voice', trigger: 'no_reply' });
  });
  it('a step still queued or sending waits without a deadline', () => {
    expect(decide(state([sms('queued', null)]), NOW)).toEqual({ type: 'wait', until: null });
    expect(decide(state([sms('sending', null)]), NOW)).toEqual({ type: 'wait', until: null });
  });
  it('a call first (worker who gets calls) is followed by SMS, never a second call', () => {
    const s = state([{ channel: 'voice', status: 'failed', sentAt: ago(1), outcome: null }]);
    expect(decide(s, NOW)).toEqual({ type: 'next', channel: 'sms', trigger: 'failed' });
  });
  it('after the last existing step the ladder is done', () => {
    expect(decide(state([sms('failed')], { exists: ['sms'] }), NOW)).toEqual({ type: 'stop', reason: 'exhausted' });
  });
});

describe('stops', () => {
  const failed = [sms('failed')];
  it('any reply, the opening filled or closed, its deadline, the worker paused', () => {
    expect(decide(state(failed, { repliedAt: ago(1) }), NOW)).toEqual({ type: 'stop', reason: 'replied' });
    expect(decide(state(failed, { opening: { status: 'filled', expiresAt: null, dayLabour: false, startsAt: null } }), NOW)).toEqual({ type: 'stop', reason: 'opening' });
    expect(decide(state(failed, { opening: { status: 'open', expiresAt: ago(1), dayLabour: false, startsAt: null } }), NOW)).toEqual({ type: 'stop', reason: 'deadline' });
    expect(decide(state(failed, { opening: { status: 'open', expiresAt: null, dayLabour: true, startsAt: ago(1) } }), NOW)).toEqual({ type: 'stop', reason: 'deadline' });
    expect(decide(state(failed, { workerStatus: 'paused' }), NOW)).toEqual({ type: 'stop', reason: 'worker' });
  });
  it('a step cancelled at sending ends the ladder', () => {
    expect(decide(state([sms('cancelled', null)]), NOW)).toEqual({ type: 'stop', reason: 'cancelled' });
  });
});

describe('waits and reasons', () => {
  it('minutes for day labour, hours for a workshop', () => {
    const cfg = { LADDER_WAIT_DAY_LABOUR_MINUTES: 20, LADDER_WAIT_WORKSHOP_HOURS: 4 };
    expect(waitFor(true, cfg)).toBe(20 * 60_000);
    expect(waitFor(false, cfg)).toBe(4 * 3600_000);
  });
  it('the call task says what each step came to', () => {
    expect(callTaskReason([{ channel: 'sms', outcome: 'failed' }, { channel: 'voice', outcome: 'failed' }])).toBe('短信和电话都没联系上');
    expect(callTaskReason([{ channel: 'sms', outcome: 'no_reply' }, { channel: 'voice', outcome: 'failed' }])).toBe('短信没回，电话没人接');
    expect(callTaskReason([{ channel: 'wechat', outcome: 'no_reply' }, { channel: 'sms', outcome: 'failed' }])).toBe('微信没回，短信没送达');
    expect(callTaskReason([{ channel: 'voice', outcome: 'failed' }])).toBe('电话没人接');
  });
});
