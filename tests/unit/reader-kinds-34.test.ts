import { describe, it } from 'vitest';
import { noStop, sureStop, unclearStop } from '../helpers/reader.js';

// Round 34 (docs/reader.md "Round 34: the second red team"): the kinds the second red team's dev half showed, in words of
// our own (not the set's); the near misses must keep their reading. Every text that is no stop is checked for optOut null,
// every stop for a sure one (or an unclear one where the text is unclear).

describe('a stop someone else wants, asked how on their behalf: help', () => {
  it.each(['我姑妈让我问问 她以后不想收这个了要回哪个字', '我姐叫我问问 她不想要了咋个退', '我爸让我问一下 他以后不想收了回什么', '我朋友说回T就收不到了 是真的吗'])('%s', (text) => noStop(text, 'help'));
  it.each(['我妈叫我问一下 我也不想收了 帮我退掉'])('%s stays a stop', sureStop);
});

describe('a stop quoted and refused: unknown', () => {
  it.each(['我媳妇叫我退订 我才不', '我妈说叫我取消 我就不', '我婆娘让我回TD 我就不回'])('%s', (text) => noStop(text, 'unknown'));
  it.each(['我老公说不要发了'])('%s stays a stop', sureStop);
});

describe('a stop negated: unknown', () => {
  it.each(['千万不要把我退订了 我还在找活', '可别给我取消了', 'do not remove me please', 'dont cancel my alerts', 'dont stop sending'])('%s', (text) =>
    noStop(text, 'unknown'),
  );
  it.each(['我儿子帮我订的 我不要 取消掉', '哪个给我订的这个 我不要 退掉'])('%s (a refusal, then the stop) stays a stop', sureStop);
  it('暂停一个月 别退订我 stays a pause', () => noStop('暂停一个月 别退订我', 'pause'));
  it('不要取消我的推送 我还要 stays a resume', () => noStop('不要取消我的推送 我还要', 'resume'));
});

describe("one employer's postings refused", () => {
  it.each([
    ['那家厂黑心 扣押金 别再给我推他家的了', 'report'],
    ['别再发3021的了 那个老板骗人', 'report'],
    ['这个厂的别发了 太远', 'unknown'],
  ])('%s: %s', noStop);
  it.each(['你们所有的都别发了', '这家厂骗人 你们的短信全部不要发了'])('%s stays a stop', sureStop);
});

describe('one kind refused in English: unknown', () => {
  it.each(['stop sending night shift ones', 'no more far away jobs please'])('%s', (text) => noStop(text, 'unknown'));
  it.each(['stop sending me texts', 'stop'])('%s stays a stop', sureStop);
});

describe('a stop denied and a place or skill said', () => {
  it('不是要退订 是想改成缝纫', () => noStop('不是要退订 是想改成缝纫', 'update_skills'));
  it('不是不要 是这个月先停一下 stays a pause', () => noStop('不是不要 是这个月先停一下', 'pause'));
});

describe('work found and a pause said: pause', () => {
  it.each(['我找到工作了 暂停一个月 不行再回来', '找到活了 先停一停 干不下去再说'])('%s', (text) => noStop(text, 'pause'));
});

describe('the rest', () => {
  it.each([
    ['这个活不干了 帮我换个', 'list_jobs'],
    ['这个算了 以后有缝纫的再通知我', 'update_skills'],
    ['放假了有没有工资', 'unknown'],
  ])('%s: %s', noStop);
});

describe('stops', () => {
  it.each(['谁说我不要退 赶紧给我退掉', '把我的号码删了', '你们是谁 我不要 删掉我的电话号码', '可以不要再给我发了吗', '你们能不能以后别发了', '取订'])('%s', sureStop);
  it.each(['我不要删了我的号码', '取', '🔕', '📵📵'])('%s: unclear', unclearStop);
  it('🛑📵: sure', () => sureStop('🛑📵'));
  it.each([
    ['能不能不要发那么早', 'unknown'],
    ['能不能别发夜班的', 'unknown'],
    ['别删我的号码', 'unknown'],
  ])('%s: %s (narrowed or negated)', noStop);
});
