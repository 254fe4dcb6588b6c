/**
 * Round 32 (issue #14; docs/reader.md "Round 32: fresh32"). Kinds the blind set fresh32 showed — requests to stop said
 * indirectly, for someone else or with a reason that sounds final, and texts that sound like refusals and are none —
 * kept apart from the shared rules so that rounds merge cleanly; reader-rules.ts asks `readKinds32` first.
 *
 * Not stops (a false opt-out silences a worker who wanted work), read before any rule sees their stop words:
 * - 拉黑 between the worker and an employer (老板把我微信拉黑了, 拉黑了那个工头, 被厂里拉黑了): a complaint, not a block
 *   of our number — report when a wrong is named (欠, 不给工钱), else unknown;
 * - someone else's stop quoted and the worker's own wish said after it (我老婆说不要发了 但是我还要, 别人叫我回TD 我不想回):
 *   resume when the worker asks to go on, else unknown;
 * - how to stop some day, asked (如果以后不想收了怎么弄, 要是哪天不需要了回什么): help;
 * - why the sending stopped, asked (怎么不给我发了, 最近咋个都不推了): status — the worker wants more, not less;
 * - an offer declined as already done (不消了 已经报好了, 不用回了 我已经去了): unknown;
 * - TD denied and what was meant said (不是TD 是DY 包装, 不是退订 是报名): that sign-up, application or resume;
 * - an application taken back (那个报名我不要了, 把我的报名撤了, 报名的3021不去了): unknown; one given up for another
 *   (退掉3015 换成3018, typed apart too): the application to the second;
 * - a time of day refused (晚上别发, 上班的时候不要推): unknown — when, not whether;
 * - a weary job hunt and a list asked (烦死了 找了一个月还没找到 有没有手工活): the list;
 * - 取消 taking back a typo (取消 我打错字了 是新街不是新城): the correction;
 * - a stop someone else made and the worker back (我女儿把我退订了 我要重新订, 退订错了 恢复): subscribe or resume;
 * - work found and a relative still looking, signed up (我找到活了 但是我老婆还在找 帮她订包装): subscribe.
 * Other kinds of the set, none a stop: the conditions at work complained of (车间热死了 没得风扇, 老板不让我们停下来喝水: report);
 * an application denied and a mistake asked (不是我报的名 是不是搞错了: status); the others refused and one applied to (别的不要
 * 就报BM1007); a kind of post refused (莫要发要交押金的: unknown, no report); away until a time, the sending then (过完年回来 到时候再发:
 * pause); the record said right (没错 地址是对的: confirm); whether one's application was seen, what one subscribed to (老板看到我报名
 * 没有, 我订的是缝纫吗: status); near, at a place (不要太远 最好在南沙附近: update_place); the number taken over by the one writing
 * (他不做了 我来做 订缝纫: subscribe); whether work at home or at one's age there is (可以在家做吗, 退休了还能做门卫不: list_jobs); a place refused ranks after the one asked (`maskRefusedPlaces32`, message-reader.ts).
 * Stops (every one sure: the words refuse the whole service):
 * - the service no longer of use (你们这些招工的用不着了, 以后用不着这些了, 这些信息用不上了);
 * - a reason and a bare stop as the last clause (发这么多浪费钱 我用不着 停, 没意义 取消吧);
 * - the worker's age is no span of time (我今年六十八了 莫再发了: 今年 made it a pause for this year);
 * - moved away for good and the work here refused (我去福建了 这边的工作我不要了, 搬去广东了 红河的信息不用再给我);
 * - not wanting the messages, for oneself or a relative (她不想再收到招工短信了);
 * - a stop sign among emoji of messages, with a greeting or thanks (你好 🚫📩, 🚫 谢谢);
 * - a stop sent and the sending going on, how to stop asked (回了T还在发 到底要回哪样才不发); a goodbye and a refusal (拜拜 不要了);
 *   免了免了 (spare me) an unclear one;
 * - a refusal said over (不要不要不要), even with work (以后有活也不用告诉我了), everything refused after a complaint (那就算了
 *   都别发了), for a relative (我替我爸取消一下), or told to by one (儿子叫我把这个退掉).
 */
import type { Intent } from './reader-types.js';
import { PAUSE_CUE_RE } from './reader-pause.js';

/** What the hook reads: a part of reader-rules.ts's `Clues`. */
export interface Clues32 {
  normalized: string;
  reading: string;
  compact: string;
  code: string | null;
  hasPlace: boolean;
  mentions: readonly unknown[];
}

export interface Kind32 {
  intent: Intent;
  unclear?: boolean;
}

// Words that ask to stop in any case: with them a not-stop kind gives way to the older rules.
const STOP_WORDS_RE = /td|退订|拒收|注销|删(?:号|掉我|了我|除我)|再也|永远|以后都|以后也(?:不|别|莫)|(?:不要|别|莫|不用|甭|不消)(?:再)?(?:给我)?(?:发|推)/;

// --- not stops ---

const EMPLOYER = '(?:老板娘|老板|厂里|厂家|工厂|那个厂|这个厂|工头|包工头|中介|领班|组长|主管|班长|经理|人事|管事的)';
const BLOCKED_RE = /拉黑|屏蔽/;
const EMPLOYER_RE = new RegExp(EMPLOYER);
// 把你们拉黑, 拉黑这个号: the worker blocking us — a stop, read by the older rules.
const BLOCKS_US_RE = /你们|这个号|此号|短信|号码|信息|通知/;
const WRONG_NAMED_RE = /欠|不给|没给|不结|没结|不发|没发|扣|骗|跑路|拖|赖/;

const RELATIVE = '(?:老婆|老公|媳妇|男人|妹妹|姐姐|哥哥|弟弟|我姐|我哥|我弟|我妹|妹夫|姐夫|妈妈|我妈|老妈|爸爸|我爸|老爸|儿子|女儿|孙子|孙女|家里人|家人|别人|人家|朋友|同事|邻居|他|她|他们|她们)';
const QUOTED_STOP_RE = new RegExp(`${RELATIVE}[^,.!?]{0,3}(?:说|叫我|让我|喊我|要我)[^,.!?]{0,12}?(?:不要|别|莫|不想|不用|退订|td|取消|退|停)`);
// The worker's own wish after the quote: to keep receiving.
const OWN_WISH_RE = /(?:但是|可是|不过|但)?我(?:还|自己|是)?(?:要|想要|想收|要收|还要|还在找|想找|就想)|我(?:不想|不要|才不|没|不会|不)(?:回|退|取消|停)|(?:别|不要|莫)把我的|继续(?:给我)?(?:发|推)|照常(?:发|推)/;

const HYPOTHETICAL_STOP_HOW_RE =
  /(?:如果|要是|万一|假如|假设|哪天|哪一天)[^,.!?]{0,6}(?:不想|不要|不需要|不用|想退|要退|想停|要停)[^,.!?]{0,6}?(?:怎么|咋个|咋|如何|该怎么|要怎么)(?:弄|办|整|搞|退|做|回|发|操作)?(?:呢|啊|嘛|哦)?$|(?:如果|要是|万一|假如|假设|哪天)[^,.!?]{0,6}(?:不想|不要|不需要|不用)[^,.!?]{0,6}?(?:回|发)(?:什么|啥|哪个|哪样|啥子)(?:字|字母)?(?:呢|啊|嘛)?$/;
const OWN_STOP_WISH_RE = /帮我|我要退|我想退|给我退|麻烦|现在就|马上|烦|骚扰/;

const WHY_NOT_SENT_RE =
  /^(?:你们)?(?:最近|这几天|这段时间)?(?:怎么|为什么|为啥|咋个|咋)(?:最近|这几天|好久)?(?:都|就|也)?(?:不|没|没有)(?:再)?(?:给我)?(?:发|推|通知)(?:了|过|消息了|信息了|短信了)?(?:呢|啊|嘛|哦|呀)*$/;

const ALREADY_DONE_RE =
  /^(?:不消|不用|不必|不需要|用不着)(?:了|啦)?(?:回|回复|回我|打|打电话|问|催|联系|管)?(?:了|啦)?[,.!?\s]*(?:我)?(?:已经|都)(?:报|报名|报好|去|到|来|弄|办|搞|交|填|联系|问|回)(?:好|了|过|到|上|完)/;
const WORK_FOUND_RE = /找到|找着|上班|进厂|有活|不找|不干|不做|工作了/;

const NOT_TD_BUT_RE = /不是(?:要)?(?:td|t|退订|取消|r)(?:是|我是|我要|要|发的是|回的是|我回的是|我发的是)(?:要)?(dy|订阅|订|bm|报名|hf|恢复|继续)/;

const APPLICATION_WITHDRAWN_RE =
  /(?:报名|申请|报的名)(?:的)?(?:[0-9]{3,6})?(?:那个|这个)?(?:我)?(?:不要了|不去了|不报了|算了|撤了|撤掉|撤回|撤销|作废)|(?:把|帮我把)(?:我的|那个|这个)?(?:报名|申请)(?:给我)?(?:撤|撤掉|撤了|撤回|撤销|删|删掉|删了|取消|退掉|退了)/;

// (What comes after the withdrawal asks nothing more of an opening: no other code, no 改报, 重新报, 帮我报.)
const APPLIES_AFTER_RE = /[0-9]{3,6}|改|换|重新|再报|帮我报|我要报|想报|报名(?!的)|bm|去(?:做|上班)/;
function withdrawnOnly(compact: string): boolean {
  const m = APPLICATION_WITHDRAWN_RE.exec(compact);
  return m !== null && !APPLIES_AFTER_RE.test(compact.slice(m.index + m[0].length));
}

// 退掉3015 换成3018, 取消1003 改报1005: one opening given up for another — the application to the second.
const APPLICATION_SWAPPED_RE = /(?:退掉|退了|退|取消|取消掉|不要|不报|撤掉|撤了|撤销)(?:报名)?[0-9]{3,6}(?:那个|这个|的)?(?:换成|改成|改报|换报|换|改)(?:报名|报)?[0-9]{3,6}/;

const TIME_OF_DAY_RE =
  /(?<![从今])(?:晚上|夜里|夜间|半夜|深夜|大半夜|早上|一大早|大清早|清早|中午|午休|睡觉的时候|上班的时候|上班时间|干活的时候|白天)(?:的时候)?(?:就|都)?(?:别|不要|莫|不用|甭|不消)(?:再)?(?:给我)?(?:发|推|打电话|打)/;
const FROM_NOW_RE = /开始|起|以后|从今|今后|往后/;

const WEARY_RE = /烦|愁死|急死|难找|找不到|没找到/;
const LIST_ASKED_END_RE = /(?:有没有|有没得|有冇|有什么|有啥|有哪样|哪里有|哪点有|还有没有|有不有)[^,.!?]{0,8}(?:活|工作|活路|事做|岗位|厂|工)(?:的)?(?:吗|么|呢|没|没有)?$/;

const TYPO_TAKEN_BACK_RE = /^(?:取消|撤回|作废|不算|刚才的不算)(?:我|刚才|刚刚)?(?:打|写|发|输|填)错(?:字|了)/;

const OTHER_STOPPED_ME_RE = new RegExp(`${RELATIVE}[^,.!?]{0,3}(?:把我|帮我|给我)(?:的号|的号码)?(?:退订|退了|退掉|取消|td)(?:了|掉了)?`);
const WANT_BACK_RE = /重新(?:订|订阅|开|收|登记)|再(?:订|订阅)|恢复|我还要|继续(?:给我)?(?:发|推|收)/;
const STOP_UNDONE_RE = /(?:退订|td|取消|退)(?:错了|搞错了|按错了|点错了)(?:帮我)?(?:恢复|继续|重新订)/;

const FOUND_BUT_OTHER_RE = new RegExp(`(?:但是|可是|不过|但)[^,.!?]{0,4}${RELATIVE}[^,.!?]{0,4}(?:还在找|还要找|要找|想找|还没找到|在找)`);
const SIGN_UP_OTHER_RE = /(?:帮|给|替)(?:她|他|我老婆|我老公|我媳妇|我妈|我爸|我妹|我弟|我儿子|我女儿)(?:订|订阅|登记|报名|dy|找)/;

// Other kinds of the set, none a stop.
// 车间里热死了 又没得风扇, 老板不让我们停下来喝水: the conditions at work complained of — a report.
const HARSH_WORKPLACE_RE =
  /(?:热死|闷死|冷死|热得很|热得要命|闷得很)[^]{0,10}?(?<!有)(?:没得|没有|没|冇|莫得)(?:个)?(?:风扇|空调|通风|窗户|水喝)|(?:热死|闷死|冷死|热得很|热得要命|闷得很)[^]{0,6}?(?:风扇|空调|窗户)(?:都|也)?(?:没得|没有|冇|莫得)|(?:老板|厂里|工头|领班|组长|主管|班长)[^,.!?]{0,4}(?:不让|不准|不许)(?:我们|我|人)?(?:停下来|停下|歇|休息|坐|喝水|喝口水|上厕所|吃饭)/;
// 不是我报的名 是不是搞错了: an application denied and a mistake asked about — the worker's own record (status).
const NOT_MY_APPLICATION_RE = /(?:不是我|我没|我没有|我从来没)(?:自己)?(?:报|报名|报过名|申请)(?:的)?(?:名)?[^,.!?]{0,4}?(?:是不是|是否|会不会)?(?:搞错|弄错|错了|搞混)/;
// 别的不要 就报BM1007: the others refused and one opening applied to.
const ONLY_THIS_ONE_RE = /(?:别的|其他|其它)(?:的)?(?:都)?(?:不要|不去|不报)(?:了)?(?:就|只)(?:报|要|去|报名)(?:bm)?[0-9]{3,6}/;
// 莫要发那种要交押金的: a kind of post refused (one that asks a deposit) — what to send, no report and no stop.
const DEPOSIT_POSTS_REFUSED_RE = /(?:莫|别|不要|莫要)(?:给我)?(?:发|推)(?:那种|这种|那些|这些)?(?:要)?(?:先)?(?:交|收)(?:押金|保证金|钱)的/;
// 我去广东了 过完年回来 到时候再发: away now, back at a time to come, and the sending then — a pause.
const BACK_THEN_RE = /(?:过完年|过了年|年后|春节后|回来|回家)(?!了)[^,.!?]{0,4}(?<!了)[,.!?\s]*(?:到时候|那时候|那时|到时)(?:再|才)(?:发|说|联系|通知|推)/;
// 没错 地址是对的: what is recorded said right — a confirmation, no change.
const RECORD = '(?:我的)?(?:地址|住址|技能|工种|名字|电话|信息)';
const RECORD_RIGHT_RE = new RegExp(`^(?:没错|对|对的|是的|嗯)${RECORD}(?:是|都是)?(?:对的|没错|正确的?|对)$|^${RECORD}(?:是|都是)(?:对的|正确的?)$`);
// 老板看到我报名没有, 厂里收到我的申请了吗: whether one's application was seen — status.
const APPLICATION_SEEN_RE = /(?:老板|厂里|厂家|人家|招工的|hr)(?:有没有)?(?:看到|看见|收到|看了)(?:我的|我)?(?:报名|申请)(?:了)?(?:没有|没|吗|么|没得)?$/;
// 我订的是缝纫吗: what one subscribed to, asked — status.
const OWN_SUBSCRIPTION_ASKED_RE = /^(?:我|我妈|我爸)(?:订|订阅|登记|填|报)的(?:是|就是)?[^,.!?]{1,8}(?:吗|么|嘛|对吧|对不对|是吧|是不是|对)$/;
// 不要太远 最好在元阳南沙附近: near, at a place named — where to send work (update_place), not a sign-up.
const NEAR_PLACE_RE = /^(?:不要|莫要|别|不想)(?:离家)?太远(?:的|了)?(?:最好|就|只要|要)(?:在|是)[^,.!?]{2,10}$/;
// 他不做了 我来做 号码一样 订缝纫: the number passed to the one writing, who signs up.
const NUMBER_TAKEN_OVER_RE = /(?:他|她|我爸|我妈|我老公|我老婆|我媳妇|我男人)(?:不做了|不干了|不找了|不用了)[^]{0,12}?(?:我来做|我来|换我|现在是我|我接着)/;
// 我不想去厂里上班 可以在家做吗, 退休了还能做门卫不: whether work of a kind there is, asked — a list.
const HOME_WORK_ASKED_RE = /(?:(?<!只)(?:可以|能)在家(?:里)?(?:做|干)(?:吗|不|么|没)|(?:能不能|可不可以)在家(?:里)?(?:做|干)(?:吗|不|么|嘛|没)?)$/;
const STILL_CAN_DO_RE = /^(?:我)?(?:退休了|老了|年纪大了|岁数大了|(?:[0-9]{2}|[五六七八九]十[一二三四五六七八九]?)(?:岁|多岁)?了)(?:还|也)?(?:能|可以)(?:做|干|当)[^,.!?]{1,6}(?:不|吗|么|没)$/;

// --- stops ---

const NO_USE_RE =
  /(?:你们|这些|这个|那些|招工的|招聘的|短信|信息|消息)[^,.!?]{0,8}?(?:用不着|用不上)(?:了|啦|喽|咯)?|(?:用不着|用不上)(?:你们|这些|这个|那些)/;
// A reason about what is sent, then a bare stop as a clause of its own.
const REASON_RE = /发的|发这么多|发那么多|没意义|没用|浪费|用不着|用不上|不需要|烦|骚扰|太多/;
const BARE_STOP_LAST_RE = /[,.!?\s](?:那就|干脆)?(?:停|停掉|停了|停止|取消|取消掉|退了|退掉)(?:吧|了|啦|掉)?[\s.!]*$/;
// (Run together, 我用不着停: the reason's own words right before the stop mark the clause.)
const REASON_THEN_STOP_RE = /(?:用不着|用不上|没意义|没用|浪费钱?|不需要|烦死了|太多了)(?:了|啦)?(?:那就|干脆)?(?:停|停掉|停了|停止|取消|取消掉|退了|退掉)(?:吧|了|啦|掉)?$/;
const OTHER_OBJECT_RE = /报名|申请|技能|工种|班|岗位|面试|订单/;

const AGE_RE = /(?:今年)?(?:[5-9][0-9]|[五六七八九]十[一二三四五六七八九]?)(?:岁|多岁|多)?(?:了|喽|咯|啦)/;
const REFUSED_SENDING_RE = /(?:不要|别|莫|不用|甭|不消)(?:再)?(?:给我)?(?:发|推)/;

const AWAY = '(?:广东|福建|浙江|江苏|上海|深圳|东莞|广州|佛山|中山|厦门|苏州|宁波|昆明|北京|四川|贵州|新疆|外省|省外|外地)';
const MOVED_AWAY_RE = new RegExp(`(?:去|到|搬去|搬到|走|跑)(?:了)?${AWAY}|不回来了|不回来`);
const WORK_HERE_REFUSED_RE =
  /(?:这边|这里|红河|老家|家乡|本地|我们这)(?:这边)?的(?:工作|活|活路|信息|工作信息|招工)(?:信息)?(?:我)?(?:就|也)?(?:不要了|不需要了|不用了|用不着了|(?:不用|不要|别|莫|不消)(?:再)?(?:给我|发给我|发|推)(?:了)?)/;

const NOT_WANTED_MESSAGES_RE =
  /不想(?:再)?(?:收到|收|接到|接收|看到)(?:你们的|你们|这些|这种|那些)?(?:招工|招聘|工作|找工作|广告)?(?:的)?(?:短信|信息|消息|通知)(?:了)?/;
const REPEATED_REFUSAL_RE = /^(?:(?:不要|别发|莫发|不用|不需要|不要发)(?:了|啦)?){2,}$/;
const EVEN_WITH_WORK_RE = /有(?:活|活路|工作|合适的)(?:了)?(?:也|都)(?:不用|不要|别|莫|不消|甭)(?:再)?(?:告诉|通知|发|喊|叫|联系|给)/;
const ALL_REFUSED_CLAUSE_RE = /(?:^|[,.!?\s]|算了|那就|干脆|索性)(?:那|那就|算了|干脆|索性)?(?:你们)?(?:就)?(?:都|全都|统统|一律|通通)(?:别|不要|莫|不用|甭|不消)(?:再)?(?:给我)?(?:发|推)(?:了|啦)?(?:[,.!?\s]|$)/;
const FOR_RELATIVE_RE =
  /(?:替|帮|给)(?:我)?(?:爸|妈|爹|爷爷|奶奶|外公|外婆|老人|老人家|老公|老婆|媳妇|儿子|女儿|他|她|家里老人)(?:把[^,.!?]{0,6})?(?:取消|退订|退掉|退了|停掉|停了)(?:一下|掉|了|吧)*/;
const TOLD_TO_STOP_RE = new RegExp(`${RELATIVE}[^,.!?]{0,3}(?:叫|让|喊|要)我(?:把这个|把它|把你们|把这|把短信|把号)?[^,.!?]{0,2}(?:退掉|退了|退订|取消|删掉|删了|停掉|关掉|td)`);
// 回了T还在发 到底要回哪样才不发: a stop sent, the sending going on, and how to make it stop — the worker wants out (as 怎么还在发
// 我不是退订了吗 is a stop), the question is no help wanted.
const STOP_NOT_WORKED_RE = /(?:回了|回过|发了|发过|按了|回复了)(?:t|td|r|退订|n)(?:了)?[^,.!?]{0,6}?(?:还在发|还发|还是发|又发|还在推|照样发|照发)(?![^,.!?]{0,3}(?:吗|么|不|没)$)/;
// 拜拜 不要了, 再见 不用了: a goodbye and a refusal — the refusal alone (不要了) is a stop.
const GOODBYE_REFUSAL_RE = /^(?:拜拜|拜|再见|88|886|bye|byebye)+(?:了)?(?:不要了|不用了|不需要了|不要发了|别发了)$/;
// 免了免了: spare me — likely a stop, not sure of what (an offer or the service): unclear, alerts pause and the worker is asked.
const SPARE_ME_RE = /^(?:免了|免啦|免咯)+$/;
// 你好 🚫📩, 🚫 谢谢: a stop sign among emoji of messages, with a greeting or thanks around it — the sign alone is a stop
// (reader-rules.ts STOP_EMOJI_ONLY_RE), and the affixes took the words and left no reading.
const POLITE_WORDS_RE = /你好|您好|老板好|谢谢|多谢|感谢|嘛|啊|哈|呀|哦|[\s\p{P}]/gu;
const STOP_SIGNS_RE = /^[🚫⛔❌🙅🛑✋📩✉📨📧📱💬📲\u{FE0F}\u{200D}\u2640\u2642\u{1F3FB}-\u{1F3FF}]+$/u;

export function readKinds32(c: Clues32): Kind32 | null {
  const { compact, reading } = c;
  // Not stops first: each yields to a stop said in its own words.
  if (blocksEmployer(compact))
    return { intent: WRONG_NAMED_RE.test(compact) ? 'report' : 'unknown' };
  const quoted = QUOTED_STOP_RE.exec(compact);
  const afterQuote = quoted ? compact.slice(quoted.index + quoted[0].length) : '';
  if (quoted && OWN_WISH_RE.test(afterQuote) && !STOP_WORDS_RE.test(afterQuote) && !/我(?:也|就|要|想)(?:不要|不想|退|取消|停)|我们都不要/.test(afterQuote))
    return { intent: /继续|照常|接着|还要/.test(compact) ? 'resume' : 'unknown' };
  if (HYPOTHETICAL_STOP_HOW_RE.test(compact) && !OWN_STOP_WISH_RE.test(compact)) return { intent: 'help' };
  if (WHY_NOT_SENT_RE.test(compact)) return { intent: 'status' };
  if (ALREADY_DONE_RE.test(reading) && !WORK_FOUND_RE.test(compact)) return { intent: 'unknown' };
  const notTd = NOT_TD_BUT_RE.exec(compact);
  if (notTd) {
    const meant = notTd[1] as string;
    return { intent: /dy|订/.test(meant) ? 'subscribe' : /bm|报名/.test(meant) ? 'apply' : 'resume' };
  }
  if (STOP_UNDONE_RE.test(compact) || (OTHER_STOPPED_ME_RE.test(compact) && WANT_BACK_RE.test(compact)))
    return { intent: /恢复|继续/.test(compact) ? 'resume' : 'subscribe' };
  if (FOUND_BUT_OTHER_RE.test(compact) && SIGN_UP_OTHER_RE.test(compact)) return { intent: 'subscribe' };
  if (APPLICATION_SWAPPED_RE.test(compact) && !/td|退订|拒收|短信|信息|通知/.test(compact)) return { intent: 'apply' };
  if (!STOP_WORDS_RE.test(compact)) {
    if (withdrawnOnly(compact)) return { intent: 'unknown' };
    if (TYPO_TAKEN_BACK_RE.test(compact)) return { intent: c.hasPlace ? 'update_place' : 'unknown' };
  }
  if (TIME_OF_DAY_RE.test(compact) && !FROM_NOW_RE.test(compact) && !/td|退订|拒收|再也|永远|全部|都不要|所有/.test(compact)) return { intent: 'unknown' };
  if (WEARY_RE.test(compact) && LIST_ASKED_END_RE.test(compact) && !STOP_WORDS_RE.test(compact)) return { intent: 'list_jobs' };
  if (!STOP_WORDS_RE.test(compact)) {
    if (HARSH_WORKPLACE_RE.test(compact)) return { intent: 'report' };
    if (NOT_MY_APPLICATION_RE.test(compact) && !/打电话|联系我|找我/.test(compact)) return { intent: 'status' };
    if (ONLY_THIS_ONE_RE.test(compact)) return { intent: 'apply' };
    if (BACK_THEN_RE.test(reading)) return { intent: 'pause' };
    if (RECORD_RIGHT_RE.test(compact)) return { intent: 'confirm' };
    if (NEAR_PLACE_RE.test(compact) && c.hasPlace && !/订|dy|登记/.test(compact)) return { intent: 'update_place' };
    if (NUMBER_TAKEN_OVER_RE.test(compact) && /订|dy|登记/.test(compact)) return { intent: 'subscribe' };
    if ((HOME_WORK_ASKED_RE.test(compact) || STILL_CAN_DO_RE.test(compact)) && !c.code) return { intent: 'list_jobs' };
    if (APPLICATION_SEEN_RE.test(compact) || (OWN_SUBSCRIPTION_ASKED_RE.test(compact) && !c.code)) return { intent: 'status' };
  }
  if (DEPOSIT_POSTS_REFUSED_RE.test(compact) && !/td|退订|全部|都不要|所有|以后都|再也/.test(compact)) return { intent: 'unknown' };

  // Stops.
  const signs = c.normalized.replace(POLITE_WORDS_RE, '');
  // (✋ and 🙅 beside a greeting may wave: only the signs that forbid count with words around them.)
  if (STOP_SIGNS_RE.test(signs) && /[🚫⛔❌🛑]/u.test(signs)) return { intent: 'unsubscribe' };
  if (STOP_NOT_WORKED_RE.test(compact) || GOODBYE_REFUSAL_RE.test(compact)) return { intent: 'unsubscribe' };
  if (SPARE_ME_RE.test(compact)) return { intent: 'unsubscribe', unclear: true };
  if (NO_USE_RE.test(compact) && !/吗|么|\?|不是|还用得/.test(compact)) return { intent: 'unsubscribe' };
  if (((BARE_STOP_LAST_RE.test(reading) && REASON_RE.test(compact)) || REASON_THEN_STOP_RE.test(compact)) && !c.code && !OTHER_OBJECT_RE.test(compact)) return { intent: 'unsubscribe' };
  const age = AGE_RE.exec(compact);
  if (age) {
    const rest = compact.replace(AGE_RE, '|');
    if (REFUSED_SENDING_RE.test(rest) && !PAUSE_CUE_RE.test(rest)) return { intent: 'unsubscribe' };
  }
  if (MOVED_AWAY_RE.test(compact) && WORK_HERE_REFUSED_RE.test(compact)) return { intent: 'unsubscribe' };
  if (NOT_WANTED_MESSAGES_RE.test(compact) && !/如果|要是|万一|假如|怎么|咋/.test(compact)) return { intent: 'unsubscribe' };
  if (REPEATED_REFUSAL_RE.test(compact) || EVEN_WITH_WORK_RE.test(compact) || ALL_REFUSED_CLAUSE_RE.test(reading) || ALL_REFUSED_CLAUSE_RE.test(compact)) return { intent: 'unsubscribe' };
  if (FOR_RELATIVE_RE.test(compact) && c.mentions.length === 0 && !OTHER_OBJECT_RE.test(compact) && !/(?:不要|别|莫|不用)(?:替|帮|给)/.test(compact)) return { intent: 'unsubscribe' };
  const told = TOLD_TO_STOP_RE.exec(compact);
  if (told && !/我不想|我不要|我不|不退|不回|才不|没退/.test(compact.slice(told.index + told[0].length))) return { intent: 'unsubscribe' };
  return null;
}

function blocksEmployer(compact: string): boolean {
  return BLOCKED_RE.test(compact) && EMPLOYER_RE.test(compact) && !BLOCKS_US_RE.test(compact) && !STOP_WORDS_RE.test(compact);
}

/**
 * The text as the report reader (reader-report.ts) should see it, asked by message-reader.ts: 拉黑 between the worker and an
 * employer is no stop word there (老板把我微信拉黑了 还欠我两千 is a report), and a stop said in this round's words (儿子叫我把这个
 * 退掉 说是骗人的) is one, so a complaint about us beside it does not make it a report.
 */
export function reportView32(compact: string): string {
  if (blocksEmployer(compact)) return compact.replace(/拉黑|屏蔽/g, '|');
  // (莫要发那种要交押金的: a kind of post refused, not a deposit demanded of the worker.)
  if (DEPOSIT_POSTS_REFUSED_RE.test(compact)) return compact.replace(DEPOSIT_POSTS_REFUSED_RE, '|');
  const stop = TOLD_TO_STOP_RE.exec(compact) ?? NO_USE_RE.exec(compact);
  return stop ? `${compact.slice(0, stop.index)}|td|${compact.slice(stop.index + stop[0].length)}` : compact;
}

/**
 * A place refused (我不去个旧 蒙自有没有活, 别发蒙自的 发河口的): message-reader.ts ranks it after the others, as it does a place
 * said not to be the worker's (不是, 不在). Only the first place after the refusal is masked, so a text run together (我不去个旧
 * 蒙自有没有活) keeps the place asked for.
 */
export const REFUSED_PLACE_CUE_RE = /不去|(?:别|莫|不要)发/;
export function maskRefusedPlaces32(text: string, hasPlace: (part: string) => boolean): string {
  return text.replace(/(不去|(?:别|莫|不要)发)([^,.!?\s|了]{2,8})/g, (m, cue: string, rest: string) => {
    for (let n = 2; n <= rest.length; n++) if (hasPlace(rest.slice(0, n))) return cue + '|'.repeat(n) + rest.slice(n);
    return m;
  });
}

/**
 * 别给我推电子厂的组装了 只要缝纫: a kind refused with the work place before it (电子厂的组装) — the negation reader takes the
 * refusal as far as the first 的, so the refused skill stayed. Asked by message-reader.ts: a skill named only inside a refusal
 * of what is sent (别/不要/莫 … 推/发 …, to its 了 or the clause's end, or to 我, 只要, 要 …) is dropped.
 */
const REFUSED_SENDING_CLAUSE_RE = /(?:别|不要|莫|不用|甭)(?:再)?(?:给我)?(?:推|发)[^,.!?\s]{1,12}?(?:了|(?=我|只|要|发|推|订阅|dy|改|换|[,.!?\s]|$))/g;
export function withoutRefusedKinds32(reading: string, mentions: readonly { name: string; start: number; end: number }[], skills: readonly string[]): string[] {
  const spans = [...reading.matchAll(REFUSED_SENDING_CLAUSE_RE)].map((m) => [m.index, m.index + m[0].length] as const);
  if (spans.length === 0) return [...skills];
  const inside = (m: { start: number }): boolean => spans.some(([a, b]) => m.start >= a && m.start < b);
  const refused = new Set(mentions.filter(inside).map((m) => m.name));
  const elsewhere = new Set(mentions.filter((m) => !inside(m)).map((m) => m.name));
  return skills.filter((k) => !refused.has(k) || elsewhere.has(k));
}
