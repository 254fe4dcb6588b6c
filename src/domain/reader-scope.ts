import type { Intent } from './reader-types.js';

/**
 * What a text is about when its words could be read as something bigger (docs/reader.md "Round 16"):
 * 取消 of a skill, an application or a shift is not the messages; a code changed is an application;
 * one kind of work or one place given up for another is a change; a question about one's own
 * subscription is status; a question about a bus, a toilet, a pig or walnuts is none of ours. Pure;
 * reader-rules.ts asks these before the rules that would read the bigger thing.
 */

/** What these readings look at (a part of reader-rules.ts's Clues). */
export interface ScopeClues {
  reading: string;
  compact: string;
  skills: string[];
  mentions: { name: string; start: number; end: number }[];
  hasPlace: boolean;
  code: string | null;
  placesIn?: (text: string) => boolean;
}

// Words for the messages or the whole service: with one of them, 取消 may be the stop it says.
const SERVICE_WORDS_RE =
  /td|退订|退定|订阅|定阅|短信|信息|消息|推送|通知|全部|统统|所有|号码|电话|手机|名字|资料|账号|拒收|注销|拉黑|屏蔽|骚扰|烦|再也|永远|以后都|(不要|别|莫|甭|不用)(再)?(给我)?(发|推)/;
const CANCEL_RE = /取消|删掉|删除|删了|去掉|拿掉/;
const SHIFT_CANCELLED_RE = /(取消|去掉)(掉)?(夜班|白班|加班|晚班|早班|倒班|中班|周末班)/;
const APPLICATION_WORDS_RE = /报的|报名|报了|申请|不去了|去不了|去不成|不报/;

/**
 * 技能 取消 养殖: a skill taken off (update_skills: the skills read are what is left, none here, so the
 * worker is shown the menu); 取消 缝纫 alone an unclear stop; 昨天报的BM2041不去了 取消一下: an application taken back, and
 * 取消夜班可以不: a shift — neither is the messages (unknown). Null when 取消 may be the stop.
 */
export function scopedCancel(c: ScopeClues): Intent | 'unclear' | null {
  if (!CANCEL_RE.test(c.compact) || SERVICE_WORDS_RE.test(c.compact)) return null;
  if (c.code !== null || APPLICATION_WORDS_RE.test(c.compact)) return 'unknown';
  if (SHIFT_CANCELLED_RE.test(c.compact)) return 'unknown';
  if (/技能|工种|手艺/.test(c.compact)) return 'update_skills';
  // 取消 缝纫 with nothing else: that kind's alerts, or (when it is the only one) all of them — unclear,
  // so alerts stop at once and the worker is asked (docs/reader.md "Opt-out").
  // (取消搬运的, 包装的取消 其他照常: one kind's alerts stopped, read by the rules after.)
  const words = c.mentions.map((m) => c.reading.slice(m.start, m.end).replace(/\s/g, '')).filter((w) => !WORK_WORDS.has(w));
  const rest = words.reduce((t, w) => t.replace(w, ''), c.compact).replace(/取消|掉|[\s,.!?]/g, '');
  if (words.length > 0 && rest === '') return 'unclear';
  // 取消刺绣 加个编织, 取消包装 留着分拣: one skill off and another added or kept — a change of skills.
  if (words.length > 1 && /^(加|加个|加上|添|添个|增加|换成|改成|换|改|改为|留|留着|只留|保留|要|只要|还要|剩|就|只|再|那个|一个|个|上)+$/.test(rest)) return 'update_skills';
  return null;
}
// Words of the 普工 skill that name work in general, not a kind (厂里, 进厂).
const WORK_WORDS = new Set(['厂里', '工厂里', '进厂', '进厂打工', '在家做', '拿回家做', '带回家做', '普工', '普通工人']);

// 1035那个不报了 改报1036, 不要之前那个了 报新的2107, 取消报名1023 我报错了 要报1032: one application
// given up and another named after it — applying to the new code (findCode keeps it).
const CHANGED_TO_CODE_RE = /(改报|换报|重新报|报新的|改成|换成|改去|要报|我报|报|去)(那个|这个)?(号|编号)?$/;
const GIVEN_UP_RE = /不报|不去|不要|取消|报错|算了|不想去|去不了/;

export function applicationChanged(c: ScopeClues): boolean {
  if (c.code === null) return false;
  const at = c.compact.lastIndexOf(c.code);
  const before = c.compact.slice(0, at);
  return CHANGED_TO_CODE_RE.test(before) && GIVEN_UP_RE.test(before) && !SERVICE_WORDS_RE.test(c.compact) && /^(号)?(的|那个|这个)?(吧|啊|嘛|哈|谢谢|了)*$/.test(c.compact.slice(at + c.code.length));
}

// 不去蒙自了 就在石屏找, 不想跑远了 就在我们乡 攀枝花: a place (or going far) given up, and where to
// look now said after it.
const PLACE_GIVEN_UP_RE = /(不去|不想去|不到|不跑|不想跑|不出|不在|不想出)[^,.!?\s]{0,6}(了|啦|咯)[\s,.!?]*(我)?(以后|今后|往后|现在)?(就|只|还是|现在|以后|只想)?(在|去|到|找|回)/;
// 不做缝纫了 现在去米线厂做米线, 不想做包装了 想学开叉车, 停掉厨师那个 我现在学了电工: one kind of work
// given up and another taken up.
const SKILL_GIVEN_UP_RE =
  /(不做|不干|不搞|不当|不想做|不想干|不想搞|不想当|停掉|去掉|不要)[^,.!?\s]{1,8}?(那个|的|的活)?(了|啦|咯)?[\s,.!?]+(我)?(现在|以后|就|只)?(想|要|在|去|改|又|新|刚|已经)?(学|学会|学了|去|做|干|当|搞|开|改做|改成|换成)/;

/** A change phrased as giving one thing up for another, or null. */
export function givenUpForAnother(c: ScopeClues): Intent | null {
  if (SERVICE_WORDS_RE.test(c.compact)) return null;
  // (不去外省了 在家门口找活 住大兴镇 会做饭: going out at all given up — a returnee's sign-up.)
  const place = PLACE_GIVEN_UP_RE.exec(c.compact);
  // (不出远门了 就在屏边找 会做饭: going far given up with the work said — a returnee's sign-up too.)
  if (place && (c.placesIn?.(place[0]) || /远/.test(place[0])) && c.placesIn?.(c.compact.slice(place.index + place[0].length - 1)) && !/订|登记|报名/.test(c.compact)) return /远门|出门|外出/.test(place[0]) && c.skills.length > 0 ? 'subscribe' : 'update_place';
  const skill = SKILL_GIVEN_UP_RE.exec(c.reading);
  if (skill && c.code === null && c.mentions.some((m) => m.start >= skill.index + skill[0].length - 4)) return 'update_skills';
  return null;
}

// Questions about one's own subscription: whether it was stopped (我的订阅停了没有), which state it
// is in (我暂停了还是没暂停, 现在是啥子状态), whether one ever signed up (我之前是不是登记过).
const OWN_SUBSCRIPTION_QUESTION_RE =
  /(我的)(订阅|登记|短信|推送)[^,.!?]{0,2}(停|暂停|退|关|开|恢复)(了|掉了|好了)?(没有|没得|没|吗|么|不)$|我的(订阅|登记)(还)?(有没有|有没得|在不在|还在不在)|(暂停|停|订|订阅|登记|退订|恢复)(了|着|的|上)?还是(没|没有|不是|开着|在|没在)|(现在|目前)(是)?(什么|啥子|啥|哪样)(状态|情况)|(是不是|有没有|是否)[^,.!?]{0,10}(登记|订阅|订|注册)过|(你们)?(还)?记得我(吗|么|不|没有|没)[^,.!?]{0,2}(我是|我)[^,.!?]{0,6}(登记|订阅|订|注册|报)/;
// 名单里有我没有, 我在你们名单上没得 (Round 22): whether one is on the list at all.
const ON_THE_LIST_RE =
  /(名单|系统|名册)(上|里|里面|里头)?(还)?(有没有|有没得|有不有|有)(我|我们|我的名字|我的号|我妈|我爸|她|他)(的名字)?(没有|没得|没|吗|不|么)?$|(我|我们|我妈|我爸|我的名字|我的号|我的号码)(还)?在(你们)?(的|那边的|那里的)?(名单|系统|名册)(上|里|里面|里头)(没得|没有|没|吗|不|么|嘛)$/;
const STOP_WISH_RE = /(我要|帮我|给我|请|麻烦)(退订|取消|退|停)|不要发|别发|莫发|td|退订/;

export function isOwnSubscriptionQuestion(compact: string): boolean {
  return (OWN_SUBSCRIPTION_QUESTION_RE.test(compact) || ON_THE_LIST_RE.test(compact)) && !STOP_WISH_RE.test(compact.replace(/是不是|有没有/g, '|'));
}

// Round 22 (docs/reader.md "Round 22"): what became of one's own application, asked in any dialect —
// 我报的那个咋样了, 我报那个厂咋个样了, 报的那个成了没有, 我报的那个还要不要我, 上次报的4410有戏没, 我报的那个咋个还不回我
// (Round 22b): an
// application the worker made (报的, 报了的, 我报那个, a code after 报) and its fate asked at the end. Not a
// wish to apply (我想报那个), a question about the opening itself (我报的那个厂工资怎么样) or a stop.
const APPLIED_RE = /(我|我们|我妈|我爸|我老婆|我老公|他|她|上次|之前|前天|昨天|那天|刚才)?(报|报名|申请|投)(了)?(的|过的|了的)(名)?|(我|我们)(报|报名|申请)(了)?(那个|这个|那家|这家|[0-9]{3,6})|(报|报名|申请)(了|过)(那个|这个|那家|这家|[0-9]{3,6})/;
const FATE_ASKED_RE =
  /((怎么样|咋样|咋个样|咋个样子|怎样|如何|咋个了|怎么了)(了|啦|嘞|咯)?(吗|呢|啊|哦|嘛)?|(成|成功|通过|录|录上|录取|选上|批|定)(了)?(没有|没得|没|吗|么|不)|成没成|过没过|有戏(没|没有|吗|不)?|(有|来)(消息|回音|结果|下文|动静|音讯)(了)?(没有|没得|没|吗|么|不)?|(还)?(要不要|收不收|要没要|收没收)(我|我们|她|他)|要我(了)?(没有|没得|没|吗|不)|(还)?(作数|算数|有效)(吗|不|没|没有)|黄了(没|吗)?|进度(怎么样|咋样|如何)?|结果(呢|怎么样|咋样|出来了没)?|(什么时候|啥时候|哪天|几号|几时)(能|可以)?(通知|叫|喊|让|安排)?(我)?(去)?(上班|开工|报到|面试|去)(呢|啊|嘛)?|(有人|有没有人|有没得人)(联系|打电话)(我)?(没|没有|没得|吗)?|(咋个|怎么|为什么|为啥|咋)?(还|都|一直|到现在)?(不|没)(回|理|回复|回话|联系|通知)(我|我们|人)(呢|啊|嘛|哦)?)$/;

// Round 23 (docs/reader.md "Round 23"): whether what one left with us is right (我留的地址对不对, 我填的电话有没有错,
// 登记的手艺对吗): one's own record asked about, status — not a new place or skill given.
const OWN_RECORD_RE =
  /^(我|我们|我妈|我爸)?(留|填|登记|报|写|发)(给你们)?的(地址|住址|位置|地方|电话|号码|手机号|信息|资料|技能|手艺|名字)(对不对|对吗|对不|对没|是不是对的|对的吗|有没有错|有没得错|错没错|错了没|没错吧|没错吗)(啊|呀|嘛|哦|呢)?$/;

export function isOwnRecordQuestion(compact: string): boolean {
  return OWN_RECORD_RE.test(compact);
}

export function isOwnApplicationQuestion(compact: string): boolean {
  if (/^(wo|women)?(bao|baoming|shenqing)(de|le|lede)(na|zhe)?(ge|jia)?[a-z]{0,8}(zenmeyang|zayang|zageyang|zenyang)(le|la)$/.test(compact)) return true;
  // Round 23: how long one has waited, told after the question (到底要不要我啊 等了两天了), asks nothing else,
  // nor do 到底, 究竟 and particles between the application and its fate.
  const asked = compact.replace(/(啊|呀|嘛|哦)?[,.!?\s]*(都|已经|我都|我已经)?等了[^,.!?]{1,4}(天|周|礼拜|星期|个月|月)(了|啦)?[,.!?\s]*$/, '');
  const applied = APPLIED_RE.exec(asked);
  if (!applied || !FATE_ASKED_RE.test(asked)) return false;
  const between = asked
    .slice(applied.index + applied[0].length)
    .replace(FATE_ASKED_RE, '')
    .replace(/到底|究竟|[啊呀嘛哦噢]/g, '');
  // (我报的那个厂工资怎么样了 asks about the opening's pay: a detail.)
  if (/工资|工钱|待遇|包吃|包住|在哪|远不远|环境|老板|累不累/.test(between)) return false;
  return between.length <= 10 && !/想报|要报|我要去|我想去|不去|不报|取消|退订|td|别发|不要发|莫发/.test(compact);
}

// Questions that name a place or a work word and are about something else: a bus (蒙自到个旧的车几点有),
// a place that is not a workplace (停车场在哪点), produce bought (你们这里收不收核桃), a sick animal
// (我家猪生病了咋个整).
const TRANSPORT_RE = /(车|班车|客车|大巴|中巴|公交|火车|动车|高铁|汽车)[^,.!?]{0,4}(几点|什么时候|啥时候|几时|多少钱|好多钱|在哪|哪里坐|怎么坐|咋个坐|还有没有)|(几点|什么时候|啥时候)(有|发|开)?(的)?(车|班车|客车|大巴|中巴)/;
const NOT_A_WORKPLACE_RE = /^(请问)?(这里|这边|那边|附近|你们那)?(的)?(停车场|厕所|卫生间|医院|卫生院|诊所|药店|车站|汽车站|客运站|火车站|银行|信用社|派出所|学校|超市|菜市场|农贸市场|邮局|加油站|饭馆|饭店|宾馆|旅馆)(在|是)(哪|哪里|哪点|哪儿|什么地方|哪个地方|哪块)/;
const PRODUCE_BOUGHT_RE = /(收不收|收购|回收|买不买|要不要买|(?:你们|这里|这边|那边|你家|哪里|哪个|哪家)[^,.!?]{0,2}收)[^,.!?]{0,2}(核桃|鸡蛋|草果|玉米|土豆|洋芋|菌子|茶叶|烟叶|蜂蜜|板栗|香蕉|芒果|菠萝|辣椒|大米|谷子|猪|鸡|鸭|牛|羊|花椒|三七)/;
const SICK_ANIMAL_RE = /(猪|牛|羊|鸡|鸭|鹅|狗|猫|马|兔子)[^,.!?]{0,3}(生病|病了|瘟|发瘟|不吃食|拉稀|死了)/;
// Public services asked about (Round 16d): 医保在哪里交, 社保卡在哪点办, 低保咋个申请 — not work.
const PUBLIC_SERVICE_RE = /(医保|社保|养老保险|新农合|合作医疗|低保|户口|身份证|驾照|驾驶证|结婚证|残疾证|社保卡|医保卡)[^,.!?]{0,6}(在哪|哪里|哪点|哪儿|怎么|咋个|咋|如何|多少|几时|什么时候|啥时候|要带|要什么|去哪)|(交|办|补|领|申请|缴|报销|买)[^,.!?]{0,2}(医保|社保|养老保险|新农合|合作医疗|低保|户口|身份证|社保卡|医保卡)[^,.!?]{0,4}(在哪|哪里|哪点|哪儿|怎么|咋个|咋|如何|多少|去哪)|(怎么|咋个|咋|如何|去哪|哪里)[^,.!?]{0,2}(交|办|补|领|申请|缴|报销|买)[^,.!?]{0,2}(医保|社保|养老保险|新农合|合作医疗|低保|户口|身份证|社保卡|医保卡)/;
// Going refused for the distance, with the condition that would have made it possible (不包住的话太远了
// 我去不了, 太远了 又不包车 我去不成): news, nothing to list or to stop.
const TOO_FAR_RE = /(太远|远了|那么远|好远|远得很|远很)[^,.!?]{0,8}(去不了|去不成|去不到|来不了|跑不起|去不起|不去了|不得去)/;
const WORK_TALK_RE = /活|工作|岗位|招|厂|报名|订阅|登记|工资|上班|打工|接送|包车|面试|培训/;

// Round 16f (docs/reader.md "Round 16f: fresh20"): texts not written to us or asking nothing of us, read
// before any rule (reader-rules.ts, beside the advertising spam) — gambling spam (澳门首家线上娱乐 注册就送88), a phone's auto-reply (我在开会，稍后回电), calls refused and
// texts preferred (不方便接电话 发短信告诉我就行), and the worker going to look for themselves (别急 我明天去
// 厂里看看). Alerts stay as they are; no stop, no sign-up.
const SPAM_RE = /线上娱乐|娱乐城|博彩|百家乐|老虎机|棋牌|彩票|葡京|注册(就)?送|首充|返水|充值(就)?送/;
const AUTO_REPLY_RE = /^(您好)?(我)?(正在|在)(开会|开车|上课|忙|驾驶)[^.!?]{0,4}(稍后|等下|晚点|一会儿?|待会)(回电|回复|联系|再联系|回你|给你回)|稍后回电|自动回复|暂时无法接听/;
const CALLS_REFUSED_RE = /(不方便|不能|没法|接不了|不好|不想)(接|听)?(电话)[^.!?]{0,4}(发|用)(短信|信息)[^.!?]{0,6}(就行|就可以|就好|可以|行)/;
// (The reader reads what follows 别急 alone: message-reader.ts CALM_LEAD_RE; so the time said is what marks it.)
const GOING_TO_LOOK_RE = /^(别急|莫急|不急|不着急|莫慌|别慌)?(我)?(自己)?(明天|后天|今天|过两天|改天|下午|等下|晚点)(自己)?(去|到)[^.!?]{0,6}(看看|看一下|瞧瞧|问问|看下)$/;

export function isAside(compact: string): boolean {
  return SPAM_RE.test(compact) || AUTO_REPLY_RE.test(compact) || CALLS_REFUSED_RE.test(compact) || GOING_TO_LOOK_RE.test(compact);
}

export function isUnrelatedQuestion(compact: string): boolean {
  if (PUBLIC_SERVICE_RE.test(compact) && !/活|工作|岗位|招|厂|报名|订阅|上班|打工|面试|老板|工资|押/.test(compact)) return true;
  if (TOO_FAR_RE.test(compact) && !/[0-9]{3,6}|退订|td|不要发|别发|莫发|有没有|有没得|还有|吗|[?]/.test(compact)) return true;
  if (WORK_TALK_RE.test(compact.replace(/停车场|卫生院/g, '|'))) return false;
  if (PRODUCE_BOUGHT_RE.test(compact) && !/摘|采|剥|挑|拣|砍|挖|人/.test(compact)) return true;
  return TRANSPORT_RE.test(compact) || NOT_A_WORKPLACE_RE.test(compact) || SICK_ANIMAL_RE.test(compact);
}

// 老王，明天喊上几个人来挖地: a text to a neighbour by name, sent here by mistake (老板, 老师 are us).
export const NAMED_NEIGHBOUR_RE =
  /^(老|小|阿)(王|李|张|刘|陈|杨|赵|黄|周|吴|徐|孙|胡|朱|高|林|何|郭|马|罗|梁|宋|郑|谢|韩|唐|冯|董|程|曹|袁|邓|许|沈|曾|彭|吕|苏|卢|蒋|蔡|丁|魏|叶|潘|杜|钟|汪|田|任|姜|范|方|石|姚|谭|廖|邹|熊|金|陆|白|普|龙|段|杨|罗|李)(啊|呀|哎)?[\s,.!?]/;
