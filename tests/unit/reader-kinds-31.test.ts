import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// Round 31 (docs/reader.md "Round 31: fresh29"): the kinds the blind set fresh29 showed — workers who ask — in words of
// our own (not the set's); the near-misses must keep their reading.
const read = testReader();

describe('lists asked in other ways: list_jobs', () => {
  it.each([
    '除了采茶 其他还有什么活',
    '除开缝纫以外 别的有没有',
    '除了电子厂别的厂有哪些',
    '我会烫衣服 也会缝纫 有什么合适我的',
    '会开叉车 有没有适合我的活',
    '我会做饭 哪些适合我',
    '哪点在招采茶的',
    '哪儿有要缝纫工的',
    '采茶的活哪点有',
  ])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('list_jobs');
    expect(r.optOut).toBeNull();
  });
  it('除了缝纫 别的都不会 stays a skill told', () => expect(read('除了缝纫 别的都不会').intent).toBe('update_skills'));
  it('the skills asked with are kept', () => expect(read('我会烫衣服 也会缝纫 有什么合适我的').skills.sort()).toEqual(['整烫', '缝纫'].sort()));
  it.each(['有没有不需要技术的活', '没技术也能做的 有吗'])('work that asks no trade is 普工: %s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('list_jobs');
    expect(r.skills).toEqual(['普工']);
  });
});

describe('an opening pointed at and "count me in": apply', () => {
  it.each(['这个采茶的加我一个', '那家包装厂的算我一个嘛', '那个缝纫的也报我一个'])('%s', (text) => expect(read(text).intent).toBe('apply'));
  it.each(['编草帽的也算我一个', '算我一个 会插秧'])('the kind of work alone stays a sign-up: %s', (text) => expect(read(text).intent).toBe('subscribe'));
  it('with a code, the code', () => {
    const r = read('2041那个算我一份');
    expect(r.intent).toBe('apply');
    expect(r.code).toBe('2041');
  });
});

describe('digits read out as on the radio (洞 zero, 拐 seven)', () => {
  it.each([
    ['报名 两拐洞幺', '2701'],
    ['BM幺洞拐五', '1075'],
  ])('%s: %s', (text, code) => {
    const r = read(text);
    expect(r.intent).toBe('apply');
    expect(r.code).toBe(code);
  });
  it.each(['山洞里有水', '拐弯那家厂', '走路一拐一拐的 还能做活吗'])('%s has no code', (text) => expect(read(text).code).toBeNull());
});

describe('whether an application took: status', () => {
  it.each([
    ['2045那个厂要我了没有', '2045'],
    ['1088录我没', '1088'],
    ['1003 shou wo le mei', '1003'],
    ['1032报进去了没有', '1032'],
    ['我说的2041不去了 退掉了吗', '2041'],
  ])('%s', (text, code) => {
    const r = read(text);
    expect(r.intent).toBe('status');
    expect(r.code).toBe(code);
    expect(r.optOut).toBeNull();
  });
  it.each(['我上次讲的3012不去了 撤销了没有', '那个说过的1150我不做了 去掉了吗'])('an opening given up, asked whether it was taken off: %s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('status');
    expect(r.optOut).toBeNull();
  });
  it('a promise broken after 说的 stays a report', () => expect(read('说的是包吃住 去了哪样都没得').intent).toBe('report'));
  it.each(['我报了三家 哪家要我了', '报了两个厂 哪个有消息', '我是报成了没'])('%s', (text) => expect(read(text).intent).toBe('status'));
  it('1003还要人吗 asks about the opening, not the application', () => expect(read('1003还要人吗').intent).not.toBe('status'));
  it('怎么报上 asks how', () => expect(read('怎么报上').intent).toBe('help'));
});

describe('the sending asked for again, a stop taken back: resume', () => {
  it.each(['麻烦重新给我推嘛', '我爸又想找活了 重新给他发', '不退订了 继续发', '算了不退了 还是给我发'])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('resume');
    expect(r.optOut).toBeNull();
  });
  it('重新给我发一下那个岗位 asks for the list', () => expect(read('重新给我发一下那个岗位').intent).toBe('list_jobs'));
  it('押金不退了 is about a deposit', () => expect(read('押金不退了 还是发给我').intent).not.toBe('resume'));
});

describe('bullied at work, overtime unpaid, children at work: report', () => {
  it.each(['我老婆在车间被领班骂哭了', '加班都是白干', '天天加班 加班费都没给', '晚上加班 一分加班费都没有', '十四岁的娃在车间上班'])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('report');
    expect(r.optOut).toBeNull();
  });
  it.each(['老板给我打电话了', '加班不加钱吗', '我家娃初中生 暑假想打工'])('%s is no report', (text) => expect(read(text).intent).not.toBe('report'));
});

describe('the place of what was sent goes last', () => {
  it('推来的全是个旧的活 我住建水', () => expect(read('推来的全是个旧的活 我住建水').places[0]?.name).toBe('建水县'));
});

describe('a stop that gives up an opening keeps its code', () => {
  it('1025那个不去了 以后别发了', () => {
    const r = read('1025那个不去了 以后别发了');
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).toBe('sure');
    expect(r.code).toBe('1025');
  });
  it('退订 1025 has none', () => expect(read('退订 1025').code).toBeNull());
});

describe('the sending asked "can you" to be stopped: a sure stop', () => {
  it.each(['能不能停掉', '可以停了不', '可以关掉不嘛', '能不能帮我停掉'])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).toBe('sure');
  });
  it.each([
    ['能不能暂停', 'pause'],
    ['可以停一下不', 'pause'],
    ['是不是停了', 'status'],
  ])('%s stays %s', (text, intent) => expect(read(text).intent).toBe(intent));
  it('能停车不 is no stop', () => expect(read('能停车不').intent).not.toBe('unsubscribe'));
});

describe('a landmark is no work wanted, a skill replaced is not kept', () => {
  it('超市旁边的包装厂招人吗: 包装 alone', () => expect(read('超市旁边的包装厂招人吗').skills).toEqual(['包装']));
  it('停车场门口那家电子厂: no guard', () => expect(read('停车场门口那家电子厂还要人吗').skills).not.toContain('保安'));
  it('我想看停车场 keeps the guard', () => expect(read('我想看停车场').skills).toContain('保安'));
  it('把缝纫换成包装: 包装 alone', () => expect(read('把缝纫换成包装').skills).toEqual(['包装']));
});
