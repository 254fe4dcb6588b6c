import { pinyin } from 'pinyin-pro';
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
 * The canonical skills (docs/skills.md) with the words workers actually text. Synonyms are in
 * simplified Chinese as normalizeText leaves them; the families group skills an employer would
 * accept in place of each other when nobody has the exact one.
 */
export const SKILLS: readonly SkillDef[] = [
  // 服装: the county-town garment plants
  {
    name: '缝纫',
    family: '服装',
    synonyms: [
      '缝鞋垫', '车鞋垫', '做衣裳', '缝衣裳', '车衣裳', '服装厂', '制衣厂', '衣服厂', '做裤子', '车裤子', '缝纽扣', '钉扣子', '锁扣眼', '做窗帘', '做箱包', '缝箱包', '车包', '做校服', '做工装', '做鞋', '鞋厂', '做鞋子', '缝鞋', '做手套', '缝被子', '做被套', '做床单', '纺织', '纺织厂', '踩车', '车衣工', '缝纫车', '缝东西', '踩机子', '打边', '做民族服装', '做民族服饰', '缝民族服装', '做帽子', 
      '车工', '平车', '平车工', '缝纫工', '缝纫机', '踩缝纫机', '踩衣车', '衣车', '车衣', '车衣服',
      '做衣服', '制衣', '针车', '缝衣服', '缝补', '裁缝', '车位', '锁边', '拷边', '包缝', '做服装',
      '缝纫女工', '车缝', '缝制', '缝纫活',
    ],
    pinyin: ['sewing', 'sew', 'tailor', 'seamstress', 'garment', 'fengren', 'chegong', 'pingche', 'fengrengong', 'caifeng', 'zhiyi'],
  },
  {
    name: '裁剪',
    family: '服装',
    synonyms: [
      '裁布料', '剪布', '裁片', '裁衣服', '开料', '剪布料', '裁皮', '裁鞋垫', '裁床', '裁布', '剪裁', '裁衣', '开裁', '裁剪工', '裁床工', '排料'],
    pinyin: ['cutting', 'cutter', 'caijian', 'caichuang'],
  },
  {
    name: '整烫',
    family: '服装',
    synonyms: [
      '熨衣', '熨烫工', '熨斗', '烫衣工', '烫裤子', '挂烫', '整理衣服', '叠衣服', '折衣服', '剪线头工', '烫衣', '烫衣服', '熨烫', '熨衣服', '烫工', '大烫', '后道', '后整', '剪线头', '剪线', '烫台'],
    pinyin: ['ironing', 'zhengtang', 'tangyi'],
  },
  {
    name: '刺绣',
    family: '服装',
    synonyms: [
      '绣鞋垫', '绣花鞋', '绣的', '做鞋垫', '鞋垫', '纳鞋垫', '绣衣', '绣帽子', '绣包', '绣围裙', '彝族刺绣', '哈尼族刺绣', '刺绣工', '绣片', '手工刺绣', '十字绣工', '绣花工', '绣荷包', '绣背带', '绣花边', '绣民族服装', '扎染', '蜡染', 
      '绣花', '十字绣', '彝绣', '苗绣', '哈尼刺绣', '绣娘', '绣工', '电脑绣花', '绣衣服', '绣鞋垫',
      '会绣', '绣东西', '民族刺绣', '扎花', '扎绣', '扎花边', '挑花',
    ],
    pinyin: ['embroidery', 'embroider', 'xiuhua', 'cixiu', 'xiuhua'],
  },
  // 手工: home piecework
  {
    name: '编织',
    family: '手工',
    synonyms: [
      '竹编', '编竹筐', '编竹箩', '编簸箕', '竹篮', '竹筐', '竹席', '竹编工', '藤条', '编藤', '藤椅', '编藤椅', '藤编工', '编草', '编草垫', '草帽', '编织工', '编篓', '编箩筐', '编凉席', '编竹', '竹器', '竹制品', '藤制品', '编帽子', '编包', '编织包', '织布机', '织土布', '织锦工', '编中国结', '中国结', '编绳子', '编蒲团', '织围巾', '棕编', '编棕', 
      '手工编织', '织布', '编竹篮', '编草帽', '编篮子', '竹编', '藤编', '草编', '编竹子', '编筐',
      '织毛衣', '打毛衣', '钩针', '钩织', '织毛线', '编席子', '编草席', '编背篓', '编织袋', '织锦',
      '编东西', '编手链', '编篾子', '编篾', '篾子', '竹篾', '篾匠', '篾活', '破篾', '编绳', '编草鞋', '织东西', '编竹器',
    ],
    pinyin: ['weaving', 'weave', 'knitting', 'bamboo', 'rattan', 'bianzhi', 'zhibu', 'zhubian'],
  },
  {
    name: '手工',
    family: '手工',
    synonyms: [
      '做手工活', '手工活路', '串珠工', '穿珠工', '糊纸', '做纸花', '做花圈', '折元宝', '叠元宝', '做香', '做头花', '做发夹', '做耳环', '做首饰', '贴钻', '粘钻', '手工制品', '做玩具', '缝玩具', '做娃娃', '手工艺品', '做工艺品', '拿回家做', '在家做', '计件', '外发加工', '外发手工', '手工外发', '带回家做', '剪纸', '做灯笼', 
      '手工活', '串珠', '串珠子', '穿珠', '穿珠子', '做手工', '手工艺', '手作', '做假花', '粘花',
      '糊纸盒', '糊盒子', '粘盒子', '折纸', '手工品', '家庭手工', '做绢花', '手工串珠', '做饰品',
      '穿线', '做包包', '紫陶', '做紫陶', '做陶', '陶瓷', '捏陶', '做土陶', '刻陶', '计件活',
    ],
    pinyin: ['handicraft', 'handwork', 'handmade', 'beading', 'crafts', 'shougong', 'chuanzhu', 'shougonghuo'],
  },
  // 装配/加工: village plants, light assembly and processing
  {
    name: '组装',
    family: '装配加工',
    synonyms: [
      '装配电子', '电子厂零件', '装电子零件', '组装电子', '电子元件', '电子零件', '插件工', '焊锡', '装手机', '装耳机', '装数据线', '装充电器', '装插座', '装开关', '绕线', '装线圈', '装灯泡', '装灯具', '装小家电', '装电器', '组装玩具', '装笔', '装打火机', '装雨伞', '装配零件', '装五金', '五金装配', '车间组装', '流水线工', '装螺丝', '组装工人', '组装线', '拼装', '装配厂', 
      '零件组装', '装配', '装配工', '组装工', '电子组装', '插件', '装电子', '装零件', '拧螺丝',
      // 装小零件, 拼小配件 (Round 26): the small parts assembled, whatever the verb.
      '小零件', '小配件', '装小零件', '装小配件',
      '打螺丝', '流水线', '装配线', '装玩具', '装灯', '电子厂', '装配件', '组装零件', '配件组装',
    ],
    pinyin: ['assembly', 'assembling', 'electronics', 'zuzhuang', 'zhuangpei'],
  },
  {
    name: '包装',
    family: '装配加工',
    synonyms: [
      '打包快递', '打包货物', '装盒', '装盒子', '包装盒', '套袋子', '装袋子', '封口', '封袋', '打包员', '包装员', '包货物', '贴标签工', '打包工', '装筐', '装果子', '包装水果', '水果包装', '包装茶叶', '茶叶包装', '包咖啡', '装咖啡', '称重打包', '打包装箱', '缠膜', '打带', '打包', '装箱', '封箱', '包装工', '装袋', '包货', '贴标', '贴标签', '打包装', '套包装', '包装厂'],
    pinyin: ['packing', 'packaging', 'packer', 'baozhuang', 'dabao'],
  },
  {
    name: '分拣',
    family: '装配加工',
    synonyms: [
      '分拣快递', '快递分拣员', '挑果', '选果工', '分级', '挑拣工', '挑豆子', '选豆子', '挑咖啡', '分拣水果', '分拣蔬菜', '选辣椒', '挑辣椒', '挑茶叶', '拣茶', '分拣工', '拣豆子', '选烟', '分拣包裹', '选芒果', '分货员', 
      '挑拣', '分选', '拣货', '选果', '分货', '捡货', '分拣员', '挑果子', '选果子', '拣选', '快递分拣',
      '选菜', '挑菜', '拣菜', '选咖啡豆', '挑咖啡豆',
    ],
    pinyin: ['sorting', 'sorter', 'fenjian', 'tiaojian'],
  },
  {
    name: '质检',
    family: '装配加工',
    synonyms: [
      '检查质量', '检验工', '质量检验', '检查产品', '品质检验', '查次品', '挑次品', '质检工', 'qc检验', '检测员', '检测', '抽检', '检验', '品检', '质检员', '检验员', '查货', '验货', '品管', '质量检查', '检品', 'qc'],
    pinyin: ['inspection', 'inspector', 'zhijian', 'jianyan', 'pinjian'],
  },
  {
    name: '食品加工',
    family: '装配加工',
    synonyms: [
      '米线', '做米干', '米干', '卷粉', '做卷粉', '米粉', '做米粉', '做粉', '过桥米线', '做面条', '面条厂', '做豆腐皮', '豆腐', '做豆腐干', '做腐乳', '腌酸菜', '做酸菜', '做辣椒酱', '辣椒酱', '做酱', '做果脯', '果脯', '做蜜饯', '做果酱', '晒咖啡', '咖啡豆加工', '咖啡厂', '茶厂', '揉茶', '杀青', '晒茶', '做普洱茶', '制茶工', '剥核桃', '核桃', '砸核桃', '敲核桃', '核桃仁', '剥核桃仁', '核桃加工', '剥花生', '剥玉米', '剥豆', '剥蚕豆', '剥壳', '去壳', '做糖', '红糖', '熬糖', '做红糖', '做酒', '酿酒', '烤酒', '包粽子', '做粑粑', '做米糕', '做饼干', '做面包', '做包子', '做馒头', '做饺子', '包饺子', '做火腿肠', '做香肠', '灌香肠', '杀猪', '杀鸡', '屠宰场', '肉联厂', '水果罐头', '做罐头的', '腌菜厂', '切菜工', '削皮', '切片', '食品厂工人', '菌子加工', '晒菌子', '做鲜花饼', '鲜花饼', '烤乳扇', '做饵丝', '饵丝', 
      '农产品加工', '食品厂', '做米线', '米线厂', '做饵块', '饵块', '做糕点', '做豆腐', '腌菜', '做腌菜',
      '酱菜', '做罐头', '罐头厂', '蔬菜加工', '水果加工', '茶叶加工', '制茶', '炒茶', '做茶', '屠宰',
      '食品', '做月饼', '做火腿', '做腊肉', '咖啡加工', '烤鸭', '做粉丝', '罐头', '菌子罐头', '剥菌子', '剥笋', '剥竹笋', '洗菌子', '切菌子', '加工厂',
    ],
    pinyin: ['foodprocessing', 'food', 'shipinjiagong', 'shipin'],
  },
  // 农业: seasonal field work
  {
    name: '采摘',
    family: '农业',
    synonyms: [
      '摘咖啡豆', '采咖啡豆', '摘茶', '采茶工', '摘茶叶的', '摘果工', '摘水果的', '摘橙子', '摘脐橙', '摘柚子', '摘荔枝', '摘龙眼', '摘杨桃', '摘火龙果', '摘百香果', '摘猕猴桃', '摘苹果', '摘李子', '摘桃', '摘樱桃', '摘番茄', '摘西红柿', '摘茄子', '摘豆角', '摘黄瓜', '摘四季豆', '摘青菜', '砍菜', '割菜', '收白菜', '砍白菜', '挖土豆', '挖红薯', '挖姜', '收姜', '摘花', '采花', '掰苞谷', '收苞谷', '掰包谷', '收稻谷', '割谷子', '打谷子', '收谷子', '收小麦', '割麦子', '采蘑菇', '捡蘑菇', '摘菌子', '采松茸', '挖三七', '摘花椒的', '收核桃', '打核桃', '捡核桃', '摘核桃', '摘香蕉的', '割香蕉', '收香蕉', '摘芒果的', '收咖啡', '采果子', '摘果果', '采摘工', '摘辣子', '砍甘蔗的', '收菜的', '摘菜的', '摘葡萄的', '摘蓝莓的', '摘草莓的', 
      '摘果', '摘果子', '摘水果', '采果', '收果', '采茶', '采茶叶', '摘茶', '摘茶叶', '摘花椒',
      '摘咖啡', '采咖啡', '摘辣椒', '摘菜', '收菜', '摘葡萄', '摘石榴', '摘梨', '摘蓝莓', '摘草莓',
      '摘杨梅', '摘芒果', '摘香蕉', '砍香蕉', '砍甘蔗', '收甘蔗', '挖洋芋', '收洋芋', '掰玉米', '收玉米',
      '摘枇杷', '摘柑橘', '摘橘子', '摘桃子', '采菌子', '捡菌子', '收割', '割胶', '割橡胶', '割胶工', '橡胶', '割稻谷',
      // Crops of Honghe's hills picked by hand (金平, 绿春, 元阳: 草果, 八角, 砂仁; 屏边: 荔枝, 枇杷).
      '摘草果', '采草果', '收草果', '砍草果', '摘八角', '采八角', '收八角', '摘砂仁', '收砂仁', '摘板栗', '捡板栗',
      '打板栗', '摘木瓜', '摘菠萝', '砍菠萝', '摘柠檬', '摘青枣', '摘枣子', '采桑叶', '摘桑叶', '摘棉花', '采石斛',
      '摘石斛', '摘豌豆', '摘蚕豆', '摘红薯', '摘百合', '摘金银花', '采金银花', '摘茉莉花',
    ],
    pinyin: ['picking', 'picker', 'harvest', 'harvesting', 'caizhai', 'zhaiguo', 'caicha'],
  },
  {
    name: '种植',
    family: '农业',
    synonyms: [
      '栽秧子', '种秧', '种稻', '种稻谷', '种苞谷', '种包谷', '种洋芋', '种土豆', '种茶叶', '种花椒', '种核桃', '种芒果', '种菠萝', '种火龙果', '种橘子', '种柑橘', '种蔬菜的', '种菜的', '栽菜', '栽果树', '栽茶', '浇水', '浇地', '挖地', '锄地', '挖田', '修剪', '剪果枝', '嫁接', '套果袋', '疏果', '打农药', '喷药', '撒肥', '上肥', '除草工', '拔草', '薅秧', '大棚种菜', '大棚蔬菜', '农场', '基地干活', '种苗', '育秧', '栽苗', '种甘蔗的', '种香蕉的', '种菌', '种蘑菇', '种香菇', '种木耳', '种平菇', '种羊肚菌', '食用菌', '菌棒', '做菌棒', '装菌棒', '菌棒厂', '香菇棚', '香菇基地', '种草果', '种砂仁', '种中药', '种魔芋', '种山药', '守果园', '管果园', '管理果园', '田里干活', '地里干活', '干农活的', '做农活', 
      '栽种', '种地', '种菜', '种田', '种蔬菜', '栽秧', '插秧', '种果树', '种树', '栽树', '种甘蔗',
      '种香蕉', '种庄稼', '农活', '干农活', '务农', '育苗', '除草', '薅草', '打药', '施肥', '修枝',
      '剪枝', '套袋', '果园', '菜地', '大棚', '种玉米', '种水稻', '种茶', '种咖啡', '种菌子', '种辣椒',
      '种药材', '种三七', '种地的', '犁田', '耙田',
    ],
    pinyin: ['planting', 'farming', 'farm', 'farmer', 'zhongzhi', 'zaizhong', 'zhongdi', 'zhongcai'],
  },
  {
    name: '养殖',
    family: '农业',
    synonyms: [
      '养猪的', '喂猪的', '养鸡的', '喂鸡的', '养牛的', '放牛的', '养羊的', '放羊的', '养鸭子', '养鹅的', '养鱼的', '养蜂的', '养蚕', '喂蚕', '养竹鼠', '养兔子', '养猪场', '养鸡场', '养牛场', '猪圈', '鸡舍', '喂牲口', '喂牲畜', '放牲口', '放牧', '割猪草', '打猪草', '铡草', '养黄牛', '养水牛', '养山羊', '养黑猪', '养土鸡', '养鸽子', '捡鸡蛋', '配种', '兽医', '打防疫针', '清猪圈', '出栏', '养殖工', 
      '养猪', '养鸡', '养牛', '养羊', '养鸭', '养鹅', '养鱼', '养蜂', '养兔', '喂猪', '喂鸡', '喂牛',
      '放牛', '放羊', '养殖场', '猪场', '鸡场', '牛场', '饲养', '饲养员', '稻田养鱼', '喂猪喂鸡', '养过猪', '养过牛', '养过鸡', '养过羊', '养过鱼',
    ],
    pinyin: ['breeding', 'livestock', 'pigs', 'pig', 'cattle', 'chicken', 'yangzhi', 'yangzhu', 'siyang'],
  },
  {
    name: '烤烟',
    family: '农业',
    synonyms: [
      '烤烟叶', '种烤烟', '收烟叶', '采烟叶', '摘烟', '编烟叶', '绑烟叶', '烤烟房', '烟房', '烤烟工', '烟叶分级', '分烟叶', '选烟叶', '捆烟', '扎烟', '装烟', '上烟', '下烟', '炕烟叶', '烤房工', '烟草公司', '收烤烟', '烤烟的', '烘烟', '解烟', '打烟叶', '挂烟', 
      '烟叶', '烤烟叶', '编烟', '绑烟', '烟草', '种烟', '烟农', '烤房', '分烟', '烟站', '挑烟', '采烟',
      '摘烟叶', '收烟', '炕烟', '栽烟', '栽烤烟', '栽烟叶', '种烟叶', '烟苗', '栽烟苗', '种烟苗',
    ],
    pinyin: ['tobacco', 'kaoyan', 'yanye'],
  },
  {
    name: '花卉',
    family: '农业',
    synonyms: [
      '种鲜花', '摘鲜花', '剪鲜花', '包鲜花', '鲜切花', '花卉种植', '花卉公司', '玫瑰', '百合', '康乃馨', '剪花枝', '打花刺', '去花刺', '扎花束', '包扎鲜花', '分花', '种百合', '种康乃馨', '花卉大棚', '花圃', '苗圃', '育花苗', '盆景', '盆栽', '绿化', '种草坪', '园林', 
      '鲜花', '种花', '插花', '栽花', '栽鲜花', '育花', '花苗', '花农', '剪花', '花卉基地', '花房', '养花', '切花', '包花', '玫瑰花',
      '花基地', '剪玫瑰', '剪月季', '花厂', '鲜花厂', '鲜花基地', '种玫瑰',
    ],
    pinyin: ['flowers', 'flower', 'florist', 'huahui', 'xianhua'],
  },
  // 后勤/普工: work that asks for no trade
  {
    name: '普工',
    family: '后勤',
    synonyms: [
      '普通工人', '普工的', '做普工', '什么都干', '啥都干', '干啥都可以', '什么活都干', '什么活都可以', '啥活都行', '什么都行', '啥子都做', '哪样都做', '哪样都可以', '哪样活都做', '哪样活都做得', '哪样都做得', '啥活都做得', '啥子活都做得', '什么活都做得', '什么活都能干', '不拘哪样活', '莫管哪样活', '不管哪样活', '不管什么活', '不管啥活', '莫管啥活', '管他哪样活', '哪样活都行', '什么活都行', '不拘什么活', '不拘啥活', '不挑活', '活不挑', '哪样活都干', '都能做', '都会做', '粗活', '重活', '体力活', '下苦力', '做苦力', '出苦力', '日结', '日结工', '钟点工', '短工', '长工', '做小工', '当小工', '打小工', '做杂工', '工厂普工', '进厂', '进厂打工', '流水线普工', '车间普工', '厂里', '工厂里', 
      '杂工', '小工', '打杂', '普通工', '力工', '零工', '打零工', '做零工', '临时工', '杂活', '力气活',
      '出力气', '帮工', '苦力', '操作工', '什么都能干', '啥都能干', '什么都能做', '啥都能做', '啥都会',
      '什么都会', '都可以干', '干啥都行', '做什么都行', '工地', '做工地', '普工', '小时工', '散工', '不要技术的', '不要技术', '不需要技术', '不用技术', '不讲技术', '没技术也能做', '没有技术也能做', '不要手艺的', '不用手艺的', '不要文化的', '不用文化的',
    ],
    pinyin: ['labor', 'labour', 'laborer', 'labourer', 'generalworker', 'pugong', 'zagong', 'xiaogong', 'linggong'],
  },
  {
    name: '保洁',
    family: '后勤',
    synonyms: [
      '扫卫生', '打扫卫生的', '保洁阿姨', '清洁阿姨', '洗厕所', '擦桌子', '拖地', '收垃圾', '环卫工', '扫马路', '洗衣服', '家政服务', '做家政', '保姆', '做保姆', '照顾老人', '护工', '陪护', '月嫂', '钟点保姆', '物业保洁', '酒店保洁', '宾馆打扫', '洗被子', '洗床单', 
      '清洁', '清洁工', '打扫卫生', '打扫', '搞卫生', '做卫生', '扫地', '保洁员', '家政', '环卫',
      '扫大街', '收拾房间', '擦玻璃', '卫生员',
    ],
    pinyin: ['cleaning', 'cleaner', 'clean', 'housekeeping', 'baojie', 'qingjie', 'jiazheng'],
  },
  {
    name: '保安',
    family: '后勤',
    synonyms: [
      '看门的', '守夜', '值夜班保安', '巡逻员', '看仓库', '守仓库', '看工地', '守工地', '护卫', '门岗', '站岗', '停车场', '看停车场', '收费员', '安保员', '保安队', '夜班保安', '门卫室', '值班', '门卫', '看门', '守门', '保安员', '巡逻', '安保', '看大门', '守大门', '值班员',
      // 他以前看过大门 (Round 36): the 过 of experience inside the words for guarding.
      '看过大门', '守过大门', '看过仓库', '守过仓库', '看过工地', '守过工地', '当过保安', '干过保安', '做过保安'],
    pinyin: ['security', 'guard', 'baoan', 'menwei'],
  },
  {
    name: '厨师',
    family: '后勤',
    synonyms: [
      '煮饭的', '做饭的', '烧菜', '炒菜的', '做菜的', '切菜的', '洗菜', '洗碗的', '打杂厨房', '厨房帮工', '厨房打杂', '食堂做饭', '食堂煮饭', '给工人做饭', '工地做饭', '工地煮饭', '食堂工', '做早点', '做早餐', '煮米线', '卖米线', '烧烤', '做烧烤', '饭店', '餐馆', '服务员', '传菜', '端盘子', '面点师', '蒸馒头', '帮厨工', '厨房工', '厨娘', '大锅饭', '做饭阿姨', '煮饭阿姨', 
      '厨工', '帮厨', '做饭', '煮饭', '烧饭', '炒菜', '做菜', '切菜', '配菜', '洗碗', '洗碗工', '大厨',
      '厨子', '食堂', '面点', '打荷', '厨房', '食堂阿姨', '后厨', '炒锅',
    ],
    pinyin: ['cook', 'chef', 'kitchen', 'cooking', 'chushi', 'chugong', 'bangchu', 'zuofan'],
  },
  // 建筑: the trades
  {
    name: '电工',
    family: '建筑',
    synonyms: [
      '电工活路', '电工师傅', '接电线', '拉电线', '布电线', '装电线', '修电', '修电路', '水电', '水电安装', '装空调', '修空调', '装电表', '电器维修', '家电维修', '修家电', '装灯的', '弱电', '强电', '电力', '水电工', '电工证', '接电', '装电', '修电器', '装水电', '电路', '电气', '电工活', '修点电', '修些电', '修点电器', '修电线', '布线'],
    pinyin: ['electrician', 'diangong', 'shuidian'],
  },
  {
    name: '焊工',
    family: '建筑',
    synonyms: [
      '焊东西', '焊铁', '焊钢筋', '焊门窗', '焊架子', '焊铁门', '钢结构', '铁艺', '焊铁皮', '点焊', '焊接工', '烧焊工', '电焊', '电焊工', '焊接', '氩弧焊', '气焊', '焊工证', '烧电焊', '烧焊', '二保焊', '会焊', '能焊', '焊得来'],
    pinyin: ['welder', 'welders', 'welding', 'weld', 'welds', 'hangong', 'dianhan', 'hanjie'],
  },
  {
    name: '木工',
    family: '建筑',
    synonyms: [
      '木匠活', '做木工', '做门窗', '做桌子', '做柜子', '做床', '打柜子', '装修木工', '木模', '支模板', '模板', '钉模板', '做板凳', '木雕', '雕刻', '做木头', '刨木头', '锯木头', '木材厂', '木材加工', '板材厂', '做木门', '木匠', '做家具', '木活', '木工活', '支模', '模板工', '做木活', '打家具', '木工师傅'],
    pinyin: ['carpenter', 'carpentry', 'mugong', 'mujiang'],
  },
  {
    name: '泥瓦工',
    family: '建筑',
    synonyms: [
      '砌墙的', '砌砖的', '砌石', '打灰', '拌灰', '和水泥', '搅拌水泥', '抹墙', '粉刷', '刷墙', '刷漆', '油漆工', '贴地砖', '铺地砖', '铺瓷砖', '盖房', '建房子', '修房子', '建房', '起房子', '泥巴匠', '泥工活', '盖瓦', '上瓦', '捡瓦', '修屋顶', '做地坪', '打地坪', '抹水泥', '瓦匠', '砌匠', '钢筋工', '扎钢筋', '绑钢筋', '建筑工', '建筑工人', '建筑', '工地干活', '工地上班', '修路', '铺路', '挖沟', '挖土方', '架子工', '搭架子', 
      '泥水工', '砌砖', '瓦工', '泥工', '泥瓦匠', '砌墙', '抹灰', '贴砖', '贴瓷砖', '粉墙', '盖房子',
      '砖工', '泥水匠', '砌石头', '刮大白', '泥水活', '泥水', '做泥水', '泥巴活', '泥瓦活', '瓦工活', '泥工活路',
    ],
    pinyin: ['bricklayer', 'mason', 'masonry', 'construction', 'niwagong', 'wagong', 'nishuigong', 'qizhuan'],
  },
  // 运输: driving and moving goods
  {
    name: '驾驶',
    family: '运输',
    synonyms: [
      '开车司机', '开车的司机', '跑车', '跑滴滴', '开滴滴', '开出租', '开出租车', '出租车', '开公交', '开客车', '开大巴', '开渣土车', '开翻斗车', '开农用车的', '开小货车', '开皮卡', '开三轮车', '开电三轮', '开摩托', '骑摩托', '骑三轮', '送快递', '快递员', '外卖', '送外卖', '骑手', '配送', '跑腿', '拉货', '跑物流', '货运', '驾驶证', '有驾照', '驾驶员证', 'a照', 'b照', 'c照', 'a证', 'b证', 'c证', '开装载机', '装载机', '开推土机', '推土机', '开压路机', '开吊车', '吊车', '开挖土机', '挖土机', '勾机', '钩机', '开勾机', '开钩机', '开收割机', '开旋耕机', 
      '司机', '驾驶员', '开车', '会开车', '开大车', '开货车', '开小车', '货车司机', '驾照', '开三轮',
      '开拖拉机', '拖拉机', '跑运输', '开班车', '开挖机', '挖机', '挖掘机', '铲车', '开铲车', '开车的',
      '送货', '跑货', '开过车', '开过货车', '开过大车', '开面包车', '开农用车', '大车司机', 'b2', 'a2', 'c1', 'a1', 'b1',
    ],
    pinyin: ['driver', 'driving', 'drive', 'truck', 'trucks', 'truckdriver', 'lorry', 'jiashi', 'siji', 'jiashiyuan', 'kaiche'],
  },
  {
    name: '叉车',
    family: '运输',
    synonyms: [
      '开叉车的', '叉车工人', '铲车工', '叉车师傅', '叉车驾驶', '电动叉车', '柴油叉车', '开铲板车', '叉车员', '叉车工', '开叉车', '开过叉车', '叉车司机', '叉车证', '铲板车'],
    pinyin: ['forklift', 'forklifts', 'chache', 'chachegong'],
  },
  {
    name: '搬运',
    family: '运输',
    synonyms: [
      '搬砖', '搬货的', '搬运工人', '卸货的', '装货', '装货的', '卸车工', '扛货', '扛东西', '扛大包', '背货', '挑货', '抬东西', '搬家', '搬家公司', '搬箱子', '上下货', '码货', '码垛', '堆货', '仓库工', '仓库管理', '仓储', '入库', '出库', '拣货员', '拉板车', '推车', '力气大', '有力气', 
      '装卸', '搬货', '卸货', '装车', '卸车', '搬东西', '扛包', '搬运工', '下货', '上货', '扛麻袋',
      '装卸工', '物流园', '物流公司', '背东西', '物流', '仓库', '理货', '仓管',
    ],
    pinyin: ['porter', 'loading', 'moving', 'mover', 'banyun', 'zhuangxie'],
  },
];

// Tasks and products that name a skill by the work done (fresh19: 砌墙, 包鲜花饼, 菌子分大小 — workers
// say what they did, not the trade). Kept apart from the lists above so a round's additions read as one.
const TASKS: Readonly<Record<string, readonly string[]>> = {
  缝纫: ['缝窗帘', '做抱枕', '做沙发套', '做床罩', '缝口袋', '缝拉链', '上拉链', '装拉链', '上袖子', '绱袖子', '缝领子', '做童装', '做内衣', '做雨衣', '做书包', '缝书包'],
  裁剪: ['裁皮料', '剪样', '裁衣片', '裁布头'],
  整烫: ['熨裤子', '烫裤', '烫衬衣', '熨衬衣', '叠衣裳'],
  刺绣: ['绣枕套', '绣门帘', '绣桌布', '绣头巾', '绣腰带', '绣围腰'],
  编织: ['编竹凳', '编花篮', '编竹帽', '编斗笠', '编鸡笼', '编箩', '编竹篓', '织花带', '织腰带'],
  手工: ['做假发', '钩假发', '假发', '粘假睫毛', '假睫毛', '穿手串', '串手串', '做发圈', '做头绳', '粘鞋花', '做鞋花', '贴花片', '折纸盒'],
  组装: ['装电池', '装灯串', '装摄像头', '装马达', '装电机', '装风扇', '装电路板', '插电路板', '装遥控器', '装鼠标', '装键盘'],
  包装: ['装礼盒', '包礼盒', '套盒子', '装纸箱', '折纸箱', '叠纸箱', '钉纸箱', '封胶带', '贴胶带', '灌装', '套网袋', '装网袋', '包水果', '包果子', '包芒果', '套泡沫网'],
  分拣: ['挑杂质', '挑烂果', '挑坏果', '拣烂果', '拣石子', '挑石子', '挑次果', '选蘑菇', '挑蘑菇', '分蘑菇', '选松茸', '分松茸', '分快递', '分包裹'],
  质检: ['看次品', '查瑕疵', '查线头', '检查衣服', '检查零件'],
  种植: ['抹芽', '授粉', '盖地膜', '铺地膜', '搭棚', '栽烟苗子'],
  养殖: ['喂鸭', '喂鱼', '喂羊', '喂鹅', '清鸡粪', '喂猪食', '剁猪草', '放鸭子'],
  // (捆花, 绑花, 扎花把: bunching cut flowers; 扎花 itself is embroidery unless flowers are beside it, below.)
  花卉: ['包花束', '剪花刺', '分花枝', '插花泥', '剪花枝子', '捆花', '绑花', '捆花束', '绑花束', '扎花把', '捆鲜花', '扎花枝'],
  保洁: ['擦窗户', '扫楼道', '铺床', '换床单', '打扫房间', '打扫宾馆', '打扫酒店', '洗床单被套', '做清洁'],
  保安: ['看场子', '巡夜', '守厂', '看厂'],
  厨师: ['掌勺', '切墩', '炒饭', '煮面', '办酒席', '做酒席', '杀鱼'],
  电工: ['接线', '装电灯', '修电灯', '装开关插座'],
  焊工: ['焊管子', '焊栏杆', '焊防盗窗', '焊护栏', '焊钢管', '焊铁架'],
  木工: ['做门', '装门', '装木门', '装柜子', '做楼梯', '钉板子', '做木箱', '钉木箱', '做托盘', '钉托盘'],
  泥瓦工: ['砌围墙', '砌猪圈', '砌灶', '铺砖', '勾缝', '贴墙砖', '打混凝土', '浇混凝土', '打水泥', '抹地', '砌挡墙', '砌堡坎', '堡坎', '修坎子', '打灰浆'],
  驾驶: ['开货拉拉', '跑长途', '送水', '送煤气', '开中巴'],
  叉车: ['叉货', '开叉子'],
  搬运: ['卸砖', '搬水泥', '扛水泥', '卸水泥', '装水泥', '搬砖头', '背砖', '挑砖', '搬化肥', '扛化肥', '卸化肥', '装化肥'],
};
// A word some skill already has keeps that skill (扎花 is embroidery).
for (const skill of SKILLS) for (const word of TASKS[skill.name] ?? []) if (!SKILLS.some((k) => k.name === word || k.synonyms.includes(word))) skill.synonyms.push(word);

// Words that contain a synonym but are not a skill. The scanner takes the longest word at each
// position, so listing 小工厂 here stops 小工 (普工) from firing inside it.
const NOT_SKILLS = [
  '工厂', '小工厂', '打工', '做工', '工作', '上工', '开工', '工资', '工钱', '食品安全', '打扫一下',
  '开车来', '开车去', '开车过来', '开车送', '检验报告', '打包票', '清洁费', '物流费', '快递费',
  '在食堂吃', '食堂吃饭',
  // 接电话 (answering the phone) is not 接电 (wiring).
  '接电话', '接个电话', '接我电话',
];

// A skill right after one of these is one the worker does not have or does not want.
const NEGATIONS = ['不想做', '不想干', '不会', '不想', '不要', '不能', '不做', '不干', '没学过', '没做过', '没干过', '不愿意', '不搞', '不是', '不上'];

const CJK_WORDS = new Map<string, SkillDef | null>();
const ASCII_WORDS = new Map<string, SkillDef>();

for (const skill of SKILLS) {
  for (const word of [skill.name, ...skill.synonyms]) {
    if (/^[a-z0-9]+$/.test(word)) ASCII_WORDS.set(word, skill);
    else CJK_WORDS.set(word, skill);
  }
  for (const py of skill.pinyin ?? []) ASCII_WORDS.set(py, skill);
}
// 栽 is how Yunnan says 种 for what is planted (栽烟, 栽花, 栽菜): every 种X word is also a 栽X word.
for (const skill of SKILLS) {
  for (const word of skill.synonyms) if (word.startsWith('种') && word.length >= 2 && !CJK_WORDS.has('栽' + word.slice(1))) CJK_WORDS.set('栽' + word.slice(1), skill);
}
// Fruit and produce handled by hand: sorting it (挑芒果, 分菌子) is 分拣, and the object said before
// the verb (茶叶摘, the Hani order of 摘茶叶) is picking it.
const PRODUCE = ['芒果', '香蕉', '水果', '果子', '菌子', '茶叶', '核桃', '苹果', '橘子', '柑橘', '橙子', '辣椒', '咖啡豆', '咖啡', '荔枝', '枇杷', '李子', '桃子', '石榴', '葡萄', '草果', '花椒', '洋芋', '土豆', '豆子', '蔬菜', '青菜', '烟叶'];
// (果子摘完了 tells that the picking is over: the object-first word then names no work.)
const OBJECT_FIRST = new Set<string>();
const byName = (name: string): SkillDef | undefined => SKILLS.find((k) => k.name === name);
for (const item of PRODUCE) {
  for (const verb of ['挑', '选', '分', '拣']) if (!CJK_WORDS.has(verb + item)) CJK_WORDS.set(verb + item, item === '烟叶' ? (byName('烤烟') ?? null) : (byName('分拣') ?? null));
  if (!CJK_WORDS.has(item + '摘') && item !== '烟叶') {
    CJK_WORDS.set(item + '摘', byName('采摘') ?? null);
    OBJECT_FIRST.add(item + '摘');
  }
}
// 葡萄要摘了, 芒果该摘了 (Round 26): the produce ripe for picking, the picking still to come — 采摘; said done
// (葡萄要摘完了, 快摘好了) it names no work.
for (const item of PRODUCE) {
  if (item === '烟叶') continue;
  for (const soon of ['要', '该', '快', '可以', '开始', '等着']) {
    if (!CJK_WORDS.has(item + soon + '摘')) CJK_WORDS.set(item + soon + '摘', byName('采摘') ?? null);
    for (const done of ['完', '好', '过']) CJK_WORDS.set(item + soon + '摘' + done, null);
  }
}
// 采 and 摘 are the same picking (采葡萄 as 摘葡萄, 采芒果): every produce picked either way, and every
// 摘X word of the skill a 采X word too.
for (const item of PRODUCE) {
  if (item === '烟叶') continue;
  for (const verb of ['采', '摘']) if (!CJK_WORDS.has(verb + item)) CJK_WORDS.set(verb + item, byName('采摘') ?? null);
}
for (const word of byName('采摘')?.synonyms ?? []) if (word.startsWith('摘') && word.length >= 2 && !CJK_WORDS.has('采' + word.slice(1))) CJK_WORDS.set('采' + word.slice(1), byName('采摘') ?? null);
// Any work will do (莫管哪样活, 管他什么活, 不拘啥子活): 普工.
for (const lead of ['不管', '莫管', '管他', '管它', '不拘', '随便']) {
  for (const what of ['哪样', '什么', '啥', '啥子', '哪种']) for (const tail of ['活', '活路', '工作']) if (!CJK_WORDS.has(lead + what + tail)) CJK_WORDS.set(lead + what + tail, byName('普工') ?? null);
}
// 哪样活都得, 啥子活都要得: any work will do, said with 得 (can) — 普工; with 能 too (哪样活都能干, Round 32).
for (const what of ['哪样', '什么', '啥', '啥子', '哪种']) {
  for (const tail of ['活', '活路', '工作']) for (const end of ['都得', '都得行', '都要得', '都干得', '都整得', '都能干', '都能做', '都干得了', '都做得了']) if (!CJK_WORDS.has(what + tail + end)) CJK_WORDS.set(what + tail + end, byName('普工') ?? null);
}
// The object before the verb in Hani and Yi word order (衣服缝会 for 会缝衣服, 叉车开 for 开叉车): a
// craft verb's word (缝, 绣, 编, 织, 砌, 焊) or driving a vehicle (开 + …车/…机) with an object of two
// characters or more, said object first. Not 种, 装, 剥 and the like: 玉米种 is seed, 袋子装 a bag.
for (const skill of SKILLS) {
  for (const word of skill.synonyms) {
    const verb = word.charAt(0);
    const object = word.slice(1);
    const craft = /^[缝绣编织砌焊]$/.test(verb) || (verb === '开' && /[车机]$/.test(object));
    if (!craft || object.length < 2 || !/^\p{Script=Han}+$/u.test(object) || /[的过得工纫织锦接殖配]|东西/.test(object) || CJK_WORDS.has(object + verb)) continue;
    CJK_WORDS.set(object + verb, skill);
    OBJECT_FIRST.add(object + verb);
  }
}
// Hani and Yi order with the ability said after the verb (衣服做会, 布织会, 饭煮得来 for 会做衣服, 会织布,
// 煮得来饭; Round 22b): any work word of a verb and its object, the object of one character too (布, 饭,
// 墙) — the 会 or 得来 after the verb makes it a skill, where 玉米种 alone is seed.
for (const skill of SKILLS) {
  for (const word of skill.synonyms) {
    const verb = word.charAt(0);
    const object = word.slice(1);
    if (!/^[做缝绣编织砌焊煮炒种栽养喂开剪烫扎摘采]$/.test(verb) || object.length < 1 || object.length > 3 || !/^\p{Script=Han}+$/u.test(object) || /[的过得了会]/.test(object)) continue;
    for (const able of ['会', '得来', '得起']) if (!CJK_WORDS.has(object + verb + able)) CJK_WORDS.set(object + verb + able, skill);
  }
}
// Food made by hand, named by the product (包鲜花饼, 做月饼, 蒸馒头): 食品加工 whatever the verb, so the
// product wins over a shorter word inside it (包鲜花 is wrapping flowers, 玫瑰 a flower; 玫瑰馅 is filling).
const FOODS = [
  '鲜花饼', '玫瑰饼', '花饼', '月饼', '饼子', '馅饼', '烧饼', '粽子', '饺子', '包子', '馒头', '花卷', '汤圆', '粑粑', '米糕', '糕点', '蛋糕',
  '饼干', '面包', '米线', '米干', '卷粉', '饵块', '饵丝', '粉丝', '面条', '豆腐', '豆腐皮', '腐乳', '酸菜', '腌菜', '咸菜', '泡菜', '辣椒酱',
  '果酱', '果脯', '蜜饯', '罐头', '火腿', '香肠', '腊肠', '腊肉', '乳扇', '红糖', '糖果', '玫瑰馅', '鲜花馅', '花馅', '玫瑰酱', '玫瑰糖',
];
for (const food of FOODS) {
  // Alone, a food is what was eaten as often as what was made: only the fillings and the flower cakes.
  for (const verb of [...(/馅|鲜花饼|玫瑰饼/.test(food) ? [''] : []), '做', '包', '蒸', '烤', '炸', '卷', '揉', '腌', '灌', '熬', '搓', '压']) {
    const word = verb + food;
    if (word.length >= 2 && !CJK_WORDS.has(word)) CJK_WORDS.set(word, byName('食品加工') ?? null);
  }
}
// A flower cake or filling named with its flower (玫瑰鲜花饼, 玫瑰馅饼) is still food, not 花卉.
for (const food of FOODS) {
  if (!/饼|馅|酱|糖/.test(food) || food.startsWith('玫瑰')) continue;
  for (const flower of ['玫瑰', '鲜花', '花']) if (!CJK_WORDS.has(flower + food)) CJK_WORDS.set(flower + food, byName('食品加工') ?? null);
}
// Sorting by size or grade, whatever is sorted (把菌子分大小, 芒果按大小分, 分等级): 分拣.
for (const grade of ['大小', '等级', '好坏', '个头', '规格', '大果小果', '级别', '品级']) {
  for (const verb of ['分', '挑', '选', '拣', '按' + grade + '分', '按' + grade + '挑']) {
    const word = verb.startsWith('按') ? verb : verb + grade;
    if (!CJK_WORDS.has(word)) CJK_WORDS.set(word, byName('分拣') ?? null);
  }
}
// Wild mushrooms (Round 25): foraged with 捡, 拾, 找, 采, 摘, 挖 (捡菌子, 拾鸡枞, 挖松茸) is picking; handled with
// 挑, 选, 分, 拣 (拣菌子, 选松茸) is sorting, as for any produce above (捡 is to gather, 拣 to pick out).
const WILD_MUSHROOMS = ['菌子', '菌', '野生菌', '松茸', '鸡枞', '鸡枞菌', '鸡纵', '牛肝菌', '干巴菌', '青头菌', '鸡油菌', '羊肚菌', '竹荪', '蘑菇', '野菌'];
for (const mushroom of WILD_MUSHROOMS) {
  for (const verb of ['捡', '拾', '找', '采', '摘', '挖']) if (!CJK_WORDS.has(verb + mushroom)) CJK_WORDS.set(verb + mushroom, byName('采摘') ?? null);
  for (const verb of ['挑', '选', '分', '拣']) if (!CJK_WORDS.has(verb + mushroom)) CJK_WORDS.set(verb + mushroom, byName('分拣') ?? null);
}
// Picking said with who is wanted and no crop beside the verb (香蕉地要人摘).
for (const word of ['要人摘', '找人摘', '请人摘', '喊人摘', '招人摘']) CJK_WORDS.set(word, byName('采摘') ?? null);
for (const word of NOT_SKILLS) if (!CJK_WORDS.has(word)) CJK_WORDS.set(word, null);
// Words that name two skills at once: wrapping flowers is flower work and packing.
const ALSO_SKILL = new Map<string, string>([['包花', '包装'], ['包鲜花', '包装']]);
// The longest word starting with each character: the scan passes over the others at once.
const MAX_BY_FIRST = new Map<string, number>();
for (const word of CJK_WORDS.keys()) MAX_BY_FIRST.set(word.charAt(0), Math.max(MAX_BY_FIRST.get(word.charAt(0)) ?? 0, word.length));

const HAN_RE = /\p{Script=Han}/u;
const TOKEN_EDGE_RE = /[\s\p{P}\p{S}]/u;
// What may follow the verb of an object-first word: ability, the event over, particles (会, 得, 完 …).
const OBJECT_FIRST_RUN_ON_RE = /^(?![会得完了好过的来着嘛噻哦啊呢吗撒嘞咯哈])\p{Script=Han}/u;
const WORK_VERBS = '种栽养喂摘采编绣织砌焊搬缝剪烫扛装卸拌抹刷挖插割收烤包蒸煮炒';
const VERB_GUO_RE = /[种栽养喂摘采编绣织砌焊搬缝剪烫扛装卸拌抹刷挖插割收烤包蒸煮炒](?:过|了(?=[^,.!?\s]{0,5}[年月天季]))\p{Script=Han}/u;
// 砌了好多年墙, 搬过三年砖, 种了几年地: the time the work went on between the verb and its object. After
// 了 a time must be said (搬了家 is moving house, 收了钱 no work).
const ASPECT_SPAN_RE = /^(?:过|了)(?:好多|好几|很多|这么多|那么多|几|[0-9一二两三四五六七八九十半]+)?个?(?:年|个月|月|天|季)?(?:的)?/u;
const ASPECT_TIME_RE = /^了(?:好多|好几|很多|这么多|那么多|几|[0-9一二两三四五六七八九十半]+)个?(?:年|个月|月|天|季)/u;

function hasShorterSkillWord(text: string, at: number, len: number): boolean {
  for (let l = len - 1; l >= 2; l--) if (CJK_WORDS.get(text.slice(at, at + l))) return true;
  return false;
}

// The task words (TASKS): verb-and-object words that yield to a longer word of another skill over their object.
const TASK_WORDS = new Set(Object.values(TASKS).flat());

function overlapsOtherSkill(text: string, at: number, end: number, name: string): boolean {
  for (let l = Math.min(MAX_BY_FIRST.get(text.charAt(at)) ?? 0, text.length - at); at + l > end && l >= 2; l--) {
    const other = CJK_WORDS.get(text.slice(at, at + l));
    if (other && other.name !== name) return true;
  }
  return false;
}

function scanWords(text: string, onWord: (name: string, start: number, end: number) => void): void {
  for (let i = 0; i < text.length; ) {
    let matched = 0;
    for (let len = Math.min(MAX_BY_FIRST.get(text.charAt(i)) ?? 0, text.length - i); len >= 2; len--) {
      const word = text.slice(i, i + len);
      if (!CJK_WORDS.has(word)) continue;
      const skill = CJK_WORDS.get(word);
      // 订阅叉车开远: the verb of an object-first word ends its phrase (叉车开会, 衣服缝得来); with a
      // word run on after it (开远, a county) it is the start of that word, and the shorter word, a skill
      // word itself (叉车), is read (芒果摘三天 keeps its word: 芒果 alone names no work).
      if (OBJECT_FIRST.has(word) && OBJECT_FIRST_RUN_ON_RE.test(text.slice(i + len, i + len + 1)) && hasShorterSkillWord(text, i, len)) continue;
      // 只做门卫: a task word (TASKS: 做门, carpentry) whose last character opens a word of another skill
      // reaching past it (门卫, a guard) — the verb takes the post (Round 29, reader-kinds-29.ts).
      if (skill && TASK_WORDS.has(word) && overlapsOtherSkill(text, i + len - 1, i + len, skill.name)) continue;
      const eventOver = OBJECT_FIRST.has(word) && /^(完|了|好|过)/.test(text.slice(i + len, i + len + 1));
      if (skill && !eventOver && !isNegated(text, i)) {
        onWord(skill.name, i, i + len);
        const also = ALSO_SKILL.get(word);
        if (also) onWord(also, i, i + len);
      }
      matched = len;
      break;
    }
    i += matched || 1;
  }
}

/**
 * Every Han word the skill scanner knows, the generated ones too (拣菌子, 选松茸, 包鲜花饼): the reader's
 * corrector keeps them as written, so a word of one skill is not taken for a homophone of another's
 * (拣菌子, sorting, is not 捡菌子, picking; Round 25).
 */
export const SKILL_SCAN_WORDS: readonly string[] = [...CJK_WORDS.keys()];

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
  scanWords(normalized, (name, start, end) => found.push({ name, start, end }));
  // Then over the text with the spaces between two characters taken out (缝 衣服, 栽 烟: words
  // typed apart, voice input) and the 过 after a verb of work (栽过菜): a word that spans such a space and overlaps no word found above
  // counts (花卉 种植 keeps its two words). at[] maps each kept character back to the text.
  if (/\p{Script=Han} \p{Script=Han}/u.test(normalized) || VERB_GUO_RE.test(normalized)) {
    let squeezed = '';
    const at: number[] = [];
    for (let i = 0; i < normalized.length; i++) {
      const ch = normalized.charAt(i);
      if (ch === ' ' && i > 0 && HAN_RE.test(normalized.charAt(i - 1)) && HAN_RE.test(normalized.charAt(i + 1))) continue;
      // 栽过菜, 砌过墙, 绣过花: the 过 of experience between the verb and its object; 砌了好多年墙, 搬过三年砖:
      // the time the work went on, too.
      if ((ch === '过' || ch === '了') && WORK_VERBS.includes(normalized.charAt(i - 1))) {
        const rest = normalized.slice(i, i + 12);
        const span = ch === '了' ? (ASPECT_TIME_RE.test(rest) ? ASPECT_SPAN_RE.exec(rest)?.[0] : undefined) : ASPECT_SPAN_RE.exec(rest)?.[0];
        if (span && HAN_RE.test(normalized.charAt(i + span.length))) {
          i += span.length - 1;
          continue;
        }
      }
      squeezed += ch;
      at.push(i);
    }
    // The direct words are in order and words come in order here too: one pointer walks them.
    const direct = [...found];
    let d = 0;
    scanWords(squeezed, (name, s0, e0) => {
      const start = at[s0] ?? s0;
      const end = (at[e0 - 1] ?? e0 - 1) + 1;
      if (end - start === e0 - s0) return;
      // 拿回家里做 娃娃小走不开: a word across a space that neither starts nor ends a word typed apart
      // joins the tails of two clauses (做 + 娃娃 is no doll-making); 缝 衣服, 衣服 做会 keep theirs (Round 22b).
      if (normalized.slice(start, end).includes(' ') && !TOKEN_EDGE_RE.test(normalized.charAt(start - 1) || ' ') && !TOKEN_EDGE_RE.test(normalized.charAt(end) || ' ')) return;
      while (d < direct.length && (direct[d]?.end ?? 0) <= start) d++;
      if (d < direct.length && (direct[d]?.start ?? Infinity) < end) return;
      found.push({ name, start, end });
    });
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
  // dy cj 个旧, 订阅 fr 新街: a skill's pinyin initials as a keyword after the subscribe or skills command.
  if (INITIALS_LEAD_RE.test(normalized)) {
    for (const m of normalized.matchAll(/(?<=\s)[a-z]{2,4}(?=\s|$)/g)) {
      const skill = SKILL_BY_INITIALS.get(m[0]);
      if (skill && !found.some((f) => f.start <= m.index && f.end > m.index)) found.push({ name: skill, start: m.index, end: m.index + m[0].length });
    }
  }
  return tiedFlowers(normalized, found).sort((a, b) => a.start - b.start);
}

// 剪玫瑰扎花, 花基地扎花 (Round 25): 扎花 is embroidery (扎花, 扎绣) unless cut flowers are beside it in the same
// clause — then it is tying them in bunches, flower work. Embroidery words beside it (绣, 衣服, 花边, 鞋垫) keep it.
const TIED_FLOWER_WORDS = new Set(['扎花', '扎花边']);
const EMBROIDERY_CUE_RE = /绣|衣|花边|鞋垫|布|民族|围腰|头巾|针/;
function tiedFlowers(text: string, found: SkillMention[]): SkillMention[] {
  if (!found.some((m) => m.name === '花卉') || !found.some((m) => m.name === '刺绣')) return found;
  return found.map((m) => {
    if (m.name !== '刺绣' || !TIED_FLOWER_WORDS.has(text.slice(m.start, m.end))) return m;
    const clauseStart = Math.max(text.lastIndexOf(',', m.start), text.lastIndexOf('.', m.start), text.lastIndexOf('!', m.start), text.lastIndexOf('?', m.start)) + 1;
    const ends = [',', '.', '!', '?'].map((p) => text.indexOf(p, m.end)).filter((e) => e >= 0);
    const clauseEnd = ends.length > 0 ? Math.min(...ends) : text.length;
    const clause = text.slice(clauseStart, clauseEnd);
    const flowersBeside = found.some((f) => f.name === '花卉' && f.start >= clauseStart && f.end <= clauseEnd);
    return flowersBeside && !EMBROIDERY_CUE_RE.test(clause) ? { ...m, name: '花卉' } : m;
  });
}

// The initials of each canonical skill name (cj 裁剪, fr 缝纫, spjg 食品加工; Round 22b), read only in a keyword
// text led by 订阅 or 技能: initials two skills share (zz: 组装, 种植) and command letters (zt, cx, bz …) are left.
const COMMAND_LETTERS = new Set(['td', 'bm', 'dy', 'gw', 'zt', 'hf', 'wd', 'jn', 'dz', 'bz', 'cx', 'qx', 'ok', 'qr', 'bd']);
const INITIALS_LEAD_RE = /^\s*(dy|订阅|定阅|jn|技能)\s/;
const SKILL_BY_INITIALS = ((): Map<string, string> => {
  const byInitials = new Map<string, string[]>();
  for (const skill of SKILLS) {
    const key = pinyin(skill.name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
    byInitials.set(key, [...(byInitials.get(key) ?? []), skill.name]);
  }
  return new Map([...byInitials].filter(([key, names]) => names.length === 1 && !COMMAND_LETTERS.has(key)).map(([key, names]) => [key, names[0] as string]));
})();

// The negation may also share its last character with the word: 不会 + 会开车 in 不会开车.
function isNegated(text: string, start: number): boolean {
  return NEGATIONS.some(
    (n) =>
      // 要不要摘葡萄的, 会不会开车: a question in the A-不-A form, not a negation (是不是日结 still
      // asks about the pay, not for work paid so).
      (text.slice(Math.max(0, start - n.length), start) === n && (n === '不是' || text.charAt(start - n.length - 1) !== n.charAt(1))) ||
      text.slice(Math.max(0, start - n.length + 1), start + 1) === n,
  );
}
