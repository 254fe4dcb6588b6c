import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// The kinds a twenty-third blind set found (docs/reader.md "Round 23: fresh23"), each tested in words of our own:
// none of these texts is in the set.
const read = testReader();

describe('reports: the older turned away, the payer gone, pay other than said, children at work', () => {
  it.each([
    '面试的说50岁以上的不要 我都白去了',
    '老板说超过四十岁的一律不招',
    '厂里说年纪大的不要 女的也不要',
    '包工头说月底结 现在电话都打不通了',
    '工钱说好过年结 人都跑了',
    '老板人找不到了 工钱还没给',
    '那个厂给的根本不是说的那个工价',
    '工资跟招聘上写的不一样 少了一千',
    '工地上有童工',
    '车间里有小孩子在干活 才十四五岁',
  ])('%s: a report', (text) => {
    expect(read(text).intent).toBe('report');
  });

  it.each(['超过45岁的要不要', '你们这里招不招年纪大的'])('%s: asked, no report', (text) => {
    expect(read(text).intent).not.toBe('report');
  });
});

describe('moves: 位置 changed, and where one lives now with 现在 after it', () => {
  it.each([
    ['改位置 开远 大庄', '大庄'],
    ['换个位置 开远', '开远'],
    ['位置改成 蒙自', '蒙自'],
    ['住在个旧 现在', '个旧'],
    ['住 弥勒 竹园 现在', '竹园'],
  ])('%s: a move', (text, place) => {
    const r = read(text);
    expect(r.intent).toBe('update_place');
    expect(r.places[0]?.name ?? '').toContain(place);
  });

  it.each(['你们的位置在哪', '住蒙自 现在有活吗'])('%s: no move', (text) => {
    expect(read(text).intent).not.toBe('update_place');
  });
});

describe('status: an application followed up, and one\'s own record asked about', () => {
  it.each([
    '报了3305 几时喊我去上班',
    '我报名的那个 究竟要不要我',
    '前天报的那个厂到底要不要我嘛 都等了好几天了',
    '我前天报的那个厂到底收不收我啊',
    '我报名的那个 究竟要不要我 等了三天了',
    '我报的4410有戏没 都等了一个星期了',
    '报了那个厂 咋个还不回我 等了好几天了',
    '我填的电话有没有错',
    '登记的手艺对吗',
  ])('%s: status', (text) => {
    expect(read(text).intent).toBe('status');
  });

  it.each([
    ['我的地址改成蒙自', 'update_place'],
    ['我想报3305 什么时候面试', 'apply'],
  ])('%s: %s, no status', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
});

describe('pauses and resumes: 过阵子 再发, and a past pause ended, run together', () => {
  it.each(['最近走不开 过些天再发给我', '家里有事 过一阵再推', '这个月不得空，过段日子再发'])('%s: a pause', (text) => {
    expect(read(text).intent).toBe('pause');
  });

  it.each(['前段时间暂停了 现在病好了你们就接着发吧', '之前说了暂停 秋收完了你们可以继续推了', '上回说暂停的 现在回来了你们可以接着发了'])('%s: a resume', (text) => {
    expect(read(text).intent).toBe('resume');
  });

  it('过阵子有活吗: a question, no pause', () => {
    expect(read('过阵子有活吗').intent).not.toBe('pause');
  });
});

describe('lists: work asked for in a question of its own, then what it pays or gives', () => {
  it.each(['有打包的活吗 工资多少', '有打包的活吗 工资高不高', '开远有没有搬砖的活路嘛 包吃住不', '新街有采茶的活吗，一天多少钱'])('%s: list_jobs', (text) => {
    expect(read(text).intent).toBe('list_jobs');
  });

  it.each(['1234 有活吗 工资多少', '没有打包的活吗 工资多少'])('%s: no list', (text) => {
    expect(read(text).intent).not.toBe('list_jobs');
  });
});

describe('adverts: a loan or card advert pasted back is no application', () => {
  it.each(['【安心借】额度最高20万 秒下款 回Y即可申请', '信用卡额度提升 回复2立即办理', '【速借】放款快 回1马上领取'])('%s: unknown', (text) => {
    expect(read(text)).toMatchObject({ intent: 'unknown' });
    expect(read(text).optOut ?? null).toBeNull();
  });

  it('报名1234: still an application', () => {
    expect(read('报名1234').intent).toBe('apply');
  });
});

describe('applications with how to be told: by text, not a call', () => {
  it.each(['报名7012 不要打电话 发信息通知我', '我想报3301 莫打电话 短信联系', '报名 4410 不用打电话，发短信就好'])('%s: apply', (text) => {
    const r = read(text);
    expect(r.intent).toBe('apply');
    expect(r.optOut ?? null).toBeNull();
  });

  it.each(['报名3301 别打电话 也别发短信了', '报名 7012 别打电话 发短信就行 td'])('%s: what we send refused too, no application', (text) => {
    expect(read(text).intent).not.toBe('apply');
  });
});

describe('skills: the old work dropped and the new one named by its own verb', () => {
  it.each([
    ['不搞采茶了，现在学缝纫', '缝纫'],
    ['我不做包装了 现在种烤烟', '烤烟'],
    ['不干搬运了，去学开叉车', '叉车'],
  ])('%s: update_skills', (text, skill) => {
    const r = read(text);
    expect(r.intent).toBe('update_skills');
    expect(r.skills).toContain(skill);
  });

  it('不要发了，我种烤烟的: still a stop', () => {
    expect(read('不要发了，我种烤烟的').intent).toBe('unsubscribe');
  });
});

describe('stops: work found and the registration cancelled in words, thanks after it', () => {
  it.each(['我有工作了，取消我的登记 谢谢', '找到活了 帮我注销 谢谢你们', '已经找到工作了 麻烦取消一下我的注册 谢谢了'])('%s: a stop', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });

  it.each(['我找到工作了 谢谢你们', '找到工作了 不要取消我的登记 谢谢'])('%s: no stop', (text) => {
    expect(read(text).intent).not.toBe('unsubscribe');
  });
});

describe('help: whether our texts are real, and how to see them again after an outage', () => {
  it.each(['你们发的短信是真的还是骗人的', '你们推的这些靠不靠谱 不是骗人的吧'])('%s: no report', (text) => {
    expect(read(text).intent).not.toBe('report');
  });

  it('你们介绍的那个厂老板骗人: still a report', () => {
    expect(read('你们介绍的那个厂老板骗人').intent).toBe('report');
  });

  it.each(['手机停电了 短信没看到 回什么才能再看', '手机没电了 发啥子才能重新看', '停电了 怎么报名'])('%s: help', (text) => {
    expect(read(text).intent).toBe('help');
  });

  it('停电了 别再发短信了: still a stop', () => {
    expect(read('停电了 别再发短信了').intent).toBe('unsubscribe');
  });
});

describe('lists: work wanted, then what there is asked in a clause of its own', () => {
  it.each(['想在开远找份工作 有些什么', '我想找点活做，都有啥呢', '回来了 想找个事做，有哪些'])('%s: list_jobs', (text) => {
    expect(read(text).intent).toBe('list_jobs');
  });

  it.each(['想找个活 会缝纫 住开远', '找个活 有哪些要求'])('%s: no list', (text) => {
    expect(read(text).intent).not.toBe('list_jobs');
  });
});
