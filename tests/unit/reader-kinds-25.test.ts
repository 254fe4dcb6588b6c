import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// Round 25: the kinds fresh24 left (docs/reader.md "Round 25: kinds left by fresh24"), each tested in
// words of our own, with near-misses that must read as before.
const read = testReader();

describe('busy now, send later: a pause until the busy spell is over', () => {
  it.each([
    '忙过这阵再发',
    '忙过这段时间再发',
    '这阵子忙 过了再发',
    '忙好了再发给我',
    '现在太忙了，忙完再说',
    '最近忙得很 忙完了再联系',
    '忙过这几天再给我发',
    '这些天忙 过后再说',
  ])('%s: a pause of no fixed length', (text) => {
    const r = read(text);
    expect(r.intent).toBe('pause');
    expect(r.pause).toBeNull();
  });

  it.each(['忙完了 可以发了', '我忙完了 又发嘛', '现在不忙了 发吧', '忙过这阵子了 继续发吧', '这阵子忙完了 发吧', '忙好了 发吧', '忙过这阵子了 又给我发嘛'])(
    '%s: the spell told as over, a resume',
    (text) => {
      expect(read(text).intent).toBe('resume');
    },
  );

  it.each(['在忙 等下再说', '我在地里干活呢 晚上再说', '在忙'])('%s: later today, nothing asked', (text) => {
    expect(read(text).intent).toBe('unknown');
  });

  it('帮忙 is no busy spell', () => {
    expect(read('帮忙再发一下岗位').intent).not.toBe('pause');
  });
});

describe('short pieces split by commas or spaces are a text typed apart', () => {
  it.each([
    ['我，会，焊', '焊工'],
    ['缝，纫', '缝纫'],
    ['会，电，焊', '焊工'],
    ['我，会，开，叉车', '叉车'],
    ['我,衣裳,缝,会', '缝纫'],
    ['我 会 开 叉车', '叉车'],
  ])('%s: the skill is read', (text, skill) => {
    expect(read(text).skills).toContain(skill);
  });

  it.each(['S T 0 P', 's t 0 p 谢谢', 't,d', 't，d', '退，订', '不，要，发，了'])('%s: a sure stop', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).toBe('sure');
  });

  it.each([
    ['1,3', [1, 3]],
    ['1 3', [1, 3]],
    ['1，3，5', [1, 3, 5]],
    ['2,4', [2, 4]],
    ['我,选,1,3', [1, 3]],
  ])('%s: menu answers stay apart', (text, choices) => {
    const r = read(text);
    expect(r.intent).toBe('unknown');
    expect(r.menuChoices).toEqual(choices);
  });

  it.each([
    ['报，名，1003', 'apply', '1003'],
    ['b,m,1003', 'apply', '1003'],
  ])('%s: an application typed apart keeps its code', (text, intent, code) => {
    const r = read(text);
    expect(r.intent).toBe(intent);
    expect(r.code).toBe(code);
  });

  it('words of their own between commas keep their place: 订阅，缝纫，蒙自', () => {
    const r = read('订阅，缝纫，蒙自');
    expect(r.intent).toBe('subscribe');
    expect(r.skills).toEqual(['缝纫']);
    expect(r.places[0]?.name).toContain('蒙自');
  });
});

describe('a skill name typed wholly by its sound, as a word of its own', () => {
  it.each([
    ['订阅 逢人 个旧', '缝纫'],
    ['订阅逢人蒙自', '缝纫'],
    ['我会逢人', '缝纫'],
    ['技能 菜摘', '采摘'],
    ['我会 汗工', '焊工'],
    ['会母工', '木工'],
  ])('%s: %s', (text, skill) => {
    expect(read(text).skills).toContain(skill);
  });

  it.each(['逢人就说你们好', '考研', '出事了', '终止'])('%s: an everyday word, no skill', (text) => {
    expect(read(text).skills).toEqual([]);
  });
});

describe('mushrooms: gathered is picking, picked over is sorting', () => {
  it.each(['捡菌子', '拾鸡枞', '找菌子', '挖松茸', '会捡牛肝菌'])('%s: 采摘', (text) => {
    expect(read(text).skills).toEqual(['采摘']);
  });
  it.each(['拣菌子', '选鸡枞', '拣松茸', '分牛肝菌', '拣核桃'])('%s: 分拣, not corrected to 捡', (text) => {
    expect(read(text).skills).toEqual(['分拣']);
  });
});

describe('扎花 beside cut flowers is tying them, flower work', () => {
  it.each(['剪玫瑰扎花', '花基地扎花', '会剪鲜花 扎花', '捆花', '绑花束 包花'])('%s: 花卉, no embroidery', (text) => {
    const r = read(text);
    expect(r.skills).toContain('花卉');
    expect(r.skills).not.toContain('刺绣');
  });
  it.each(['扎花', '会扎花 绣衣服', '会扎花 会刺绣', '会剪玫瑰，也会扎花绣鞋垫'])('%s: still embroidery', (text) => {
    expect(read(text).skills).toContain('刺绣');
  });
});

describe('那点, 那里 after a code or a place is "there", not the question 哪点', () => {
  it.each([
    ['我想去2047那点做', '2047'],
    ['想克 3108 那里上班', '3108'],
    ['我要克1206那点', '1206'],
    ['报1410 那点近', '1410'],
  ])('%s: an application', (text, code) => {
    const r = read(text);
    expect(r.intent).toBe('apply');
    expect(r.code).toBe(code);
    expect(r.reading).not.toMatch(/哪/);
  });

  it.each(['我想去草坝那点做', '草坝那点有活没得', '在蒙自那里住'])('%s: the place is kept as written', (text) => {
    const r = read(text);
    expect(r.reading).toMatch(/那[点里]/);
    expect(r.places.length).toBeGreaterThan(0);
  });

  it.each([
    // (Where an opening named by its code is: its details since Round 35, list_jobs before.)
    ['1532在哪点', 'details'],
    ['街天那点有招工的没得', 'list_jobs'],
  ])('%s: a question where none of them stands before it', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
});

describe("someone else's phone, its owner away: no opt-out", () => {
  it.each([
    '这是我老公的手机 他出去打工了 等他回来再回你们',
    '我妈不在家，她回来了我让她回你们',
    '我是她女儿 她去医院了 回来再联系你们',
    '他不在 等他回来再说',
  ])('%s: the answer put off, unknown', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unknown');
    expect(r.optOut).toBeNull();
  });

  it.each(['这是我爸的号 他住院了 等他回来再发吧', '我儿子出去了 先别发 等他回来再发'])('%s: the sending put off, a pause', (text) => {
    expect(read(text).intent).toBe('pause');
  });

  it.each(['我爸不要了 别发了', '帮我妈退订', '这是我老公的手机 他不在家 你们不要再发了', '我姑娘出去打工了 退订吧'])('%s: a stop from a relative stays a stop', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).toBe('sure');
  });

  it.each(['我不在家 回来再说', '我不在家 等我回来再发'])("%s: the worker's own absence is their own pause", (text) => {
    expect(read(text).intent).toBe('pause');
  });
});
