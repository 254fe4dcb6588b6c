import { beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader, type ReadMessage } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';

// The kinds a twenty-second blind set found (docs/reader.md "Round 22b: fresh22"), each tested in words of our own:
// none of these texts is in the set.
let read: (text: string) => ReadMessage;
beforeAll(() => {
  read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });
});

describe('stops: a polite cancel of the subscription, a pause refused for a stop, digits typed for letters', () => {
  it.each([
    '帮我取消一下订阅 我在广东上班了',
    '老板 取消下我妈的订阅 她不识字',
    '取消一下这个订阅嘛',
    '麻烦 取消一哈 我的订阅 已经去昆明打工了',
    '把我的订阅取消了吧 去外省了',
  ])('%s: a sure stop', (text) => {
    expect(read(text)).toMatchObject({ intent: 'unsubscribe', optOut: 'sure' });
  });

  it.each(['别暂停了，直接退订', '不用暂停了 取消吧', '莫暂停 给我退掉算了', '不是暂停 是退订'])('%s: a stop, not a resume', (text) => {
    expect(read(text)).toMatchObject({ intent: 'unsubscribe', optOut: 'sure' });
  });

  it.each(['莫暂停干脆退掉', '不 用 暂 停   直 接 退 订', '不是暂停是取消订阅'])('%s: run together or typed apart, still a stop', (text) => {
    expect(read(text)).toMatchObject({ intent: 'unsubscribe', optOut: 'sure' });
  });

  it.each(['5top', 'ST0P', 's70p!!', 'unsubscr1be'])('%s: a stop word with digits for letters', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });

  it.each(['不要取消我的订阅', '别取消我的订阅 我还要找活', '莫取消一下我的订阅嘛'])('%s: the cancel refused, no stop', (text) => {
    expect(read(text).intent).not.toBe('unsubscribe');
  });

  it('keeps codes, words that are not stops and the pause taken back as they were', () => {
    expect(read('bm1003')).toMatchObject({ intent: 'apply', code: '1003' });
    expect(read('sh0p').intent).not.toBe('unsubscribe');
    expect(read('取消一下我的报名').intent).not.toBe('unsubscribe');
    expect(read('不用暂停了').intent).toBe('resume');
    expect(read('别暂停了 我又要找活路').intent).toBe('resume');
    expect(read('不要暂停，继续发').intent).toBe('resume');
  });
});

describe('a pause refused as the wrong word, and the change said after it', () => {
  it.each([
    ['不是暂停！我搬到蒙自了', '蒙自市'],
    ['我不是要暂停 是换地方 现在在开远', '开远市'],
  ])('%s: a change of place', (text, place) => {
    const r = read(text);
    expect(r.intent).toBe('update_place');
    expect(r.places[0]?.name).toBe(place);
  });

  it.each(['不是暂停 我想找活 会缝纫 住新街', '我不是要暂停 我要换个活 会开叉车了'])('%s: the sign-up said after the correction, no pause', (text) => {
    expect(read(text).intent).toBe('subscribe');
  });
});

describe('skills in Hani and Yi order with the ability after the verb, and skill initials after the command', () => {
  it.each([
    ['我饭做会 蒙自住', '厨师'],
    ['墙 砌 会 我 鸡街 在', '泥瓦工'],
    ['猪养会 活路要', '养殖'],
    ['我 车 开 会 开远', '驾驶'],
    ['花绣得来 想在家做', '刺绣'],
    ['她 布 织 会', '编织'],
  ])('%s: %s', (text, skill) => {
    expect(read(text).skills).toContain(skill);
  });

  it('reads nothing when the work is over or the object is the thing itself', () => {
    expect(read('衣服做好了').skills).toEqual([]);
  });

  it.each([
    ['订阅 fr 新街', '缝纫'],
    ['DY HG 蒙自', '焊工'],
    ['jn cs', '厨师'],
  ])('%s: %s by its initials', (text, skill) => {
    expect(read(text).skills).toContain(skill);
  });

  it('reads no initials two skills share, command letters or initials outside a keyword text', () => {
    expect(read('dy zz 个旧').skills).toEqual([]);
    expect(read('dy bz 个旧').skills).toEqual([]);
    expect(read('cj 个旧').skills).toEqual([]);
  });

  it('joins no words across a space from the tails of two clauses (拿回家里做 娃娃小)', () => {
    expect(read('会编竹篮 想拿回家里做 娃娃还小').skills).toEqual(['编织']);
    expect(read('缝 衣服 会').skills).toContain('缝纫');
  });
});

describe('lists: a workshop asked for, a place and work asked about there, terms offered, initials', () => {
  it.each(['元阳哪里有车间', '蒙自有没有作坊 做手工的', '建水那边有些什么厂', '想做缝纫 个旧有没有', '找保洁的活 县城还有吗', '我会开叉车，蒙自那边有没得'])('%s: a list', (text) => {
    expect(read(text).intent).toBe('list_jobs');
  });

  it.each([
    ['想做包装蒙自有吗', '蒙自市'],
    ['会缝纫个旧有没有', '个旧市'],
    ['开远有吗', '开远市'],
  ])('%s: a place and its question run on after the work wanted', (text, place) => {
    const r = read(text);
    expect(r.intent).toBe('list_jobs');
    expect(r.places[0]?.name).toBe(place);
  });

  it.each([
    ['官厅哪点有活', '官厅镇'],
    ['冷泉还要人不', '冷泉镇'],
    ['和平有些什么厂', '和平镇'],
  ])('%s: the place a word too, read before the question', (text, place) => {
    const r = read(text);
    expect(r.intent).toBe('list_jobs');
    expect(r.places[0]?.name).toBe(place);
  });

  it.each(['给钱就做 哪里有活', '加班都行 有钱就干 有活没得', '通宵都得 有没有事做'])('%s: terms offered, then work asked for', (text) => {
    expect(read(text).intent).toBe('list_jobs');
  });

  it('still reads a question about fees as help', () => {
    expect(read('要钱吗').intent).toBe('help');
    expect(read('订阅收费不').intent).toBe('help');
  });

  it.each(['YHMD', 'ymyh', 'ygzm'])('%s: initials of a list question', (text) => {
    expect(read(text).intent).toBe('list_jobs');
  });
});

describe('pauses until an event to come, resumes said with 开始, a move by marriage', () => {
  it.each(['去广东打半年工 回家以后继续给我发', '忙完秋收再接着推', '摘完茶继续发', '回来接着发吧'])('%s: a pause', (text) => {
    expect(read(text).intent).toBe('pause');
  });

  it.each(['我回来了 接着发', '摘完了 继续发', '孩子开学了 又有空了 继续给我发招工信息'])('%s: the event over, a resume', (text) => {
    expect(read(text).intent).toBe('resume');
  });

  it.each(['可以开始了 继续发', '开始吧，发给我', '那就开始嘛 推给我'])('%s: a resume', (text) => {
    expect(read(text).intent).toBe('resume');
  });

  it('keeps a resend as a list', () => {
    expect(read('重新发一下岗位').intent).toBe('list_jobs');
  });

  it.each([
    ['嫁到建水了 以后帮我推建水的活', '建水县'],
    ['我姑娘嫁去开远了 以后给她发开远的', '开远市'],
    ['嫁过来了 现在住蒙自 以后给我发这边的', '蒙自市'],
  ])('%s: a move', (text, place) => {
    const r = read(text);
    expect(r.intent).toBe('update_place');
    expect(r.places[0]?.name).toBe(place);
  });
});

describe('reports: women and mothers turned away, papers held, pay under what the post said', () => {
  it.each(['那家厂不要女的', '厂里不招女工', '老板嫌我带孩子 不要我', '他们说带小孩的一律不收', '有娃娃的不要 说请假多', '面试的说 女的不要'])('%s: a report', (text) => {
    expect(read(text).intent).toBe('report');
  });

  it.each(['1024要不要女的', '女的不要吗', '招不招女的', '女的不要去工地', '我老婆说女的不要发夜班的活', '昨天去面试了 说不要女的 还有别的活没有'])('%s: no report', (text) => {
    expect(read(text).intent).not.toBe('report');
  });

  it.each(['进厂先押身份证 说是规矩', '身份证被扣在厂里了', '他们把我们的身份证押着 说做满半年才还', '证件押在老板那里 干满一年才给'])('%s: a report', (text) => {
    expect(read(text).intent).toBe('report');
  });

  it.each(['身份证要押吗', '身份证留在家里了 能报名吗', '要不要押身份证', '进厂要押身份证吗', '不要押身份证的厂有没有', '那个厂不要女的吗'])('%s: no report', (text) => {
    expect(read(text).intent).not.toBe('report');
  });

  it.each(['广告上写的5000 到手才3000', '网上说一个月四千 做了一个月只给两千八'])('%s: a report, the sums no code', (text) => {
    expect(read(text)).toMatchObject({ intent: 'report', code: null });
  });
});

describe('the kinds reader22 was to read, read after rebasing on it: an application unanswered, who may sign up, an opening wished for by its code', () => {
  it.each(['我报的那个厂咋个还不回我', '报了的那个为什么一直不联系我', '我报的那个到现在都不理人'])('%s: status', (text) => {
    expect(read(text).intent).toBe('status');
  });

  it.each(['我不是本地人 能订吗', '外县人可以订吗', '不是本地的 能不能报名'])('%s: help', (text) => {
    expect(read(text).intent).toBe('help');
  });

  it.each([
    ['我想做那个6120的保洁', '6120'],
    ['想干那个3105的保安', '3105'],
    ['我要做这个2208的包装工嘛', '2208'],
  ])('%s: applies to %s', (text, code) => {
    expect(read(text)).toMatchObject({ intent: 'apply', code });
  });

  it('keeps a question about the opening a question', () => {
    expect(read('我想做那个7720的缝纫工 工资多少').intent).not.toBe('apply');
  });
});
