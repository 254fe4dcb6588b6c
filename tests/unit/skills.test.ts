import { describe, expect, it } from 'vitest';
import { SKILLS, findSkillMentions, findSkills, resolveSkill } from '../../src/domain/skills.js';

// The table in docs/skills.md: canonical name and the words listed beside it.
const DOMAIN_TABLE: Record<string, string[]> = {
  缝纫: ['车工', '平车', '缝纫工'],
  裁剪: ['裁床'],
  整烫: ['烫衣'],
  刺绣: ['绣花'],
  编织: ['手工编织', '织布'],
  手工: ['手工活', '串珠'],
  组装: ['零件组装', '装配'],
  包装: ['打包'],
  分拣: ['挑拣'],
  质检: ['检验'],
  食品加工: ['农产品加工'],
  采摘: ['摘果'],
  种植: ['栽种'],
  养殖: ['养猪'],
  烤烟: ['烟叶'],
  花卉: ['鲜花'],
  普工: ['杂工', '小工'],
  搬运: ['装卸'],
  保洁: ['清洁'],
  保安: ['门卫'],
  厨师: ['厨工', '帮厨'],
  驾驶: ['司机', '驾驶员'],
  叉车: ['叉车工'],
  电工: [],
  焊工: ['电焊'],
  木工: [],
  泥瓦工: ['泥水工', '砌砖'],
};

describe('SKILLS', () => {
  it('holds exactly the 27 canonical skills of docs/skills.md', () => {
    expect(SKILLS.map((s) => s.name).sort()).toEqual(Object.keys(DOMAIN_TABLE).sort());
  });

  it('knows every synonym of docs/skills.md and many more', () => {
    for (const [name, words] of Object.entries(DOMAIN_TABLE)) {
      for (const word of [name, ...words]) expect(resolveSkill(word)?.name, word).toBe(name);
    }
    const synonyms = SKILLS.reduce((n, s) => n + s.synonyms.length, 0);
    expect(synonyms).toBeGreaterThan(3 * Object.values(DOMAIN_TABLE).flat().length);
  });

  it('never gives one word to two skills', () => {
    const owner = new Map<string, string>();
    for (const skill of SKILLS) {
      for (const word of [skill.name, ...skill.synonyms, ...(skill.pinyin ?? [])]) {
        expect(owner.get(word) ?? skill.name, `${word} in ${skill.name} and ${owner.get(word)}`).toBe(skill.name);
        owner.set(word, skill.name);
      }
    }
  });

  it('groups skills into families for broader matching', () => {
    const family = (name: string): string | undefined => SKILLS.find((s) => s.name === name)?.family;
    expect(new Set(['缝纫', '裁剪', '整烫', '刺绣'].map(family)).size).toBe(1);
    expect(new Set(['采摘', '种植', '养殖', '烤烟', '花卉'].map(family)).size).toBe(1);
    expect(new Set(['电工', '焊工', '木工', '泥瓦工'].map(family)).size).toBe(1);
    expect(new Set(['驾驶', '叉车', '搬运'].map(family)).size).toBe(1);
    expect(family('缝纫')).not.toBe(family('驾驶'));
    expect(family('编织')).toBe(family('手工'));
  });
});

describe('resolveSkill', () => {
  it('resolves synonyms, pinyin, full-width and traditional spellings', () => {
    expect(resolveSkill('踩缝纫机')?.name).toBe('缝纫');
    expect(resolveSkill('fengren')?.name).toBe('缝纫');
    expect(resolveSkill('Feng Ren')?.name).toBe('缝纫');
    expect(resolveSkill('ＢＡＯＺＨＵＡＮＧ')?.name).toBe('包装');
    expect(resolveSkill('縫紉')?.name).toBe('缝纫');
    expect(resolveSkill('会开车')?.name).toBe('驾驶');
    expect(resolveSkill('编竹篮')?.name).toBe('编织');
  });

  it('returns undefined for words that are no skill', () => {
    expect(resolveSkill('工厂')).toBeUndefined();
    expect(resolveSkill('蒙自')).toBeUndefined();
    expect(resolveSkill('')).toBeUndefined();
  });
});

describe('findSkills', () => {
  it('finds skills in order of appearance without duplicates', () => {
    expect(findSkills('我会开车，也会电焊，开车十年了')).toEqual(['驾驶', '焊工']);
    expect(findSkills('缝纫 车工 平车')).toEqual(['缝纫']);
    expect(findSkills('技能 包装 分拣')).toEqual(['包装', '分拣']);
  });

  it('takes the longest word first', () => {
    expect(findSkills('手工编织')).toEqual(['编织']);
    expect(findSkills('叉车司机')).toEqual(['叉车']);
    expect(findSkills('摘花椒')).toEqual(['采摘']);
  });

  it('does not find skills inside ordinary words', () => {
    expect(findSkills('附近有什么小工厂')).toEqual([]);
    expect(findSkills('我在外面打工')).toEqual([]);
    expect(findSkills('工资多少')).toEqual([]);
  });

  it('skips skills the worker says they lack', () => {
    expect(findSkills('不会开车，会做饭')).toEqual(['厨师']);
    expect(findSkills('没学过电焊')).toEqual([]);
  });

  it('reads pinyin only as whole words', () => {
    expect(findSkills('dy baozhuang mengzi')).toEqual(['包装']);
    expect(findSkills('ding yue feng ren')).toEqual(['缝纫']);
    expect(findSkills('xbaozhuangx')).toEqual([]);
  });

  it('normalises the text first', () => {
    expect(findSkills('訂閱 刺繡')).toEqual(['刺绣']);
  });

  it('reports positions in the normalised text', () => {
    expect(findSkillMentions('订阅 缝纫 南沙')).toEqual([{ name: '缝纫', start: 3, end: 5 }]);
  });
});
