import { normalizeText } from './text-normalize.js';

/** A canonical skill, the family used for broader matching, and the words workers use for it. */
export interface SkillDef {
  name: string;
  family: string;
  synonyms: string[];
  /** Toneless full pinyin, for workers whose phone has no Chinese input. */
  pinyin?: string[];
}

/** Where a skill was mentioned in a normalised text. */
export interface SkillMention {
  name: string;
  start: number;
  end: number;
}

/**
 * The canonical skills of domain.md with the words workers actually text. Synonyms are in
 * simplified Chinese as normalizeText leaves them; the families group skills an employer would
 * accept in place of each other when nobody has the exact one.
 */
export const SKILLS: readonly SkillDef[] = [
  // 服装: the county-town garment plants
  {
    name: '缝纫',
    family: '服装',
    synonyms: [
      '车工', '平车', '平车工', '缝纫工', '缝纫机', '踩缝纫机', '踩衣车', '衣车', '车衣', '车衣服',
      '做衣服', '制衣', '针车', '缝衣服', '缝补', '裁缝', '车位', '锁边', '拷边', '包缝', '做服装',
      '缝纫女工', '车缝', '缝制', '缝纫活',
    ],
    pinyin: ['fengren', 'chegong', 'pingche', 'fengrengong', 'caifeng', 'zhiyi'],
  },
  {
    name: '裁剪',
    family: '服装',
    synonyms: ['裁床', '裁布', '剪裁', '裁衣', '开裁', '裁剪工', '裁床工', '排料'],
    pinyin: ['caijian', 'caichuang'],
  },
  {
    name: '整烫',
    family: '服装',
    synonyms: ['烫衣', '烫衣服', '熨烫', '熨衣服', '烫工', '大烫', '后道', '后整', '剪线头', '剪线', '烫台'],
    pinyin: ['zhengtang', 'tangyi'],
  },
  {
    name: '刺绣',
    family: '服装',
    synonyms: [
      '绣花', '十字绣', '彝绣', '苗绣', '哈尼刺绣', '绣娘', '绣工', '电脑绣花', '绣衣服', '绣鞋垫',
      '会绣', '绣东西', '民族刺绣', '挑花',
    ],
    pinyin: ['cixiu', 'xiuhua'],
  },
  // 手工: home piecework
  {
    name: '编织',
    family: '手工',
    synonyms: [
      '手工编织', '织布', '编竹篮', '编草帽', '编篮子', '竹编', '藤编', '草编', '编竹子', '编筐',
      '织毛衣', '打毛衣', '钩针', '钩织', '织毛线', '编席子', '编草席', '编背篓', '编织袋', '织锦',
      '编东西', '编手链', '编绳', '编草鞋', '织东西', '编竹器',
    ],
    pinyin: ['bianzhi', 'zhibu', 'zhubian'],
  },
  {
    name: '手工',
    family: '手工',
    synonyms: [
      '手工活', '串珠', '串珠子', '穿珠', '穿珠子', '做手工', '手工艺', '手作', '做假花', '粘花',
      '糊纸盒', '糊盒子', '粘盒子', '折纸', '手工品', '家庭手工', '做绢花', '手工串珠', '做饰品',
      '穿线', '计件活',
    ],
    pinyin: ['shougong', 'chuanzhu', 'shougonghuo'],
  },
  // 装配/加工: village plants, light assembly and processing
  {
    name: '组装',
    family: '装配加工',
    synonyms: [
      '零件组装', '装配', '装配工', '组装工', '电子组装', '插件', '装电子', '装零件', '拧螺丝',
      '打螺丝', '流水线', '装配线', '装玩具', '装灯', '电子厂', '装配件', '组装零件', '配件组装',
    ],
    pinyin: ['zuzhuang', 'zhuangpei'],
  },
  {
    name: '包装',
    family: '装配加工',
    synonyms: ['打包', '装箱', '封箱', '包装工', '装袋', '包货', '贴标', '贴标签', '打包装', '套包装', '包装厂'],
    pinyin: ['baozhuang', 'dabao'],
  },
  {
    name: '分拣',
    family: '装配加工',
    synonyms: [
      '挑拣', '分选', '拣货', '选果', '分货', '捡货', '分拣员', '挑果子', '选果子', '拣选', '快递分拣',
      '选菜', '挑菜', '拣菜', '选咖啡豆', '挑咖啡豆',
    ],
    pinyin: ['fenjian', 'tiaojian'],
  },
  {
    name: '质检',
    family: '装配加工',
    synonyms: ['检验', '品检', '质检员', '检验员', '查货', '验货', '品管', '质量检查', '检品', 'qc'],
    pinyin: ['zhijian', 'jianyan', 'pinjian'],
  },
  {
    name: '食品加工',
    family: '装配加工',
    synonyms: [
      '农产品加工', '食品厂', '做米线', '米线厂', '做饵块', '饵块', '做糕点', '做豆腐', '腌菜', '做腌菜',
      '酱菜', '做罐头', '罐头厂', '蔬菜加工', '水果加工', '茶叶加工', '制茶', '炒茶', '做茶', '屠宰',
      '食品', '做月饼', '做火腿', '做腊肉', '咖啡加工', '烤鸭', '做粉丝', '加工厂',
    ],
    pinyin: ['shipinjiagong', 'shipin'],
  },
  // 农业: seasonal field work
  {
    name: '采摘',
    family: '农业',
    synonyms: [
      '摘果', '摘果子', '摘水果', '采果', '收果', '采茶', '采茶叶', '摘茶', '摘茶叶', '摘花椒',
      '摘咖啡', '采咖啡', '摘辣椒', '摘菜', '收菜', '摘葡萄', '摘石榴', '摘梨', '摘蓝莓', '摘草莓',
      '摘杨梅', '摘芒果', '摘香蕉', '砍香蕉', '砍甘蔗', '收甘蔗', '挖洋芋', '收洋芋', '掰玉米', '收玉米',
      '摘枇杷', '摘柑橘', '摘橘子', '摘桃子', '采菌子', '捡菌子', '收割', '割稻谷',
    ],
    pinyin: ['caizhai', 'zhaiguo', 'caicha'],
  },
  {
    name: '种植',
    family: '农业',
    synonyms: [
      '栽种', '种地', '种菜', '种田', '种蔬菜', '栽秧', '插秧', '种果树', '种树', '栽树', '种甘蔗',
      '种香蕉', '种庄稼', '农活', '干农活', '务农', '育苗', '除草', '薅草', '打药', '施肥', '修枝',
      '剪枝', '套袋', '果园', '菜地', '大棚', '种玉米', '种水稻', '种茶', '种咖啡', '种菌子', '种辣椒',
      '种药材', '种三七', '栽烟', '种地的', '犁田', '耙田',
    ],
    pinyin: ['zhongzhi', 'zaizhong', 'zhongdi', 'zhongcai'],
  },
  {
    name: '养殖',
    family: '农业',
    synonyms: [
      '养猪', '养鸡', '养牛', '养羊', '养鸭', '养鹅', '养鱼', '养蜂', '养兔', '喂猪', '喂鸡', '喂牛',
      '放牛', '放羊', '养殖场', '猪场', '鸡场', '牛场', '饲养', '饲养员', '稻田养鱼', '喂猪喂鸡', '养过猪', '养过牛', '养过鸡', '养过羊', '养过鱼',
    ],
    pinyin: ['yangzhi', 'yangzhu', 'siyang'],
  },
  {
    name: '烤烟',
    family: '农业',
    synonyms: [
      '烟叶', '烤烟叶', '编烟', '绑烟', '烟草', '种烟', '烟农', '烤房', '分烟', '烟站', '挑烟', '采烟',
      '摘烟叶', '收烟', '炕烟',
    ],
    pinyin: ['kaoyan', 'yanye'],
  },
  {
    name: '花卉',
    family: '农业',
    synonyms: [
      '鲜花', '种花', '插花', '花农', '剪花', '花卉基地', '花房', '养花', '切花', '包花', '玫瑰花',
      '花基地', '种玫瑰',
    ],
    pinyin: ['huahui', 'xianhua'],
  },
  // 后勤/普工: work that asks for no trade
  {
    name: '普工',
    family: '后勤',
    synonyms: [
      '杂工', '小工', '打杂', '普通工', '力工', '零工', '打零工', '做零工', '临时工', '杂活', '力气活',
      '出力气', '帮工', '苦力', '操作工', '什么都能干', '啥都能干', '什么都能做', '啥都能做', '啥都会',
      '什么都会', '都可以干', '干啥都行', '做什么都行', '工地', '做工地', '普工', '小时工', '散工',
    ],
    pinyin: ['pugong', 'zagong', 'xiaogong', 'linggong'],
  },
  {
    name: '保洁',
    family: '后勤',
    synonyms: [
      '清洁', '清洁工', '打扫卫生', '打扫', '搞卫生', '做卫生', '扫地', '保洁员', '家政', '环卫',
      '扫大街', '收拾房间', '擦玻璃', '卫生员',
    ],
    pinyin: ['baojie', 'qingjie', 'jiazheng'],
  },
  {
    name: '保安',
    family: '后勤',
    synonyms: ['门卫', '看门', '守门', '保安员', '巡逻', '安保', '看大门', '守大门', '值班员'],
    pinyin: ['baoan', 'menwei'],
  },
  {
    name: '厨师',
    family: '后勤',
    synonyms: [
      '厨工', '帮厨', '做饭', '煮饭', '烧饭', '炒菜', '做菜', '切菜', '配菜', '洗碗', '洗碗工', '大厨',
      '厨子', '食堂', '面点', '打荷', '厨房', '食堂阿姨', '后厨', '炒锅',
    ],
    pinyin: ['chushi', 'chugong', 'bangchu', 'zuofan'],
  },
  // 建筑: the trades
  {
    name: '电工',
    family: '建筑',
    synonyms: ['水电工', '电工证', '接电', '装电', '修电器', '装水电', '电路', '电气', '电工活', '布线'],
    pinyin: ['diangong', 'shuidian'],
  },
  {
    name: '焊工',
    family: '建筑',
    synonyms: ['电焊', '电焊工', '焊接', '氩弧焊', '气焊', '焊工证', '烧电焊', '烧焊', '二保焊'],
    pinyin: ['hangong', 'dianhan', 'hanjie'],
  },
  {
    name: '木工',
    family: '建筑',
    synonyms: ['木匠', '做家具', '木活', '木工活', '支模', '模板工', '做木活', '打家具', '木工师傅'],
    pinyin: ['mugong', 'mujiang'],
  },
  {
    name: '泥瓦工',
    family: '建筑',
    synonyms: [
      '泥水工', '砌砖', '瓦工', '泥工', '泥瓦匠', '砌墙', '抹灰', '贴砖', '贴瓷砖', '粉墙', '盖房子',
      '砖工', '泥水匠', '砌石头', '刮大白',
    ],
    pinyin: ['niwagong', 'wagong', 'nishuigong', 'qizhuan'],
  },
  // 运输: driving and moving goods
  {
    name: '驾驶',
    family: '运输',
    synonyms: [
      '司机', '驾驶员', '开车', '会开车', '开大车', '开货车', '开小车', '货车司机', '驾照', '开三轮',
      '开拖拉机', '拖拉机', '跑运输', '开班车', '开挖机', '挖机', '挖掘机', '铲车', '开铲车', '开车的',
      '送货', '跑货', '开过车', '开过货车', '开过大车', '开面包车', '开农用车', '大车司机', 'b2', 'a2', 'c1', 'a1', 'b1',
    ],
    pinyin: ['jiashi', 'siji', 'jiashiyuan', 'kaiche'],
  },
  {
    name: '叉车',
    family: '运输',
    synonyms: ['叉车工', '开叉车', '开过叉车', '叉车司机', '叉车证', '铲板车'],
    pinyin: ['chache', 'chachegong'],
  },
  {
    name: '搬运',
    family: '运输',
    synonyms: [
      '装卸', '搬货', '卸货', '装车', '卸车', '搬东西', '扛包', '搬运工', '下货', '上货', '扛麻袋',
      '装卸工', '背东西', '物流', '仓库', '理货', '仓管',
    ],
    pinyin: ['banyun', 'zhuangxie'],
  },
];

// Words that contain a synonym but are not a skill. The scanner takes the longest word at each
// position, so listing 小工厂 here stops 小工 (普工) from firing inside it.
const NOT_SKILLS = [
  '工厂', '小工厂', '打工', '做工', '工作', '上工', '开工', '工资', '工钱', '食品安全', '打扫一下',
  '开车来', '开车去', '开车过来', '开车送', '检验报告', '打包票', '清洁费', '物流费', '快递费',
  '在食堂吃', '食堂吃饭',
];

// A skill right after one of these is one the worker does not have or does not want.
const NEGATIONS = ['不会', '不想', '不要', '不能', '不做', '不干', '没学过', '没做过', '没干过', '不愿意', '不搞'];

const CJK_WORDS = new Map<string, SkillDef | null>();
const ASCII_WORDS = new Map<string, SkillDef>();
let maxCjkLength = 0;

for (const skill of SKILLS) {
  for (const word of [skill.name, ...skill.synonyms]) {
    if (/^[a-z0-9]+$/.test(word)) ASCII_WORDS.set(word, skill);
    else CJK_WORDS.set(word, skill);
  }
  for (const py of skill.pinyin ?? []) ASCII_WORDS.set(py, skill);
}
for (const word of NOT_SKILLS) if (!CJK_WORDS.has(word)) CJK_WORDS.set(word, null);
for (const word of CJK_WORDS.keys()) maxCjkLength = Math.max(maxCjkLength, word.length);

/** The skill a single word names (canonical name, synonym or full pinyin), if any. */
export function resolveSkill(word: string): SkillDef | undefined {
  const key = normalizeText(word).replace(/[\s'-]/g, '');
  return CJK_WORDS.get(key) ?? ASCII_WORDS.get(key) ?? undefined;
}

/** Canonical skill names mentioned in free text, in order of appearance, without duplicates. */
export function findSkills(text: string): string[] {
  const names: string[] = [];
  for (const m of findSkillMentions(normalizeText(text))) if (!names.includes(m.name)) names.push(m.name);
  return names;
}

/**
 * Skill mentions with their positions in an already normalised text, longest word first at
 * each position; the reader uses the spans to keep skill words out of place matching.
 */
export function findSkillMentions(normalized: string): SkillMention[] {
  const found: SkillMention[] = [];
  // Chinese words: longest match at each position, scanning left to right.
  for (let i = 0; i < normalized.length; ) {
    let matched = 0;
    for (let len = Math.min(maxCjkLength, normalized.length - i); len >= 2; len--) {
      const word = normalized.slice(i, i + len);
      if (!CJK_WORDS.has(word)) continue;
      const skill = CJK_WORDS.get(word);
      if (skill && !isNegated(normalized, i)) found.push({ name: skill.name, start: i, end: i + len });
      matched = len;
      break;
    }
    i += matched || 1;
  }
  // Pinyin and ASCII words (b2, qc) must be whole words: "fengren" yes, "t" inside "tfengren" no.
  const tokens = [...normalized.matchAll(/[a-z][a-z0-9]*/g)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (!token) continue;
    const next = tokens[t + 1];
    // "feng ren" typed syllable by syllable.
    if (next && /^ ?$/.test(normalized.slice(token.end, next.start))) {
      const joined = ASCII_WORDS.get(token.word + next.word);
      if (joined) {
        found.push({ name: joined.name, start: token.start, end: next.end });
        t++;
        continue;
      }
    }
    const skill = ASCII_WORDS.get(token.word);
    if (skill) found.push({ name: skill.name, start: token.start, end: token.end });
  }
  return found.sort((a, b) => a.start - b.start);
}

// The negation may also share its last character with the word: 不会 + 会开车 in 不会开车.
function isNegated(text: string, start: number): boolean {
  return NEGATIONS.some(
    (n) =>
      text.slice(Math.max(0, start - n.length), start) === n ||
      text.slice(Math.max(0, start - n.length + 1), start + 1) === n,
  );
}
