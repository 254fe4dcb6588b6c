/**
 * Round 35 (issue #14; docs/reader.md "Round 35: questions about one opening's terms"). A worker who got an alert asks
 * about that opening: what it pays (1003工资多少, 一天几多钱), meals and housing (包吃住不, 管饭不, 有宿舍没得), transport (有班车
 * 没得, 咋个去, 从南沙过去要多久), hours (白班还是两班倒, 做几个钟头), insurance (给不给买保险), who may go (五十几岁的要不要,
 * 女的要得不, 带娃行不), whether it is still hiring (还有名额没, 招满没), how long (长期还是临时), where it is (在哪点). The
 * lead's decision (Round 35): such a question reads `details` — with the code where one is given (the conversation answers
 * with that opening's full terms, docs/honest-posts.md), with code null where none is (那个缝纫的管饭不, 包吃住吗): the
 * conversation service then answers with the last opening alerted to the worker, or the list when there is none.
 * A question that asks whether such work exists (有没有包吃住的活, 想找个能带娃的厂) stays the list; a code with BM/报名
 * stays an application; a wrong reported (说好包吃住 去了没包) stays a report: only the readings in REPLACEABLE give way.
 * Pure.
 */
import type { Intent } from './reader-types.js';

/**
 * What an opening's terms are about, each a lexicon of the words workers use, dialect included. STRONG topics make a
 * question about an opening even bare (包吃住吗, 管饭不: whose else could they be?); WEAK ones only with a code or an
 * opening pointed at (在哪点, 要多久, 还有没 say nothing of an opening alone: 你们在哪里, 报名了要等好久).
 */
const STRONG_TOPICS: readonly RegExp[] = [
  // Pay: 工资多少, 一天几多钱, 计件还是计时, 日结吗, 几号发工资, 有没得加班费, 押金要不要.
  // (Round 35b: 日薪, and the basis of pay, 按天算还是按斤算.)
  /工资|工钱|薪水|薪资|底薪|日薪|月薪|时薪|待遇|工价|计件|计时|日结|月结|周结|提成|全勤|加班费|发工资|几号发|按月发|押金|按(?:天|日|斤|公斤|件|月|小时|钟头|个|箱|筐|篮|亩|趟|量)(?:算|计|给|结|发|付)|(?:一天|一个?月|一件|每天|每月|一小时|一个钟头?)(?:给)?(?:多少|几多|好多|能挣|能拿|能赚)|(?:多少|几多|好多)钱?(?:一天|一个?月|一件)/,
  // Meals and housing: 包吃住, 管饭不, 包不包住, 有宿舍没得, 住的地方, 吃饭咋个整, 食堂.
  // (吃饭 alone is no term: 吃饭没 greets.)
  /包吃|包住|包不包(?:吃|住)|管饭|管吃|管住|管不管(?:饭|吃|住)|供饭|包饭|伙食|食堂|宿舍|住宿|住的地方|住厂|住在厂|住厂里|吃住|吃饭(?:咋|怎么|管|包|自己|要钱|要不要钱|在哪)|(?:自己|厂里)(?:带饭|做饭|开伙)/,
  // Transport: 班车, 接送, 派车来接, 咋个去, 怎么过去, 不包车费, 车费报不报.
  /班车|接送|车接|派车|包车费|报车费|车费(?:报|包|给)|报销车费|报路费|路费(?:报|包|给)|去[^,.!?]{1,6}(?:上班|做工|干活|做活)[^,.!?]{0,2}要(?:多久|好久|多长时间|多远)|坐[^,.!?]{0,3}(?:车|公交|班车)能到/,
  // Hours and shifts: 白班, 夜班, 两班倒, 做几个钟头, 几点上班, 加班, 休几天, 双休.
  // (Round 35b: days off asked, 周末休息不, 休不休息.)
  /白班|夜班|晚班|早班|两班倒|三班倒|倒班|(?:周末|星期天|星期六|礼拜天|礼拜六|节假日)[^,.!?]{0,4}(?:休|放|上班|加班|上不上|要上|做不做|歇)|休不休|休息(?:不|吗|么|没|几天)|几个?(?:钟头|小时)|几点(?:上班|下班|开工|收工)|上班时间|加班|休几天|休息几天|双休|单休|上几天|干几天|做几天|(?:上|做|干)[一两几]天(?:歇|休)|轮休/,
  // Insurance: 社保, 五险, 买保险, 工伤.
  /社保|保险|五险|医保|工伤/,
  // Duration: 长期, 临时, 短期, 试用期, 干多久, 做几个月.
  /长期|临时|短期|试用期|干多久|做多久|干几个月|做几个月|季节工/,
  // Places left, still hiring: 还有名额, 还招不, 招满没, 还要人不.
  /名额|还招|还在招|还要人|还缺人|还差人|招满|招够|还收人/,
  // Who may go, with the asking verb: 五十几岁的要不要, 女的要得不, 带娃行不, 没经验收不收, 要证不. (Round 35b: the verb
  // before, 是要男的还是要女的, 能带小娃去不, 多大年纪的可以做.)
  /(?:要|招|收)(?:男的|女的|男工|女工|男|女)的?(?:还是|吗|么|不)|(?:男|女)的?还是(?:要)?(?:男|女)|男女(?:都|不限)|多大(?:年纪|岁数|年龄)|(?:年纪|年龄|岁数)(?:有没有|有没得|有)?(?:限制|要求|多大|好大)|几岁(?:的|以下|以上)?(?:可以|能|要)|多少岁|(?:能|可以|可不可以|能不能|让不让|准不准)带[^,.!?]{0,3}(?:娃|孩|小孩)/,
  // Where the work is done (Round 35b): 可以拿回家做不 (the work taken home is an opening's), 具体地址发给我, 在哪点上班.
  // (在家做得不 asked bare asks whether there is work at home: the list, Round 32; it is WEAK.)
  /(?:拿|带|领)回家(?:做|干|来做|去做)|(?:在哪|哪里|哪点|哪儿|什么地方|啥地方)(?:上班|做工|干活|做活)(?!都)|(?:上班|做工|干活)的?(?:地方|地点|位置)|具体(?:地址|位置|地点|在哪|哪里|哪点)|(?:发|给)(?:我|一下|个)*(?:地址|定位|位置)|地址(?:发|给)/,
  // How far, going there (Round 35b): 从新街坐车过去要好久, 离我家远不远 — the only destination unsaid is the opening.
  /过去(?:要|得)?(?:多久|好久|多长时间|多远|好远|几个?(?:钟头|小时)|远不远)|离我(?:家|这|们|屋|住的)?[^,.!?]{0,4}(?:远不远|多远|好远|远吗|远么|近不近|有多远)|到那(?:边|里|点)?(?:要|得)(?:多久|好久|多远)/,
  /(?:岁|年龄|年纪|女的|男的|女工|男工|妇女|老人|带娃|带孩子|带小孩|娃娃|经验|新手|[二三四五六七]十(?:多|几|来|[一二三四五六七八九])?)[^,.!?]{0,8}(?:要不要|要不|要吗|要么|收不收|收不|收吗|行不|行吗|可以不|可以吗|能不能|能去|要得不|要得吗|得不得|招不招|招不)|要(?:不要)?(?:证|健康证|体检|学历)|(?:证|健康证|体检)(?:要不要|要不|要吗|要么)|(?:不会|不识字|不认字|没文化|没经验)[^,.!?]{0,6}(?:能不能|可不可以|可以|行不行|行不|要不要|收不收)(?:做|干|去|上班|学)/,
];
const WEAK_TOPICS: readonly RegExp[] = [
  // Pay said loosely: 给多少, 好多钱, 几多钱, 多少钱 (猪肉多少钱 is no opening's).
  /(?:给|开|拿|挣|赚)(?:多少|几多|好多)|好多钱|几多钱|多少钱/,
  // Meals and housing said loosely: 住哪, 吃的, 住的.
  /住哪|吃的|住的/,
  // Transport and distance: 咋个去, 怎么过去, 坐车, 多远, 要多久.
  /(?:咋个|怎么|怎样|如何|咋)(?:过)?去|坐(?:车|公交|班车)|来接|多远|远不远|好远|多久|好久|多长时间/,
  // Where it is: 在哪点, 在哪里, 地址, 哪个村.
  /在哪|哪里|哪儿|哪点|哪个(?:村|镇|乡|街|地方|位置)|地址|位置|什么地方|啥地方/,
  // Places left said loosely: 还有没, 还开着, 满了没, 还能报.
  /还有没|还开着|满了|还能报|还收不|还有吗/,
  // Who may go said loosely: 岁, 女的, 不会, 证.
  /岁|女的|男的|带娃|证|要得不/,
  // What the work is, of a workplace named: 食品厂是做哪样的, 那个活干啥 (这个是做哪样的 asks what the message is).
  /(?:厂|车间|活|工作|岗位)[^,.!?]{0,3}(?:做|干)(?:什么|哪样|啥)(?!都)/,
  // Work at home, of an opening pointed at (缝纫那个可以在家做不, Round 35b).
  /在家(?:里|头)?(?:做|干)(?:得不|得吗|行不|行吗|可以不|可以吗|吗|么|不(?!了|来))/,
  // Where one works: 车间有没得空调, 热不热, 累不累.
  /空调|风扇|热不热|冷不冷|累不累|辛苦不|环境/,
];

/** The question: a particle, a question word, an A-not-A (包不包, 要得不), or 有…没得. */
const QUESTION_RE = /[?？]|吗|么|嘛$|呢|不$|没$|没得$|没有$|不得$|否|啥|什么|多少|几|哪|咋|怎么|怎样|如何|好多|好久|多久|多远|多大|有没|是不是|还是|要不要|(.)不\1|得不|行不|可以不|能不|对不|没得$|没有\?/;
/** Pointing at an opening the worker was sent: 那个, 这个, 刚才发的, 昨天发的, 你们发的, 这个厂, 那家. */
const POINTING_RE = /那个|这个|那家|这家|那份|这份|那里|那边|刚才|刚刚|昨天|前天|今天发|上次发|你们发|发的那|发来的|发过来|说的那|短信上|厂里|车间|那厂|这厂|(?<![工哪])厂(?!家)/;
/** Asking whether such work exists, or for work: the list (有没有包吃住的活, 哪里有, 想找个…的厂, 还有别的). */
const ASKS_FOR_WORK_RE = /^(?:有没有|有没得|有木有)[^,.!?]{1,12}的|(?:有没有|有没得|有木有)[^,.!?]{1,12}的$|有[^,.!?]{1,10}的(?:吗|么|没有|没得|没|不)$|的有(?:吗|么|没有|没得|没|不)$|别的|其他|另外|有没有.{0,12}的(?:活|工作|事|厂|岗位|单位|地方)|有没得.{0,12}的(?:活|工作|事|厂|岗位)|(?:有|找|要|想要|想找|介绍|推荐)(?:个|一个|份|一份|些|点)?.{0,10}的(?:活|工作|厂|岗位|事做)|哪里有|哪点有|哪儿有|有.{0,8}(?:活|工作|岗位)(?:吗|没|不|没得|没有)|还有别的|换一个|换个/;
/** BM1003, 报名1003, 报1003, 帮她报: an application, said in its keyword. */
const APPLY_WORD_RE = /bm|报名|baoming|报个名|(?<![还能])报[0-9]|帮.{0,3}报|我报|要报|想报/;
/** A wage question about something that is no work (猪肉多少钱一斤, 车费多少): no terms, and no opening pointed at. */
const NOT_WORK_PRICE_RE = /猪肉|牛肉|鸡蛋|白菜|菜价|米价|肉价|化肥|种子|话费|流量|电费|水费|手机|衣服|房租|彩礼|门票|车票|机票|油价|一斤|斤|公斤/;

/** Readings a terms question replaces: what the other rules made of its words (a skill, a place, a code, a 不…). */
const REPLACEABLE: ReadonlySet<Intent> = new Set<Intent>(['unknown', 'subscribe', 'status', 'apply', 'confirm', 'help', 'list_jobs', 'wage_query', 'details']);
/** A sign-up said in its words (订阅缝纫 顺便问下1024还招不, 看大门那种 六十岁还要不要 要的话给我发): it stays one. */
const SIGN_UP_WORD_RE = /订阅|dy|找活|找工作|找事做|想进厂|想找|都行|都可以|给我发|发给我|发我|通知我|喊我/;
/** What one can do said of oneself or one's own (我会缝纫, 我妹妹会绣花, 做过车工; 会不会, 一会儿, 机会 are none): a sign-up's words. */
const SELF_SKILL_RE = /(?<![不机社开学一待约聚怎应该体理工])会(?![不议计儿])|做过|干过|学过/;
/** One's own application or record asked after (前天报的那个还要不要我, 我这个号码还有没有效): status stays. */
const OWN_RECORD_RE = /报(?:的|了|过|名的|上)|要不要我|要我不|名单|我填|登记|记的|订的|号码/;
/** 算我一个, 我想去, 我想试试 beside a code: an application (the code's keyword left out). */
const WANTS_TO_GO_RE = /算我一个|我想去|我要去|想试试|我去|报我/;
/**
 * Questions that are about something else than an opening's terms: the service itself (这个短信哪里来的, 那个编号在哪里看,
 * 不会打字 发语音行不), public services (医保咋个交, 社保卡丢了在哪补, 退休工资啥时候发), a job fair or a class, the weather,
 * the legitimacy of a demand (先交三百块押金 这个合法吗: help or a report), a refusal (工资太低了 三千块哪个去), a deposit
 * back, a shift given up (取消夜班可以不), a workplace closed (倒闭的那家厂还要人吗), a bus timetable (建水到蒙自的班车几点发).
 */
const NOT_TERMS_RE = /别发|不要发|莫发|别推|不要推|莫推|放假|扣|欠|拖|没给|(?<!给)不给(?!不)|短信|编号|电话|看不懂|看不清|培训|招聘会|名单|号码|信息|消息|语音|打字|拼音|回复|订阅|退订|下雨|天气|(?:医保|社保|养老保险|保险)卡?[^,.!?]{0,6}(?:交|补|办|领)|养老|退休|合法|正常吗|正不正常|真的假的|是不是骗|骗人|太低|太少|哪个去|谁去|哪个干|押金[^,.!?]{0,4}退|取消|倒闭|停工|关门|停产|跑路|到[^,.!?]{1,6}的班车|(?:什么|啥)时候发|还没发|咋还不发/;

/** A code in its own clause at either end of the text (1200 一天多少钱, 试用期多久 1003), which findCode reads as a sum. */
const END_CODE_RE = /^([0-9]{3,6})(?=\s|那|这|的|是|还|有|要|在|包|管)|^([1-9][0-9]{3,5})(?=一天|每天)|(?<=\s)([0-9]{3,6})$/;

const strong = (compact: string): boolean => STRONG_TOPICS.some((re) => re.test(compact));
const weak = (compact: string): boolean => WEAK_TOPICS.some((re) => re.test(compact));

/**
 * Round 35b: terms and question words typed in pinyin (6018 bao chi zhu bu, gongzi zenme suan de). A run of Latin letters is
 * read as Chinese only when it splits whole into these words (bm, td, ok and English stay as they are); the result is
 * used to read the question here, not kept on the reading.
 */
const PINYIN_WORDS: Readonly<Record<string, string>> = {
  baochizhu: '包吃住', baochi: '包吃', baozhu: '包住', guanfan: '管饭', guanchi: '管吃', guanzhu: '管住', chizhu: '吃住',
  gongzi: '工资', gongqian: '工钱', daiyu: '待遇', jijian: '计件', rijie: '日结', yuejie: '月结', rixin: '日薪', yuexin: '月薪',
  banche: '班车', jiesong: '接送', sushe: '宿舍', shitang: '食堂', jiaban: '加班', jiabanfei: '加班费', baiban: '白班', yeban: '夜班',
  shebao: '社保', baoxian: '保险', wuxian: '五险', changqi: '长期', linshi: '临时', shiyongqi: '试用期', minge: '名额', haizhao: '还招',
  dizhi: '地址', zaina: '在哪', nali: '哪里', nadian: '哪点', duoshao: '多少', duoshaoqian: '多少钱', haoduo: '好多', jiduo: '几多',
  zenme: '怎么', zenyang: '怎样', zengesuan: '怎么算', suan: '算', ma: '吗', bu: '不', mei: '没', meiyou: '没有', meide: '没得',
  you: '有', de: '的', a: '啊', ne: '呢', yitian: '一天', yigeyue: '一个月', jidian: '几点', shangban: '上班', xiaban: '下班',
  xiaoshi: '小时', zhongtou: '钟头', yaobuyao: '要不要', nvde: '女的', nande: '男的', wen: '问', xia: '下', qingwen: '请问',
  gei: '给', bao: '包', chi: '吃', zhu: '住', fan: '饭', guan: '管', hai: '还', zhao: '招', ren: '人', shi: '是', haishi: '还是',
  ji: '几', ge: '个', yao: '要', qian: '钱', jiao: '交', zai: '在',
};
const PINYIN_KEYS = Object.keys(PINYIN_WORDS).sort((a, b) => b.length - a.length);
/** A Latin run split whole into PINYIN_WORDS (longest first, backtracking), or null. */
function splitPinyin(run: string): string | null {
  if (run === '') return '';
  for (const key of PINYIN_KEYS) {
    if (!run.startsWith(key)) continue;
    const rest = splitPinyin(run.slice(key.length));
    if (rest !== null) return (PINYIN_WORDS[key] ?? '') + rest;
  }
  return null;
}
/** The reading with its pinyin terms read (bao chi zhu bu → 包吃住不); runs of two letters or fewer stay (bm, td, a). */
export function pinyinTerms35(reading: string): string {
  return reading.replace(/[a-z]+(?: [a-z]+)*/g, (run) => {
    const joined = run.replace(/ /g, '');
    if (joined.length <= 2) return run;
    return splitPinyin(joined) ?? run;
  });
}

/** A code typed apart at either end of a terms question (1 0 0 3 计件的话一件好多钱), or after BM/报名 before 一天 (bm1003 一天几个钟头). */
const SPACED_CODE_RE = /^((?:[0-9] ){3,5}[0-9])(?=\s|\p{Script=Han})|(?<=\s)((?:[0-9] ){3,5}[0-9])$|(?:bm|报名)\s*([0-9]{3,6})(?![0-9])/u;
/** Asking before the code's keyword (问下BM1003那个一天要上几个钟头的班, 请问bm1003包吃住吗): BM1003 names the opening asked about. */
const ASKING_LEAD_RE = /(?:问下|问一下|问一哈|问哈|请问|想问|打听下|打听一下|我问)[^,.!?]{0,4}(?:bm|报名)\s*[0-9]{3,6}/;
/** 会不会拖, 怕扣: a wrong feared, asked about before it happens — no report (几号发工资 会不会拖哦). */
const FEARED_WRONG_RE = /会不会(?:拖欠|拖|扣|欠|不给|不发)|怕(?:拖|扣|欠|不给)|不会拖|拖不拖|欠不欠/g;
/** 那个是做啥子的: what the opening pointed at is (这个是做哪样的 asks what our message is: help). */
const WHAT_WORK_RE = /(?:那个|那家|那份|刚才|刚刚|昨天)[^,.!?]{0,6}(?:是)?(?:做|干)(?:啥子|什么|哪样|啥|些啥|些什么)/;
/**
 * A term promised and not kept (Round 35b): 说有班车接 等了一早上都没得车来, 1003短信上说日薪150 去了只给100. The promise
 * (说有, 说好, 短信上说, 写的) comes first, the let-down after it — a report, not a question.
 */
const PROMISED_RE = /说好|说有|说是|说的是|说包|说管|说给|说日|说一天|说月|讲好|讲的是|短信上(?:说|写)|短信说|写的是|写着|答应/;
const LET_DOWN_RE = /结果|(?:去了|到了|来了|等了|做了)[^,.!?]{0,8}(?:没|不|只|才|又|却)|实际(?:上)?(?:只|才|是)|只给|只发|只有|才给|才发|(?:没|没得|没有)(?:车|包|给|发|来|接|买|管|人|饭|床|住|吃|宿舍)|都没|也没|又没|不给|不包|不管|白跑|骗/;
/**
 * A price of no work asked (Round 35b): a fare between two places (从元阳到蒙自车费多少), a crop's buying price (今年烟叶收购价
 * 好多一斤). Neither a sign-up nor a terms question: unknown, whatever place or crop it names.
 */
const FARE_RE = /(?:从[^,.!?]{1,6})?到[^,.!?]{1,6}(?:的)?(?:车费|车票|票价|路费|打车|包车)[^,.!?]{0,3}(?:多少|好多|几多|贵不贵|要好多)/;
const CROP_PRICE_RE = /收购价|收购(?:多少|好多|几多)|卖价|卖得(?:多少|好多|几多)|市场价|市价|批发价/;

/** What a terms question reads: details; a term not kept, a report; a price of no work, unknown. */
export type TermsReading35 = { intent: 'details'; code: string | null } | { intent: 'apply'; code: string } | { intent: 'report'; code: string | null } | { intent: 'unknown'; code: null };

/**
 * `details` (with the code, or null for the opening last alerted) when the text asks about one opening's terms, else null.
 * `intent` is the other rules' verdict, `code` the reader's, `reading` the reading text (spaces kept), `compact` it without
 * spacing and punctuation; `source` where the verdict came from (a model's report of a text with no report in it gives way).
 * Round 35b adds two readings beside: a term promised and not kept is a report, a price of no work asked is unknown.
 */
export function readTermsQuestion35(c: { compact: string; reading: string; intent: Intent; code: string | null; hasSkill: boolean; hasPlace: boolean; source?: string; isReport?: (compact: string) => boolean }): TermsReading35 | null {
  // 6018 bao chi zhu bu, gongzi zenme suan de: pinyin terms read as their words.
  const reading = pinyinTerms35(c.reading);
  const compact = reading === c.reading ? c.compact : reading.replace(/[\s\p{P}]/gu, '');
  // 工资按月发还是做完才发: a question of when pay is paid, which the pause rules read for its 才发; nothing here asks
  // to stop the messages.
  const payWhen = c.intent === 'pause' && /(?:工资|工钱)[^,.!?]{0,8}发/.test(compact) && /还是|吗|不$|几号|哪天|什么时候|啥时候/.test(compact) && !/暂停|别发|莫发|不要发|先别|先停|停一|等[^,.!?]{0,8}再/.test(compact);
  // 管饭不管: a model's report of a text in which no rule finds a report (Round 35b).
  const modelReport = c.intent === 'report' && c.source === 'model' && c.isReport !== undefined && !c.isReport(compact) && !/结果|白跑|骗|说好|只给|才给/.test(compact);
  if (!REPLACEABLE.has(c.intent) && !payWhen && !modelReport) return null;
  const isStrong = strong(compact);
  const spaced = SPACED_CODE_RE.exec(reading.trim());
  const spacedCode = (spaced?.[1] ?? spaced?.[2] ?? spaced?.[3])?.replace(/ /g, '') ?? null;
  const codeMatch = END_CODE_RE.exec(reading.trim());
  // (2088一天给多少: a daily wage of a thousand or more is no wage here, so the number is a code.)
  const code = c.code ?? codeMatch?.[1] ?? codeMatch?.[2] ?? codeMatch?.[3] ?? spacedCode ?? null;
  // 说有班车接 等了一早上都没得车来: a term promised, then not kept — a report of the opening (its code where given).
  const promised = PROMISED_RE.exec(compact);
  // (A rule's application stays one: BM1003 说包吃住的哈.)
  const letDown = promised !== null && LET_DOWN_RE.test(compact.slice(promised.index + promised[0].length));
  if (letDown && isStrong && (c.intent !== 'apply' || c.source === 'model')) return { intent: 'report', code };
  // 从元阳到蒙自车费多少, 今年烟叶收购价好多一斤: a price of no work, with no opening pointed at.
  if (code === null && (c.intent === 'subscribe' || c.intent === 'unknown' || c.intent === 'list_jobs') && (FARE_RE.test(compact) || CROP_PRICE_RE.test(compact)) && !WORK_WORD_RE.test(compact) && !POINTING_RE.test(compact)) return { intent: 'unknown', code: null };
  const whatWork = WHAT_WORK_RE.test(compact);
  if (compact.length > 40 || !(isStrong || whatWork || weak(compact))) return null;
  // 问下BM1003那个一天要上几个钟头的班: the code's keyword inside a question names the opening asked about.
  const askedAbout = code !== null && ASKING_LEAD_RE.test(compact) && (isStrong || weak(compact) || whatWork);
  // 报名1003 包吃住吗: the keyword applies; the question is answered by the employer's call. 报名要押金吗 asks how to apply.
  // (bm1003 一天几个钟头: a code after BM that the other rules took for a day's sum stays the application's.)
  if (!askedAbout && APPLY_WORD_RE.test(compact) && c.code === null && spaced?.[3] !== undefined && code === spaced[3] && (c.intent === 'unknown' || c.intent === 'apply')) return { intent: 'apply', code };
  if (!askedAbout && APPLY_WORD_RE.test(compact) && (code !== null || c.intent === 'apply')) return null;
  if (code === null && /报名|报上|报了/.test(compact)) return null;
  if (code !== null && WANTS_TO_GO_RE.test(compact)) return null;
  if (c.intent === 'subscribe' && SIGN_UP_WORD_RE.test(compact)) return null;
  // 我老婆会绣花 住攀枝花 能不能拿回家做: a sign-up that says what one can do, with its condition asked (Round 35b).
  if (c.intent === 'subscribe' && c.hasSkill && code === null && SELF_SKILL_RE.test(compact) && !POINTING_RE.test(compact)) return null;
  if (c.intent === 'status' && (code === null || OWN_RECORD_RE.test(compact))) return null;
  // (几号发工资 会不会拖: a wrong feared is asked, not reported; 那个是做啥子的 我看不懂: the opening is what is not understood.)
  const aboutElse = compact.replace(FEARED_WRONG_RE, '|');
  if (code === null && NOT_TERMS_RE.test(whatWork ? aboutElse.replace(/看不懂|看不明白|不懂/g, '|') : aboutElse)) return null;
  // 冷泉还要人不, 草坝那边的厂还招不招人: whether a place is hiring — the list, as before.
  if (code === null && c.hasPlace && c.intent === 'list_jobs') return null;
  // (还开着没 不会招满了: 没 ends a clause of its own.)
  // (管饭不管, 包吃不包: the verb asked again after its object; 具体位置发我一下: the place asked for. Round 35b.)
  const asked = QUESTION_RE.test(compact) || /(?:地址|位置|定位|地点)[^,.!?]{0,2}(?:发|给|告诉)|(?:发|给|告诉)[^,.!?]{0,3}(?:地址|位置|定位|地点)/.test(compact) || /(\p{Script=Han})\p{Script=Han}不\1$/u.test(compact) || /[?？]|(?:没|没得|没有|不)(?=\s|$)/.test(reading.trim());
  const pointed = POINTING_RE.test(compact);
  // (按天算还是按斤算: the basis of pay, whatever is weighed.)
  if (NOT_WORK_PRICE_RE.test(compact) && !/工资|工钱|工价|活|厂|按(?:斤|公斤)(?:算|计|给|结)/.test(compact)) return null;
  if (code !== null) {
    // 1003 包吃住, 1003工资多少: a code beside a term is a question about it, asked or not.
    return isStrong || asked ? { intent: 'details', code } : null;
  }
  if (!asked) return null;
  // 有没有包吃住的活: whether such work exists — the list, as before.
  if (ASKS_FOR_WORK_RE.test(compact)) return null;
  // 缝纫多少钱一天: what a kind of work pays here (the wage benchmark), unless one opening is pointed at.
  if (c.intent === 'wage_query' && !pointed) return null;
  // 那个缝纫的管饭不, 刚才发的那个在哪点: one opening pointed at. 包吃住吗, 有宿舍没得: a bare terms question, short, whose
  // only subject can be an opening the worker was sent.
  if (pointed && (isStrong || whatWork || weak(compact))) return { intent: 'details', code: null };
  if (isStrong && compact.length <= 24) return { intent: 'details', code: null };
  return null;
}

/** A wage question names work (工资, 活, 做, 干, 厂, a skill): 今天猪肉多少钱一斤 does not. */
export const WORK_WORD_RE = /工|活|做|干|厂|车间|上班|岗位|老板|招|班|一件/;
