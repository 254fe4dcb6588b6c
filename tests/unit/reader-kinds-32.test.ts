import { describe, expect, it } from 'vitest';
import { noStop, sureStop, testReader } from '../helpers/reader.js';

// Round 32 (docs/reader.md "Round 32: fresh32"): the kinds the blind set fresh32 showed, in words of our own (not the
// set's); the near misses must keep their reading. A false opt-out silences a worker who wanted work, so every text
// that is no stop is checked for optOut null, and every stop for a sure one.
const read = testReader();

describe('拉黑 between the worker and an employer: a complaint, not a stop', () => {
  it.each([
    ['工头把我拉黑了 还欠我八百块工钱', 'report'],
    ['被那个中介拉黑了 押金也不退', 'report'],
    ['我把老板的电话拉黑了 他一直骂人', 'unknown'],
    ['老板把我屏蔽了', 'unknown'],
  ])('%s: %s', noStop);
  it.each(['把你们拉黑了', '拉黑这个号'])('%s stays a stop', sureStop);
});

describe("someone else's stop quoted and the worker's own wish after it", () => {
  it.each([
    ['我媳妇说别发了 可是我还要收 继续发', 'resume'],
    ['我爸叫我回退订 我不想退 我还在找活', 'unknown'],
  ])('%s: %s', noStop);
  it.each(['我老公说不要发了', '我儿子说这个短信是骗人的叫我退订所以我要退订'])('%s stays a stop', sureStop);
});

describe('how to stop some day, asked: help', () => {
  it.each(['要是哪天不想收了该怎么弄', '万一以后不需要了回什么', '要是不想收到短信了怎么办'])('%s', (text) => noStop(text, 'help'));
  it('如果不想收了 帮我退掉 stays a stop', () => sureStop('如果不想收了 帮我退掉'));
});

describe('why the sending stopped, asked: status', () => {
  it.each(['你们咋个不推了', '最近怎么都不给我发了呢'])('%s', (text) => noStop(text, 'status'));
  it('怎么不发工资 stays a report', () => expect(read('怎么不发工资').intent).toBe('report'));
});

describe('an offer declined as already done: unknown', () => {
  it.each(['不用了 已经办好了', '不用问了 我都去过了', '不用问了我都去过了'])('%s', (text) => noStop(text, 'unknown'));
  it('不用了 我已经找到活了 stays an unclear stop', () => expect(read('不用了 我已经找到活了').optOut).toBe('unclear'));
});

describe('TD denied and what was meant said', () => {
  it.each([
    ['不是TD 我是要报名 1003', 'apply'],
    ['不是退订 是恢复', 'resume'],
    ['回错了 不是退订 是订阅 保洁', 'subscribe'],
  ])('%s: %s', noStop);
});

describe('an application taken back or swapped: no stop', () => {
  it.each([
    ['那个申请我不要了', 'unknown'],
    ['帮我把报名撤掉', 'unknown'],
    ['报名的2050我不去了', 'unknown'],
    ['取消1003 改报1005', 'apply'],
    ['退 掉 2 0 1 5 ， 换 成 2 0 1 8', 'apply'],
  ])('%s: %s', noStop);
  it('报名的那个我不要了 以后都别发 stays a stop', () => sureStop('报名的那个我不要了 以后都别发'));
});

describe('a time of day refused: unknown', () => {
  it.each(['夜里别发 吵到娃娃睡觉', '上班的时候不要推'])('%s', (text) => noStop(text, 'unknown'));
  it.each(['从今晚起不要发了', '晚上别发了 以后都不要发'])('%s stays a stop', sureStop);
});

describe('the rest of the not-stops', () => {
  it.each([
    ['愁死了 到处都找不到 哪里有搬运的活', 'list_jobs'],
    ['撤回 我写错了 是蒙自不是个旧', 'update_place'],
    ['我老公帮我退订了 我要重新订', 'subscribe'],
    ['td按错了 帮我恢复', 'resume'],
    ['我找到活了 不过我妹妹还在找 帮她订采摘', 'subscribe'],
  ])('%s: %s', noStop);
  it('烦死了 别发了 stays a stop', () => sureStop('烦死了 别发了'));
});

describe('stops said indirectly, for someone else or with a final reason: sure', () => {
  it.each([
    '以后用不着你们了',
    '这些短信我用不着 停掉',
    '没用 浪费我流量 取消',
    '我七十多了 干不动了 莫给我发了',
    '我爸今年78了 你们不要再发了',
    '搬到深圳去了 老家的活不用再给我发了',
    '我奶奶不想再收到这些短信了',
    '别发了别发了别发了',
    '以后有工作也不要通知我了',
    '你们老是发远的 算了 全都不要发了',
    '帮我奶奶退掉 她看不懂',
    '替她取消一下',
    '我女儿让我把这个退订 她说没用',
  ])('%s', sureStop);
  it.each([
    ['我今年60了 这个月先别发', 'pause'],
    ['有活了通知我', 'subscribe'],
    ['夜班的都别发了', 'unknown'],
    ['帮我爸取消那个报名', 'unknown'],
    ['我女儿让我退订 我不想退', 'unknown'],
  ])('%s: %s', noStop);
  it('帮我妈取消缝纫 names a skill: no sure stop', () => expect(read('帮我妈取消缝纫').optOut).not.toBe('sure'));
});

describe('the other kinds of the set', () => {
  it.each([
    ['宿舍里热得要命 又没有空调', 'report'],
    ['工头不准我们坐 站一整天', 'report'],
    ['我没报过名 是不是弄错了', 'status'],
    ['其他的都不去 就报2041', 'apply'],
    ['别发要先交钱的那种', 'unknown'],
    ['我在昆明打工 过完年回来 到时候再说', 'pause'],
    ['对 技能是对的', 'confirm'],
    ['厂里收到我的申请没有', 'status'],
    ['我登记的是保洁对吧', 'status'],
  ])('%s: %s', noStop);
  it.each([
    ['车间热得很 有没有空调的厂', 'list_jobs'],
    ['不是我报的名 怎么有人给我打电话', 'unknown'],
    ['我订的是缝纫', 'subscribe'],
  ])('%s stays %s', noStop);
  it('莫发要交押金的 以后都别发了 stays a stop', () => sureStop('莫发要交押金的 以后都别发了'));
});

describe('a place refused ranks after the one wanted', () => {
  it.each([
    ['我不去建水 开远有没有活', '开远'],
    ['我不去建水开远有没有活', '开远'],
    ['别发个旧的 发蒙自的', '蒙自'],
    ['个旧那边的不要发了我现在在弥勒', '弥勒'],
  ])('%s: %s', (text, place) => expect(read(text).places[0]?.name).toContain(place));
});

describe('near, at a place; the number taken over; work at home or at one\'s age asked', () => {
  it.each([
    ['莫要太远 就在建水城附近', 'update_place'],
    ['我老公不干了 换我来 订阅 保洁 蒙自', 'subscribe'],
    ['我60了还能做保洁不', 'list_jobs'],
    ['带娃出不去 能在家做吗', 'list_jobs'],
  ])('%s: %s', noStop);
  it.each([
    ['订阅绣花 元阳新街 宝妈 只能在家做', 'subscribe'],
    ['不要太远 就在异龙镇附近 订阅 包装', 'subscribe'],
  ])('%s stays %s', noStop);
  it('啥子活都能做 is 普工', () => expect(read('啥子活都能做 住建水').skills).toEqual(['普工']));
});

describe('a stop not working, a goodbye, spare me', () => {
  it.each(['我回了退订还在发 咋个回才不发', '回了T还在发', '拜拜 不要了'])('%s', sureStop);
  it('免了免了 is an unclear stop', () => expect(read('免了免了').optOut).toBe('unclear'));
  it('回了t还有吗 is no stop', () => expect(read('回了t还有吗').optOut).toBeNull());
});

describe('a kind refused with its work place before it is dropped from the skills', () => {
  it.each([
    ['别给我推电子厂的组装了，只要缝纫', ['缝纫']],
    ['别给我推电子厂的组装了只要缝纫', ['缝纫']],
    ['别推远的 我会缝纫', ['缝纫']],
    ['不要发编织的了我想做缝纫', ['缝纫']],
  ])('%s', (text, skills) => expect(read(text).skills).toEqual(skills));
});

describe('a stop sign among emoji, with a greeting or thanks', () => {
  it.each(['你好 🛑', '⛔📱 谢谢', '🚫✉️嘛'])('%s', sureStop);
  it.each(['你好 ✋', '📩', '谢谢 👍'])('%s is no stop', (text) => expect(read(text).optOut).toBeNull());
});

describe('the same kinds in other words (round 32 training texts)', () => {
  it.each([
    ['我姐叫我回TD 我不回 我还在找活路', 'unknown'],
    ['宿舍热得要命 连个风扇都没得', 'report'],
    ['六十五了还能当保安吗', 'list_jobs'],
  ])('%s: %s', noStop);
});

describe('an application withdrawn with another asked after it is no withdrawal', () => {
  it('报名的1003我不去了 帮我报1005', () => expect(read('报名的1003我不去了 帮我报1005').intent).toBe('apply'));
});
