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
  /工资|工钱|薪水|薪资|底薪|待遇|工价|计件|计时|日结|月结|周结|提成|全勤|加班费|发工资|几号发|按月发|押金|(?:一天|一个?月|一件|每天|每月|一小时|一个钟头?)(?:给)?(?:多少|几多|好多|能挣|能拿|能赚)|(?:多少|几多|好多)钱?(?:一天|一个?月|一件)/,
  // Meals and housing: 包吃住, 管饭不, 包不包住, 有宿舍没得, 住的地方, 吃饭咋个整, 食堂.
  // (吃饭 alone is no term: 吃饭没 greets.)
  /包吃|包住|包不包(?:吃|住)|管饭|管吃|管住|管不管(?:饭|吃|住)|供饭|包饭|伙食|食堂|宿舍|住宿|住的地方|住厂|住在厂|住厂里|吃住|吃饭(?:咋|怎么|管|包|自己|要钱|要不要钱|在哪)|(?:自己|厂里)(?:带饭|做饭|开伙)/,
  // Transport: 班车, 接送, 派车来接, 咋个去, 怎么过去, 不包车费, 车费报不报.
  /班车|接送|车接|派车|包车费|报车费|车费(?:报|包|给)|报销车费|报路费|路费(?:报|包|给)|去[^,.!?]{1,6}(?:上班|做工|干活|做活)[^,.!?]{0,2}要(?:多久|好久|多长时间|多远)|坐[^,.!?]{0,3}(?:车|公交|班车)能到/,
  // Hours and shifts: 白班, 夜班, 两班倒, 做几个钟头, 几点上班, 加班, 休几天, 双休.
  /白班|夜班|晚班|早班|两班倒|三班倒|倒班|几个?(?:钟头|小时)|几点(?:上班|下班|开工|收工)|上班时间|加班|休几天|休息几天|双休|单休|上几天|干几天|做几天|(?:上|做|干)[一两几]天(?:歇|休)|轮休/,
  // Insurance: 社保, 五险, 买保险, 工伤.
  /社保|保险|五险|医保|工伤/,
  // Duration: 长期, 临时, 短期, 试用期, 干多久, 做几个月.
  /长期|临时|短期|试用期|干多久|做多久|干几个月|做几个月|季节工/,
  // Places left, still hiring: 还有名额, 还招不, 招满没, 还要人不.
  /名额|还招|还在招|还要人|还缺人|还差人|招满|招够|还收人/,
  // Who may go, with the asking verb: 五十几岁的要不要, 女的要得不, 带娃行不, 没经验收不收, 要证不.
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
const APPLY_WORD_RE = /bm|报名|baoming|报个名|(?<![还能])报[0-9]|帮.{0,3}报|我报|要报/;
/** A wage question about something that is no work (猪肉多少钱一斤, 车费多少): no terms, and no opening pointed at. */
const NOT_WORK_PRICE_RE = /猪肉|牛肉|鸡蛋|白菜|菜价|米价|肉价|化肥|种子|话费|流量|电费|水费|手机|衣服|房租|彩礼|门票|车票|机票|油价|一斤|斤|公斤/;

/** Readings a terms question replaces: what the other rules made of its words (a skill, a place, a code, a 不…). */
const REPLACEABLE: ReadonlySet<Intent> = new Set<Intent>(['unknown', 'subscribe', 'status', 'apply', 'confirm', 'help', 'list_jobs', 'wage_query', 'details']);
/** A sign-up said in its words (订阅缝纫 顺便问下1024还招不, 看大门那种 六十岁还要不要 要的话给我发): it stays one. */
const SIGN_UP_WORD_RE = /订阅|dy|找活|找工作|找事做|想进厂|想找|都行|都可以|给我发|发给我|发我|通知我|喊我/;
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
 * `details` (with the code, or null for the opening last alerted) when the text asks about one opening's terms, else null.
 * `intent` is the other rules' verdict, `code` the reader's, `reading` the reading text (spaces kept), `compact` it without
 * spacing and punctuation.
 */
export function readTermsQuestion35(c: { compact: string; reading: string; intent: Intent; code: string | null; hasSkill: boolean; hasPlace: boolean }): { intent: 'details'; code: string | null } | null {
  const { compact } = c;
  // 工资按月发还是做完才发: a question of when pay is paid, which the pause rules read for its 才发; nothing here asks
  // to stop the messages.
  const payWhen = c.intent === 'pause' && /(?:工资|工钱)[^,.!?]{0,8}发/.test(compact) && /还是|吗|不$|几号|哪天|什么时候|啥时候/.test(compact) && !/暂停|别发|莫发|不要发|先别|先停|停一|等[^,.!?]{0,8}再/.test(compact);
  if (!REPLACEABLE.has(c.intent) && !payWhen) return null;
  const isStrong = strong(compact);
  if (compact.length > 40 || !(isStrong || weak(compact))) return null;
  const codeMatch = END_CODE_RE.exec(c.reading.trim());
  // (2088一天给多少: a daily wage of a thousand or more is no wage here, so the number is a code.)
  const code = c.code ?? codeMatch?.[1] ?? codeMatch?.[2] ?? codeMatch?.[3] ?? null;
  // 报名1003 包吃住吗: the keyword applies; the question is answered by the employer's call. 报名要押金吗 asks how to apply.
  if (APPLY_WORD_RE.test(compact) && (code !== null || c.intent === 'apply')) return null;
  if (code === null && /报名|报上|报了/.test(compact)) return null;
  if (code !== null && WANTS_TO_GO_RE.test(compact)) return null;
  if (c.intent === 'subscribe' && SIGN_UP_WORD_RE.test(compact)) return null;
  if (c.intent === 'status' && (code === null || OWN_RECORD_RE.test(compact))) return null;
  if (code === null && NOT_TERMS_RE.test(compact)) return null;
  // 冷泉还要人不, 草坝那边的厂还招不招人: whether a place is hiring — the list, as before.
  if (code === null && c.hasPlace && c.intent === 'list_jobs') return null;
  // (还开着没 不会招满了: 没 ends a clause of its own.)
  const asked = QUESTION_RE.test(compact) || /[?？]|(?:没|没得|没有|不)(?=\s|$)/.test(c.reading.trim());
  const pointed = POINTING_RE.test(compact);
  if (NOT_WORK_PRICE_RE.test(compact) && !/工资|工钱|工价|活|厂/.test(compact)) return null;
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
  if (pointed && (isStrong || weak(compact))) return { intent: 'details', code: null };
  if (isStrong && compact.length <= 24) return { intent: 'details', code: null };
  return null;
}

/** A wage question names work (工资, 活, 做, 干, 厂, a skill): 今天猪肉多少钱一斤 does not. */
export const WORK_WORD_RE = /工|活|做|干|厂|车间|上班|岗位|老板|招|班|一件/;
