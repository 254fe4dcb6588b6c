import { describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import {
  applyReply,
  converse,
  effectiveStatus,
  equallyGood,
  formatDay,
  IDLE,
  jobsReply,
  placeLabel,
  placeOptions,
  SKILL_MENU,
  type DialogState,
  type Step,
  type WorkerView,
} from '../../src/domain/conversation.js';
import { createMessageReader } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';

const read = createMessageReader({ places: createPlaceIndex(loadDivisions(['5325'])) });
const NOW = new Date('2026-11-29T02:00:00Z');

const stranger: WorkerView = { status: 'unknown', skills: [], place: null, pausedUntil: null, phone: '13800000001', wechatOpenId: null, channel: 'sms' };
const subscriber: WorkerView = {
  ...stranger,
  status: 'active',
  skills: ['缝纫'],
  place: { code: '532528102', label: '元阳新街镇' },
};
const optedOut: WorkerView = { ...subscriber, status: 'opted_out' };
const wechatUser: WorkerView = { ...stranger, phone: null, wechatOpenId: 'oUSER1', channel: 'wechat' };

/** Plays texts through the state machine, the worker unchanged; returns every step. */
function play(texts: string[], worker: WorkerView = stranger, start: DialogState = IDLE): Step[] {
  let state = start;
  return texts.map((t) => {
    const step = converse(state, read(t), worker, NOW);
    state = step.state;
    return step;
  });
}

const kinds = (steps: Step[]) => steps.map((s) => s.reply?.kind ?? null);

describe('conversation: the subscribe dialog', () => {
  it('subscribes at once when one text names the skill and an unambiguous place', () => {
    const [s] = play(['订阅缝纫新街']);
    expect(s!.actions).toEqual([{ type: 'subscribe', skills: ['缝纫'], divisionCode: '532528102' }]);
    expect(s!.reply).toEqual({ kind: 'subscribed', params: { skills: '缝纫', place: '元阳新街镇' } });
    expect(s!.state).toEqual(IDLE);
  });

  it('asks skills by a numbered menu, then the place with a numbered choice, then confirms', () => {
    const steps = play(['订阅', '1 3', '中寨村', '2', '好的']);
    expect(kinds(steps)).toEqual(['skill_menu', 'ask_place', 'place_menu', 'confirm_subscribe', 'subscribed']);
    expect(steps[0]!.reply!.params).toEqual({ menu: '1缝纫2刺绣3编织4手工5包装6采摘7种植8普工9搬运' });
    expect(steps[1]!.state).toEqual({ step: 'sub_place', skills: ['缝纫', '编织'] });
    const choice = steps[2]!.state as Extract<DialogState, { step: 'sub_place_choice' }>;
    expect(choice.candidates.length).toBeGreaterThan(1);
    expect(steps[2]!.reply!.params).toMatchObject({ options: expect.stringMatching(/^1.+ 2.+/) });
    const picked = choice.candidates[1]!;
    expect(steps[3]!.state).toEqual({ step: 'sub_confirm', skills: ['缝纫', '编织'], place: picked });
    expect(steps[4]!.actions).toEqual([{ type: 'subscribe', skills: ['缝纫', '编织'], divisionCode: picked.code }]);
  });

  it('takes skills in words as well as numbers, and a place given up front', () => {
    const steps = play(['我想找工作，住在胜村', '踩缝纫机和包装', '1']);
    expect(kinds(steps)).toEqual(['skill_menu', 'confirm_subscribe', 'subscribed']);
    expect(steps[2]!.actions[0]).toMatchObject({ type: 'subscribe', skills: ['缝纫', '包装'] });
  });

  it('steps back with 0 or 返回, and cancels from the first question', () => {
    const steps = play(['订阅', '缝纫', '返回', '0']);
    expect(kinds(steps)).toEqual(['skill_menu', 'ask_place', 'skill_menu', 'dialog_cancelled']);
    expect(steps[3]!.state).toEqual(IDLE);
    const fromConfirm = play(['订阅缝纫', '新街镇', '0']);
    expect(fromConfirm[2]!.state).toEqual({ step: 'sub_place', skills: ['缝纫'] });
    const fromChoice = play(['订阅缝纫', '中寨村', '0']);
    expect(fromChoice[2]!.state).toEqual({ step: 'sub_place', skills: ['缝纫'] });
  });

  it('asks again, throttled, when an answer is not understood; a menu number out of range is not a skill', () => {
    const steps = play(['订阅', '99', '缝纫', '火星']);
    expect(kinds(steps)).toEqual(['skill_menu', 'skill_menu', 'ask_place', 'place_not_found']);
    expect(steps[1]!.throttleKey).toBeDefined();
    expect(steps[3]!.state).toEqual({ step: 'sub_place', skills: ['缝纫'] });
  });

  it('reads menu picks typed without spaces or in words', () => {
    expect(play(['订阅', '13'])[1]!.state).toEqual({ step: 'sub_place', skills: ['缝纫', '编织'] });
    expect(play(['订阅', '第二个'])[1]!.state).toEqual({ step: 'sub_place', skills: ['刺绣'] });
    const steps = play(['订阅缝纫', '中寨村', '第三个']);
    expect(steps[2]!.reply!.kind).toBe('confirm_subscribe');
    // 不对 at the confirmation goes back to the place question.
    expect(play(['订阅缝纫', '新街镇', '不对'])[2]!.state).toEqual({ step: 'sub_place', skills: ['缝纫'] });
  });

  it('accepts a correction at the confirmation', () => {
    const steps = play(['订阅缝纫', '新街镇', '不对，是南沙镇']);
    expect(steps[2]!.reply!.kind).toBe('confirm_subscribe');
    expect(steps[2]!.reply!.params).toMatchObject({ place: '元阳南沙镇' });
  });

  it('a new name instead of a number at the place choice asks again with that name', () => {
    const steps = play(['订阅缝纫', '中寨村', '新街镇']);
    expect(kinds(steps)).toEqual(['ask_place', 'place_menu', 'confirm_subscribe']);
  });
});

describe('conversation: rules that hold in every state', () => {
  const midDialog: DialogState = { step: 'sub_place', skills: ['缝纫'] };

  it('opt-out wins in the middle of a dialog, ends it, and is confirmed once', () => {
    for (const word of ['TD', '退订', '别再给我发短信了', 'stop', '0000']) {
      const s = converse(midDialog, read(word), subscriber, NOW);
      expect(s.actions, word).toEqual([{ type: 'opt_out' }]);
      expect(s.reply?.kind, word).toBe('unsubscribed');
      expect(s.state, word).toEqual(IDLE);
    }
    expect(converse(IDLE, read('TD'), optedOut, NOW)).toEqual({ state: IDLE, actions: [], reply: null });
  });

  it('help and status are answered without being taken as the answer, and the dialog stays open', () => {
    const help = converse(midDialog, read('帮助'), subscriber, NOW);
    expect(help.reply?.kind).toBe('help');
    expect(help.state).toEqual(midDialog);
    expect(help.actions).toEqual([]);
    const status = converse(midDialog, read('我的'), subscriber, NOW);
    expect(status.reply).toEqual({ kind: 'status', params: { skills: '缝纫', place: '元阳新街镇', state: '正常接收岗位' } });
    expect(status.state).toEqual(midDialog);
  });

  it('after an opt-out only a new subscription is answered, and a wish to come back is told how', () => {
    for (const t of ['帮助', '岗位', '报名1024', '暂停', '你好', '乱七八糟']) {
      expect(converse(IDLE, read(t), optedOut, NOW), t).toEqual({ state: IDLE, actions: [], reply: null });
    }
    // Asked in words of one's own, it is answered with how to subscribe again, and nothing more:
    // not the explicit consent a new subscription needs.
    for (const t of ['恢复', '缝纫', '新街镇', '之前说了不要发，现在又想要了，咋个弄', '上次说莫发 现在又要了', '我前段时间回了TD 现在想再收']) {
      expect(converse(IDLE, read(t), optedOut, NOW), t).toMatchObject({ state: IDLE, actions: [], reply: { kind: 'resubscribe_how', params: {} }, throttleKey: expect.any(String) });
    }
    // Whether one is still subscribed, asked after the opt-out, is told so and how to come back (Round 25).
    for (const t of ['我的', '我还订着吗', '我是不是退订了', '我现在还在不在你们那里登记着']) {
      expect(converse(IDLE, read(t), optedOut, NOW), t).toMatchObject({ state: IDLE, actions: [], reply: { kind: 'unsubscribed_status', params: {} }, throttleKey: expect.any(String) });
    }
    const again = converse(IDLE, read('订阅缝纫新街'), optedOut, NOW);
    expect(again.actions[0]).toMatchObject({ type: 'subscribe' });
    // A resubscribe dialog is answered all the way through.
    expect(kinds(play(['订阅', '缝纫', '新街镇', '1'], optedOut))).toEqual(['skill_menu', 'ask_place', 'confirm_subscribe', 'subscribed']);
  });

  it('a command in the middle of a dialog leaves it and runs', () => {
    const s = converse(midDialog, read('岗位'), subscriber, NOW);
    expect(s.actions).toEqual([{ type: 'list_jobs' }]);
  });

  it('text nobody understood gets the numbered question, marked for the hourly limit', () => {
    const s = converse(IDLE, read('乱七八糟的东西'), subscriber, NOW);
    expect(s.reply?.kind).toBe('clarify');
    expect(s.state).toEqual({ step: 'clarify' });
    expect(s.throttleKey).toBe('乱七八糟的东西');
    expect(converse(IDLE, read('乱七八糟 的东西!!'), subscriber, NOW).throttleKey).toBe('乱七八糟的东西');
    // A yes-word or a number with no question open is no request: a short help, throttled too.
    expect(converse(IDLE, read('好的'), subscriber, NOW)).toMatchObject({ reply: { kind: 'help' }, throttleKey: '好的' });
    expect(converse(IDLE, read('帮助'), subscriber, NOW).throttleKey).toBeUndefined();
  });
});

describe('conversation: commands', () => {
  it('lists jobs for subscribers only', () => {
    expect(converse(IDLE, read('GW'), subscriber, NOW).actions).toEqual([{ type: 'list_jobs' }]);
    expect(converse(IDLE, read('GW'), stranger, NOW).reply?.kind).toBe('not_subscribed');
  });

  it('answers a subscriber’s bare “找工作” with jobs, and still asks a newcomer what they can do', () => {
    expect(converse(IDLE, read('想找工作'), subscriber, NOW)).toMatchObject({ reply: null, actions: [{ type: 'list_jobs' }] });
    expect(converse(IDLE, read('想找工作'), stranger, NOW).reply?.kind).toBe('skill_menu');
    // Naming a skill or a place is a change of subscription, not a request for jobs.
    expect(converse(IDLE, read('找工作 搬运 开远'), subscriber, NOW).actions).toMatchObject([{ type: 'subscribe', skills: ['搬运'] }]);
    // A paused subscriber is not sent jobs by it (resuming is its own word).
    expect(converse(IDLE, read('想找工作'), { ...subscriber, status: 'paused' }, NOW).reply?.kind).toBe('skill_menu');
  });

  it('applies with a code, asks for one without, uses the only job just listed', () => {
    expect(converse(IDLE, read('报名 １０２４'), subscriber, NOW).actions).toEqual([{ type: 'apply', code: '1024' }]);
    expect(converse(IDLE, read('报名'), subscriber, NOW).reply?.kind).toBe('apply_need_code');
    expect(converse({ step: 'idle', offered: ['2048'] }, read('我去'), subscriber, NOW).actions).toEqual([{ type: 'apply', code: '2048' }]);
    expect(converse({ step: 'idle', offered: ['1', '2'] }, read('报名'), subscriber, NOW).reply?.kind).toBe('apply_need_code');
    // A WeChat user without a phone cannot be called by the employer.
    expect(converse(IDLE, read('BM1024'), wechatUser, NOW).reply?.kind).toBe('apply_need_phone');
  });

  it('takes a number alone for an opening\'s code: its full terms (docs/honest-posts.md), or 报名 when the job list just offered it', () => {
    expect(read('1024').intent).toBe('unknown');
    expect(converse(IDLE, read('1024'), subscriber, NOW).actions).toEqual([{ type: 'details', code: '1024' }]);
    expect(converse({ step: 'idle', offered: ['1024', '2048'] }, read('２０４８'), subscriber, NOW).actions).toEqual([{ type: 'apply', code: '2048' }]);
    // In a dialog too: a code is no answer to the skill menu (the question stays open).
    expect(converse({ step: 'sub_skills' }, read('1024'), stranger, NOW).actions).toEqual([{ type: 'details', code: '1024' }]);
    // Menu numbers stay menu numbers.
    expect(converse({ step: 'sub_skills' }, read('2'), stranger, NOW).reply?.kind).toBe('ask_place');
  });

  it('treats an explicit confirmation with no question open as it treats unknown', () => {
    expect(read('确认').intent).toBe('confirm');
    for (const state of [IDLE, { step: 'optout_confirm' } as DialogState, { step: 'clarify' } as DialogState]) {
      const asConfirm = converse(state, read('确认'), subscriber, NOW);
      const asUnknown = converse(state, read('好的'), subscriber, NOW);
      expect({ ...asConfirm, throttleKey: undefined }, JSON.stringify(state)).toEqual({ ...asUnknown, throttleKey: undefined });
    }
    // ... and answers the question that asked for it.
    expect(kinds(play(['订阅', '缝纫', '新街镇', '确认'], stranger))).toEqual(['skill_menu', 'ask_place', 'confirm_subscribe', 'subscribed']);
  });

  it('pauses for a length, until after the Spring Festival, or until resumed', () => {
    const days = converse(IDLE, read('暂停10天'), subscriber, NOW);
    expect(days.actions).toEqual([{ type: 'pause', until: new Date(NOW.getTime() + 10 * 86_400_000) }]);
    expect(days.reply).toEqual({ kind: 'paused_until', params: { until: '12月9日' } });
    const cny = converse(IDLE, read('先不要发，过完年再说'), subscriber, NOW);
    expect(cny.actions).toEqual([{ type: 'pause', until: new Date('2027-02-21T00:00:00+08:00') }]);
    expect(converse(IDLE, read('暂停'), subscriber, NOW).actions).toEqual([{ type: 'pause', until: null }]);
    expect(converse(IDLE, read('暂停'), stranger, NOW).reply?.kind).toBe('not_subscribed');
    expect(converse(IDLE, read('恢复'), { ...subscriber, status: 'paused' }, NOW).actions).toEqual([{ type: 'resume' }]);
  });

  it('an expired pause counts as over', () => {
    const paused = { ...subscriber, status: 'paused' as const, pausedUntil: new Date(NOW.getTime() - 1000) };
    expect(effectiveStatus(paused, NOW)).toBe('active');
    expect(effectiveStatus({ ...paused, pausedUntil: null }, NOW)).toBe('paused');
    const status = converse(IDLE, read('WD'), { ...subscriber, status: 'paused', pausedUntil: new Date('2027-03-07T00:00:00+08:00') }, NOW);
    expect(status.reply?.params).toMatchObject({ state: '暂停到3月7日' });
  });

  it('updates skills and place, asking when the text does not say', () => {
    expect(converse(IDLE, read('技能改成刺绣'), subscriber, NOW).actions).toEqual([{ type: 'set_skills', skills: ['刺绣'] }]);
    const ask = play(['技能', '2 5'], subscriber);
    expect(kinds(ask)).toEqual(['skill_menu', 'skills_updated']);
    expect(ask[1]!.actions).toEqual([{ type: 'set_skills', skills: ['刺绣', '包装'] }]);
    expect(converse(IDLE, read('地址改到南沙镇'), subscriber, NOW).actions).toEqual([{ type: 'set_place', divisionCode: expect.stringMatching(/^532528/) }]);
    const place = play(['地址', '中寨村', '1'], subscriber);
    expect(kinds(place)).toEqual(['ask_new_place', 'place_menu', 'place_updated']);
    expect(kinds(play(['地址', '中寨村', '0', '0'], subscriber))).toEqual(['ask_new_place', 'place_menu', 'ask_new_place', 'dialog_cancelled']);
    expect(kinds(play(['技能', '0'], subscriber))).toEqual(['skill_menu', 'dialog_cancelled']);
    // Someone not yet subscribed who names a skill is starting a subscription.
    expect(converse(IDLE, read('技能 缝纫'), stranger, NOW).reply?.kind).toBe('ask_place');
  });
});

describe('conversation: binding and channels', () => {
  it('binds a phone from WeChat: code sent, six digits verified', () => {
    const start = converse(IDLE, read('绑定 13812345678'), wechatUser, NOW);
    expect(start.actions).toEqual([{ type: 'bind_start', phone: '13812345678' }]);
    expect(start.state).toEqual({ step: 'bind_code', phone: '13812345678' });
    const verify = converse(start.state, read('042917'), wechatUser, NOW);
    expect(verify.actions).toEqual([{ type: 'bind_verify', phone: '13812345678', code: '042917' }]);
    // Six zeros are a code here, not the carriers' opt-out; TD still opts out.
    expect(converse(start.state, read('000000'), wechatUser, NOW).actions[0]).toMatchObject({ type: 'bind_verify', code: '000000' });
    expect(converse(start.state, read('TD'), wechatUser, NOW).actions).toEqual([{ type: 'opt_out' }]);
    // Outside the binding, six digits are a job code: its details.
    expect(converse(IDLE, read('042917'), subscriber, NOW).actions).toEqual([{ type: 'details', code: '042917' }]);
  });

  it('refuses bad numbers, SMS senders and already-bound phones with clear replies', () => {
    expect(converse(IDLE, read('绑定 12345'), wechatUser, NOW).reply?.kind).toBe('bind_bad_phone');
    expect(converse(IDLE, read('绑定'), wechatUser, NOW).reply?.kind).toBe('bind_bad_phone');
    expect(converse(IDLE, read('绑定 13812345678'), subscriber, NOW).reply?.kind).toBe('bind_in_wechat');
    expect(converse(IDLE, read('绑定13812345678'), { ...wechatUser, phone: '13812345678' }, NOW).reply?.kind).toBe('bind_done');
  });

  it('lets a pending binding wait while other commands run, and lets an opted-out user bind', () => {
    const pending: DialogState = { step: 'bind_code', phone: '13812345678' };
    expect(converse(pending, read('帮助'), wechatUser, NOW)).toMatchObject({ state: pending, reply: { kind: 'help' } });
    expect(converse(pending, read('订阅缝纫新街'), wechatUser, NOW).actions[0]).toMatchObject({ type: 'subscribe' });
    expect(converse(IDLE, read('绑定13812345678'), { ...wechatUser, status: 'opted_out' }, NOW).actions).toEqual([
      { type: 'bind_start', phone: '13812345678' },
    ]);
    expect(converse(IDLE, read('帮助'), { ...wechatUser, status: 'opted_out' }, NOW).reply).toBeNull();
  });

  it('sets the preferred channel only to one the worker has', () => {
    expect(converse(IDLE, read('微信接收'), wechatUser, NOW).actions).toEqual([{ type: 'set_channel', channel: 'wechat' }]);
    expect(converse(IDLE, read('短信接收'), wechatUser, NOW).reply?.kind).toBe('channel_need_phone');
    expect(converse(IDLE, read('微信接收'), subscriber, NOW).reply?.kind).toBe('channel_need_wechat');
    expect(converse(IDLE, read('改成短信通知'), { ...wechatUser, phone: '13812345678' }, NOW).actions).toEqual([{ type: 'set_channel', channel: 'sms' }]);
  });
});

describe('conversation: helpers', () => {
  it('finds ambiguity only among equally good places', () => {
    expect(equallyGood(read('新街').places).map((p) => p.code)).toEqual(['532528102']);
    expect(equallyGood(read('中寨村').places).length).toBe(4);
    expect(equallyGood([])).toEqual([]);
  });

  it('labels places short enough for a menu and fits the options in one variable', () => {
    expect(placeLabel({ name: '中寨村民委员会', fullName: '云南省红河哈尼族彝族自治州金平苗族瑶族傣族自治县马鞍底乡中寨村民委员会' })).toBe('金平马鞍底中寨村');
    expect(placeLabel({ name: '新街镇', fullName: '云南省红河哈尼族彝族自治州元阳县新街镇' })).toBe('元阳新街镇');
    expect(placeLabel({ name: '新寨社区', fullName: '云南省红河哈尼族彝族自治州个旧市锡城街道新寨社区' })).toBe('个旧锡城新寨社区');
    const { shown, text } = placeOptions(equallyGood(read('新寨村').places));
    expect([...text].length).toBeLessThanOrEqual(35);
    expect(shown.length).toBeGreaterThanOrEqual(2);
  });

  it('renders list and apply outcomes as message kinds', () => {
    expect(jobsReply([])).toEqual([{ kind: 'jobs_none', params: {} }]);
    const l = { code: '1', workshop: 'w', title: 't', wage: 'x', place: 'p' };
    expect(jobsReply([l, l, l, l])).toHaveLength(3);
    expect(applyReply({ type: 'closed', code: '7' })).toEqual({ kind: 'apply_closed', params: { code: '7' } });
    expect(formatDay(new Date('2026-12-31T16:30:00Z'))).toBe('1月1日');
    expect(SKILL_MENU).toHaveLength(9);
  });
});

describe('conversation: a text that may be an opt-out (issue #14)', () => {
  it('stops alerts at once and asks; TD then opts out', () => {
    const [ask, td] = play(['你们怎么天天发', 'TD'], subscriber);
    expect(ask!.reply).toEqual({ kind: 'optout_ask', params: {} });
    expect(ask!.actions).toEqual([{ type: 'pause', until: null }]);
    expect(ask!.state).toEqual({ step: 'optout_confirm' });
    expect(td!.actions).toEqual([{ type: 'opt_out' }]);
    expect(td!.reply?.kind).toBe('unsubscribed');
  });

  it('1 (or 继续) resumes the alerts paused while asking', () => {
    const paused: WorkerView = { ...subscriber, status: 'paused', pausedUntil: null };
    for (const answer of ['1', '继续', '继续接收', '恢复']) {
      const s = converse({ step: 'optout_confirm' }, read(answer), paused, NOW);
      expect(s.actions, answer).toEqual([{ type: 'resume' }]);
      expect(s.reply?.kind, answer).toBe('resumed');
      expect(s.state, answer).toEqual(IDLE);
    }
  });

  it('a bare yes (好) answers neither choice: alerts stay stopped and the question is asked again', () => {
    const paused: WorkerView = { ...subscriber, status: 'paused', pausedUntil: null };
    for (const answer of ['好', '好的', '嗯', '可以', '要得', '👍', '2', '乱七八糟的东西']) {
      const s = converse({ step: 'optout_confirm' }, read(answer), paused, NOW);
      expect(s.actions, answer).toEqual([]);
      expect(s.reply?.kind, answer).toBe('optout_ask');
      expect(s.state, answer).toEqual({ step: 'optout_confirm' });
    }
    // ... and 1 then still resumes, TD still opts out.
    expect(play(['好', '1'], paused, { step: 'optout_confirm' }).map((s) => s.actions)).toEqual([[], [{ type: 'resume' }]]);
    expect(play(['好', 'TD'], paused, { step: 'optout_confirm' }).map((s) => s.actions)).toEqual([[], [{ type: 'opt_out' }]]);
  });

  it('anything else leaves the worker paused and is read as a command', () => {
    const paused: WorkerView = { ...subscriber, status: 'paused', pausedUntil: null };
    const s = converse({ step: 'optout_confirm' }, read('帮助'), paused, NOW);
    expect(s.reply?.kind).toBe('help');
    expect(s.actions).toEqual([]);
  });

  it('a stranger is asked too, with nothing to pause', () => {
    const [ask] = play(['我没订过'], stranger);
    expect(ask!.reply?.kind).toBe('optout_ask');
    expect(ask!.actions).toEqual([]);
  });

  it('a sure opt-out is never asked about', () => {
    const [s] = play(['别再给我发了'], subscriber);
    expect(s!.actions).toEqual([{ type: 'opt_out' }]);
  });
});

describe('conversation: the numbered question when nobody understood (issue #14)', () => {
  const clarify: DialogState = { step: 'clarify' };

  it('1 starts the subscription, 2 lists jobs, 3 pauses, 4 opts out', () => {
    expect(converse(clarify, read('1'), stranger, NOW).reply?.kind).toBe('skill_menu');
    expect(converse(clarify, read('2'), subscriber, NOW).actions).toEqual([{ type: 'list_jobs' }]);
    const pause = converse(clarify, read('3'), subscriber, NOW);
    expect(pause.actions).toEqual([{ type: 'pause', until: null }]);
    expect(pause.reply?.kind).toBe('paused');
    const stop = converse(clarify, read('4'), subscriber, NOW);
    expect(stop.actions).toEqual([{ type: 'opt_out' }]);
    expect(stop.reply?.kind).toBe('unsubscribed');
  });

  it('a number outside the question, or a new command, is read as usual', () => {
    expect(converse(clarify, read('岗位'), subscriber, NOW).actions).toEqual([{ type: 'list_jobs' }]);
    expect(converse(clarify, read('7'), subscriber, NOW).reply?.kind).toBe('help');
  });
});

describe('conversation: yes-words answer only a question', () => {
  it('confirms a subscription with 好, 要得 or 👍', () => {
    for (const yes of ['好', '要得', '👍']) {
      const steps = play(['订阅缝纫', '新街镇', yes]);
      expect(kinds(steps), yes).toEqual(['ask_place', 'confirm_subscribe', 'subscribed']);
    }
  });
});

describe('reports (举报, 欠薪: docs/cases.md)', () => {
  it('asks the service to open a case in every state, after an opt-out too, keeping an open question', () => {
    for (const worker of [stranger, subscriber, optedOut, wechatUser]) {
      const step = converse(IDLE, read('举报 1003 老板不发工资'), worker, NOW);
      expect(step.actions).toEqual([{ type: 'report', code: '1003' }]);
      expect(step.reply).toBeNull();
    }
    const asking: DialogState = { step: 'sub_place', skills: ['缝纫'] };
    expect(converse(asking, read('没拿到工资'), stranger, NOW)).toEqual({ state: asking, actions: [{ type: 'report', code: null }], reply: null });
  });

  it('leaves a stop a stop', () => {
    expect(converse(IDLE, read('骗子 别再发了'), subscriber, NOW).actions).toEqual([{ type: 'opt_out' }]);
  });
});
