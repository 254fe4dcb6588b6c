import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// Round 30 (docs/reader.md "Round 30"): the kinds the red team's stop texts and fresh28 showed, in words of our own
// (not the sets'); the near-misses must keep their reading.
const read = testReader();

describe('a threat said as a condition on the sending: a stop, not a report', () => {
  it.each(['要是再给我推 我就打12345', '你们再发的话我就去投诉', '假如还一直发 我就报警', '如果再发短信 我就去告你们', '要是你们还继续推 我就去12315告'])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).toBe('sure');
  });
  it.each([
    ['如果老板还不发工资我就去举报', 'unknown'],
    ['老板拖了三个月工资 我要去12315举报', 'report'],
  ])('%s stays %s', (text, intent) => expect(read(text).intent).toBe(intent));
});

describe('a refusal closing the text after "not coming back": a stop', () => {
  it.each(['回不来了 你们不消再推', '在外省安家了 不回去了 不用再发', '我们一家不回来了 你们别再发了'])('%s', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });
  it.each([
    ['我不回来了 你们再发吧', 'resume'],
    ['我回来了 可以再发了', 'resume'],
  ])('%s stays %s', (text, intent) => expect(read(text).intent).toBe(intent));
});

describe('the number itself refused: a sure stop', () => {
  it.each(['这是小卖部的电话 别往这个号码发了', '莫给这个手机号推了 我家老人用的', '单位的座机 不要往这个号发招聘'])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).toBe('sure');
  });
});

describe('a refusal of one thing sent: no stop', () => {
  it.each([
    ['搬到鸡街了 原来住的地方的活莫推了', 'update_place'],
    ['老家那边的活就不用发了', 'unknown'],
    ['要爬高的活别发 我恐高', 'unknown'],
    ['天天扛重的不要发了', 'unknown'],
    ['英文的别发 看不懂', 'unknown'],
    ['刚才那个活不用发了 我去过了', 'unknown'],
    ['这个岗位不用通知我了 人家招满了', 'unknown'],
  ])('%s: %s', (text, intent) => {
    const r = read(text);
    expect(r.intent).toBe(intent);
    expect(r.optOut).toBeNull();
  });
  it.each(['那个招工的莫发了', '这个活别发了', '这个号不要再发了', '以后都不要发拼音的 全部不要', '老家那边的活都不要发了 退订'])('%s stays a stop', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });
  it('这种活不要发了 stays an unclear stop', () => expect(read('这种活不要发了').optOut).toBe('unclear'));
});

describe('别发 said to an employer: the report', () => {
  it.each(['老板不要发假的工资单 钱都没给够', '老板别发假工资条 工资拖着不给'])('%s', (text) => {
    expect(read(text).intent).toBe('report');
  });
  it.each(['老板别发了', '老板别再发假的招工了 骗子', '老板别发了 我不要了'])('%s stays a stop', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });
});

describe('a stop refused with the wish to go on: resume', () => {
  it.each(['别停掉 我还要收', '不要取消我的推送 我还要', '莫关掉 还要接着发'])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('resume');
    expect(r.optOut).toBeNull();
  });
  it.each([
    ['不要退订我 我还要找工作', ['unknown', 'subscribe']],
    ['别退订我啊 我还要找活', ['unknown', 'status']],
  ])('%s reads as before', (text, intents) => expect(intents).toContain(read(text).intent));
});

describe('one opening declined, with a reason or the others wanted: unknown', () => {
  it.each(['这家我不去了 太远', '那个厂的活我不干 工钱太少', '这个就算了 别的有再通知我'])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unknown');
    expect(r.optOut).toBeNull();
  });
  it.each(['那个招工的我不要了', '这个不要了', '这个活算了 以后都不要发了'])('%s stays a stop', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });
});

describe("fresh28's kinds, in other words", () => {
  it.each([
    ['把我从你们名单上删掉', 'unsubscribe'],
    ['从你们系统里去掉我', 'unsubscribe'],
    ['前几天报了名 老板怎么还没联系', 'status'],
    ['是不是还在暂停呢', 'status'],
    ['以后还会推不', 'status'],
    ['我的申请 帮我看一下', 'status'],
    ['栽完烤烟以前莫推 忙得很', 'pause'],
    ['收完这季稻子之前别发了', 'pause'],
    ['我打工回来了 有活路就通知我', 'resume'],
    ['被领班骂了好几回 这个要告', 'report'],
    ['bm3302 包吃住吗', 'apply'],
    ['有编竹子的活没有 在家做的那种', 'list_jobs'],
    ['手机没电了 晚点再看', 'unknown'],
  ])('%s: %s', (text, intent) => {
    const r = read(text);
    expect(r.intent).toBe(intent);
    if (intent !== 'unsubscribe') expect(r.optOut).toBeNull();
  });
  it.each([
    ['我还在你们名单上吗', 'status'],
    ['栽完烤烟以前莫推 以后都不要发了', 'unsubscribe'],
    ['报名1088 去了说要先交500押金', 'report'],
  ])('%s stays %s', (text, intent) => expect(read(text).intent).toBe(intent));
  it('a driving word listed apart by spaces is a second skill (技能改成 开叉车 司机); 叉车司机 is not', () => {
    expect(read('技能改成 开叉车 司机').skills).toEqual(expect.arrayContaining(['叉车', '驾驶']));
    expect(read('我是叉车司机').skills).not.toContain('驾驶');
  });
});
