/**
 * Round 37 (issue #14; docs/reader.md "Round 37: the third red team"). Kinds a third red team's stop-line texts showed
 * (tests/fixtures/redteam3-texts.jsonl, the half the round could read), kept apart from the shared rules so that rounds
 * merge cleanly; reader-rules.ts asks `readKinds37` first, before Round 34's hook.
 *
 * Sure stops (the worker asks, in words the older rules did not foresee):
 * - a threat said on the condition that the sending does not stop (不给我退订我就去投诉, 再不停我就打12315, 还不取消 我就报警):
 *   the threat is what the worker will do to us, the stop is what they ask (an employer's, 不退押金我就报警, is no stop);
 * - an angry question whether it can stop, the messages named (你们这些骚扰短信能不能停, 垃圾信息可不可以停掉);
 * - a stop asked for a relative (帮我爹退一下, 替我外婆停掉): not when what is returned or cancelled is named (帮我妈退押金,
 *   替我哥取消一下报名);
 * - the staff told to do it themselves (你们直接给我退了, 干脆帮我取消掉), after a how-to question or not;
 * - a changed life and the stop said (考上编制了 这个就取消吧, 回学校上学了 用不上了).
 * Unclear stops (only implied: alerts stop at once and the bot asks 回TD退订 回1继续接收):
 * - 取了吧, 给我取掉 (取消 cut short; with a no-use reason, 没得用 取了吧, sure);
 * - 莫喊我了, 别叫我了 (don't call on me any more; with 以后/再也, sure);
 * - a number whose owner died (这是我外公生前的号, 我爸去年过世了 这个是他的号) or that changed hands (这个号早就卖了,
 *   卡是我刚办的 前面是谁的不晓得);
 * - a changed life alone (我去当兵了, 考上大学了, 自己开了个馆子 不出来了; a contract signed, 签了五年的合同, only with no use said);
 * - a phone kept for someone who does no work (这个手机是给我奶奶打电话用的 她又不干活);
 * - giving up, said at the end (算了 不弄了, 老喽 没人要 不看了, 懒得看了);
 * - 够了 alone, 👎 alone (enough, thumbs down: likely a refusal, said by a word or sign that may mean other things).
 * Not stops, each yielding to a stop said in its own words:
 * - someone reads the messages for a relative (我妈不识字 你们发的我帮她看): unknown;
 * - work found and more work asked (找到活了 不过还想找个晚上做的): the list;
 * - a fee paid back demanded (把押金退给我 交了300没去成) and a posting found false on arrival (去了那个厂 关着门 一个人都没有):
 *   a report; one kind of work given up for another (我不做保洁了 改做缝纫): the skills; not too far, near a place (不要远的
 *   离建水近点的就行): the place; a past stop regretted (上回说了不要 现在又想要了 能重新订吗): a sign-up; let go and more work
 *   asked (厂里不要我了 帮我再找个), work at one's age asked (退休了 还能干保安不): the list;
 * - a shift refused alone (不要晚班的): a sign-up's preference; a topic announced (关于押金的事): help; the messages arriving
 *   unreadable (发来的短信全是方块): a fault reported;
 * - a plea not to be lied to before a question (别骗我 真的包吃住吗): no report (`reportView37`).
 */
import { type Clues34, type Kind34, STOP_WORDS_RE } from './reader-kinds-34.js';

/** What the hook reads (a part of reader-rules.ts's `Clues`) and gives: as Round 34's. */
export type Clues37 = Clues34;
export type Kind37 = Kind34;
// Words that ask to stop in any case (a not-stop yields to them): Round 34's.
// A pause said (a time, an event waited for): the older rules read those.
const PAUSE_WORDS_RE = /先|暂时|暂停|这几天|这段时间|这阵子|这个月|过几天|过段时间|再说|再发|再联系|过完|过了年|年后|忙完|[0-9一二两三四五六七八九十半几]+个?(?:天|周|星期|礼拜|月)|下个?月|明年|回来/;
// Work still wanted: no stop whatever came before.
// (Lead's review: 我退休了 还有活做不 asks for work — 有活, 活路, 有工作 — and is no stop.)
const WORK_WANTED_RE = /找(?:活|工作|事做|个|份)|有活|活路|有工作|有事做|有没有|有没得|有莫得|还能(?:干|做|去|报)|还要|还想|继续|接着|报名|订阅|bm[0-9]|帮(?:我|她|他)(?:找|看看|问)|我来(?:找|做|干|接)/;

const KIN =
  '(?:老爹|我爹|爹|老爸|我爸|爸爸|阿爸|老妈|我妈|妈妈|阿妈|老娘|我娘|爷爷|奶奶|外公|外婆|阿公|阿婆|老倌|老伴|老公|老婆|媳妇|婆娘|男人|哥哥|我哥|大哥|姐姐|我姐|大姐|弟弟|我弟|妹妹|我妹|妹夫|姐夫|儿子|女儿|姑娘|孙子|孙女|叔叔|阿姨|舅舅|姑妈|姨妈|老人家|老人|家里人|家人|邻居|亲戚|老乡|朋友|同事|他|她)';

// --- sure stops ---

// 不给我退订我就去投诉, 再不停我就打12315: the threat on the condition that the sending does not stop.
const THREAT_UNLESS_RE = new RegExp(
  '(?:再不|还不|要是不|如果不|你们不|你不|不)(?:给我|帮我|把我)?(?:赶紧|马上|快点)?' +
    '(?:退订|退掉|退了|td|取消(?!报名|订单|预约|资格|合同)|停(?:掉|发|下来|下|止|了)?|删(?:掉|了|除)?(?:我|号码)?)' +
    '(?:的话|掉)?(?:我)?(?:(?:明天|今天|直接)?就|马上|立刻|立马)(?:去|要|会)?(?:到|找|打|向|跟)?(?:工信部|运营商|消协|12315|12345|10086|10010|10000|110)?' +
    '(?:报警|投诉|举报|告(?:你们)?|曝光|打(?:电话)?(?:给)?(?:12315|12345|10086|10010|10000|110|工信部)|找(?:工信部|运营商|派出所|记者|律师))',
);
// 你们这个垃圾短信能不能停: an angry question whether it can stop, the messages named.
const CAN_IT_STOP_RE =
  /(?:短信|信息|消息|通知|推送|垃圾|骚扰|你们)[^,.!?]{0,10}(?:能不能|可不可以|能否|可以|能)(?:不要|别)?(?:停|停掉|停下|停下来|停止|停了)(?:发|发送)?(?:吗|不|嘛|么|啊|了|啦|哦)?$/;
// 帮我爹退一下, 替我外婆停掉: a stop for a relative (not 帮我妈退押金, 替我哥取消一下报名).
const FOR_KIN_RE = new RegExp(
  `(?:帮|替|给)(?:我)?(?:家)?${KIN}(?:把(?:这个|短信|信息)?)?(?:退订|退|取消|停|删)(?:一下|下|掉|了|一哈|哈|吧)(?!.{0,2}(?:钱|款|押金|费|报名|名|货|衣服|房|票|订单|保险|学))`,
);
// 你们直接给我退了, 干脆帮我取消掉: the staff told to do it.
const DO_IT_YOURSELF_RE =
  /(?:直接|干脆|就)(?:给我|帮我|把我)(?:的)?(?:号|号码)?(?:退订|退|取消|停|删)(?:了|掉|订|吧|除)(?!.{0,2}(?:钱|款|押金|费|报名|名|货|订单))/;

// --- changed lives (sure with a stop said, else unclear) ---
const CHANGED_LIFE_RE =
  /考上(?:了)?(?:公务员|大学|研究生|高中|编制|事业单位|事业编|老师|教师|警察|村官|[^,.!?]{0,4}(?:公务员|大学|编))|(?:去|要去)?当兵(?:去)?了|参军|入伍|(?:回|返)(?:学校|校)(?:读书|上学|念书|上课)?(?:了|去了)?|复读|(?:回去|又去)(?:读书|上学)|退休了|领(?:上)?(?:了)?(?:养老金|退休金|退休工资)|(?:自己)?开了(?:个|一个|家|一家|间)?[^,.!?]{0,4}(?:店|小卖部|饭馆|馆子|超市|摊|铺|厂|公司)|做(?:起)?(?:了)?(?:小)?生意|当老板了|签了[^,.!?]{0,6}(?:年|长期)[^,.!?]{0,3}(?:的)?(?:合同)?|有(?:正式|固定)?(?:的)?(?:单位|编制|铁饭碗)了|出国了/;
const NO_USE_RE = /取消|不要了|不需要|用不着|用不上|没用了|不用了|不用再|不用发|没必要/;
// Lead's review: a stop only implied (a changed life, a number that changed hands, its owner gone) is no stop when the
// text ends by asking something (…有哪样活 / …还招不): the sealed sets' false opt-outs after Round 37 were such questions.
const ASKS_37_RE = /(?:不|没|没得|没有|嘛|呢|吗|么)$|[?？]|哪样|哪些|哪个|哪里|哪点|什么|啥|多少|几个|有没/;
const SENDING_MOCKED_RE =
  /(?:天天|每天|一天|老是|总是|一直|成天|整天|三天两头)[^,.!?]{0,8}(?:发|推)(?:(?!活|工作|岗位|厂)[^,.!?]){0,8}(?:有意思吗|有意思不|有意思没|有意义吗|有啥意思|有哪样意思|好玩吗|好耍吗|烦不烦|累不累)/;
const LIFE_QUESTION_RE = /还能|能不能|可不可以|有没有|有没得|吗|么|[?？]|想找|想打|想做|要找|找个|找点|兼职|暑假|寒假|周末/;

// --- unclear stops ---

// 取了吧, 给我取掉: 取消 cut short, a clause of its own.
const CUT_SHORT_CANCEL_RE = /(?:^|[,.!?\s])(?:你们)?(?:给我|帮我|就)?取(?:了|掉)(?:吧|嘛|噻|哦|算了)?(?=$|[,.!?\s])/;
// (Run together, 没得用取了吧: after a no-use reason the 取 ends the text.)
const CUT_SHORT_AFTER_REASON_RE = /(?:没得用|没有用|没用|用不着|用不上|不需要|不要了|莫得用)(?:你们)?(?:给我|帮我|就)?取(?:了|掉)(?:吧|嘛|噻)?$/;
const NO_USE_REASON_RE = /没得用|没有用|没用|用不着|用不上|不需要|不要了|没意思|莫得用/;
// 莫喊我了, 别叫我了: don't call on me any more.
const DONT_CALL_ME_RE = /(?:^|[,.!?\s])(?:以后|今后)?(?:就)?(?:莫|别|不要|不用|甭|不消)(?:再)?(?:喊|叫)我(?:了|啦|咯|喽|嘛)/;
const ONE_OPENING_BEFORE_RE = /(?:这个|那个|这家|那家|这种|那种|这次|这回|[0-9]{3,6})(?:活|厂|工作|岗位|的)?[^,.!?\s]{0,2}(?:莫|别|不要|不用|甭|不消)(?:再)?(?:喊|叫)我/;
// A number whose owner died, or that changed hands.
const DEATH_RE = /生前|去世|过世|逝世|离世|病故|死了|走了|不在了|没了|过背了/;
const DEATH_SURE_RE = /生前|去世|过世|逝世|离世|病故/;
const PHONE_RE = /号|手机|电话|卡/;
const CHANGED_HANDS_RE =
  /(?:号|号码|手机|电话|卡)[^,.!?]{0,6}(?:卖了|卖掉|卖给|转给|转让|送给|给了别人|给别人了|换人了|换主人|不是(?:我|他|她)的了|停用了|作废了)|(?:新买的|新办的|刚买的|刚办的|二手的)(?:号|卡|手机号)|(?:号|卡|号码)(?:是)?(?:我)?(?:新|刚|才)(?:买|办)的/;
const NEW_NUMBER_GIVEN_RE = /新(?:的)?(?:号|号码|手机号)(?:是|为)|1[3-9][0-9]{9}/;
// 这个手机是给我奶奶打电话用的 她又不干活: a phone kept for someone who does no work.
const PHONE_FOR_RE = new RegExp(`(?:手机|号|号码|电话|卡)(?:是)?(?:给|帮)?(?:我)?(?:家)?(?:${KIN}|小孩|孩子|娃娃|娃|学生)[^,.!?]{0,8}(?:用的|的)`);
const DOES_NO_WORK_RE = /(?:又|也|根本|从来)?(?:不|没)(?:出去|出门|会)?(?:做工|打工|干活|做活|上班|找活|找工作|出去做)|(?:在)?(?:读书|上学|念书)|不识字|八十|九十|七十/;
// (The messages named: 我妈叫我帮她看, 我姐叫我帮她弄这个 relay a request, read by the older rules.)
const READS_FOR_RE = new RegExp(
  `(?:发的|短信|信息|消息)[^,.!?]{0,3}我(?:来|会|都|就)?(?:帮|替|念给|读给)${KIN}?(?:看|念|读|听)|我(?:来|会|都|就)?(?:帮|替|念给|读给)${KIN}(?:看|念|读|听)(?:短信|信息|消息)`,
);
// 算了 不弄了, 老喽 没人要 不看了, 懒得看了: giving up, the last clause.
const GIVING_UP_END_RE = /(?:^|[,.!?\s])(?:算了)?(?:我)?(?:也|就|都)?(?:不弄了|不看了|不搞了|不整了|不玩了|懒得(?:看|弄|搞|整|找)了?)$/;
// (Run together, 算了反正也找不到不弄了: a reason for giving up before the end.)
const GIVING_UP_RUN_RE = /(?:算了|反正|老了|老喽|没人要|找不到|没意思|没希望)[^,.!?]{0,10}(?:不弄了|不看了|不搞了|不整了|不玩了)$/;
const ONE_THING_BEFORE_RE = /(?:这个|那个|这家|那家|这条|那条|[0-9]{3,6})[^,.!?\s]{0,3}(?:不弄了|不看了|不搞了|不整了|懒得)/;
const ENOUGH_RE = /^(?:够了|够了够了|受够了|烦够了|真是够了|我受够了)$/;
const POLITE_WORDS_RE = /你好|您好|老板好|谢谢|多谢|感谢|嘛|啊|哈|呀|哦|[\s\p{P}]/gu;

// --- not stops ---
// 找到活了 不过还想找个晚上做的: work found and more asked.
const FOUND_WORK_RE = /找到(?:活|工作|事|厂)|找着(?:活|工作)|有活(?:路)?(?:了|干了)|上班了|进厂了/;
const MORE_WORK_RE = /(?:但是|但|不过|可是|还|再)(?:想|要)?(?:再)?(?:找|要|做|干)(?:个|一个|份|一份|点)?[^,.!?]{0,8}(?:的|活|工作|兼职)/;

// Near misses read as what they ask (退, 关, 不要, 不找 of something else):
// 退钱 报名费交了没去成, 把押金退给我: a fee paid back demanded — a report.
const REFUND_DEMANDED_RE = /(?:^|[,.!?\s])(?:把)?(?:我的)?(?:钱|押金|报名费|中介费|介绍费|体检费|费用)?(?:退钱|退(?:给)?我(?:的)?(?:钱|押金|报名费|中介费|介绍费|体检费|费用)|退给我)/;
const FEE_PAID_RE = /交了|给了|付了|报名费|押金|中介费|介绍费|体检费|没去成|没去|不去了/;
// 1003那个厂我去了 关着门 没有人: a posting found false on arrival — a report.
const FOUND_FALSE_RE = /去了[^,.!?]{0,6}[,.!?\s]*(?:厂|门)?(?:关着门|关门了|锁着门|门锁着|没有人|没人|一个人都没有|空的|找不到)/;
// 我不找缝纫了 找绣花: one kind of work given up for another — a change of skills.
const KIND_SWAPPED_RE = /不(?:找|做|干|要)([^,.!?\s]{1,6})了[,.!?\s]*(?:我)?(?:要|想)?(?:改)?(?:找|做|干|学)([^,.!?\s]{1,6})$/;
// 不要太远的 离元阳县城近的就行: near a place wanted — a change of place.
const NEAR_PLACE_RE = /(?:不要|别|莫)(?:太)?远(?:的)?[,.!?\s]*(?:离|在)?[^,.!?\s]{2,10}(?:近|附近|周边)(?:一点|点)?(?:的)?(?:就行|就好|就可以|最好|可以)/;
// 做好退回去的串珠 计件的钱没算给我: piecework handed back and its pay not counted — a report (退 of the goods).
const PAY_NOT_COUNTED_RE = /(?:计件|件数|工钱|工资|的钱)[^,.!?\s]{0,3}(?:没|还没|没有|少)(?:算|结|给)(?:给我|给|清楚|够)?/;
// 不要夜班的: a shift refused alone — a preference said at sign-up, as earlier sets label 不要夜班的 找白班的活 (no stop).
const SHIFT_REFUSED_RE = /^(?:我)?(?:不要|不做|不上|不干|不想上)(?:夜班|晚班|早班|倒班|两班倒|三班倒)(?:的)?(?:活|工作)?$/;
// 关于工资的问题: a topic announced, nothing asked yet — help (someone will answer).
const TOPIC_ANNOUNCED_RE = /^(?:我)?(?:想)?(?:问(?:一下|下|问)?|咨询(?:一下)?)?关于[^,.!?\s]{1,8}的(?:问题|事|事情)$/;
// 短信乱码了 一堆方块: the messages arrive unreadable — a fault reported.
const GARBLED_RE = /乱码|(?:一堆|全是|都是)(?:方块|方框|问号|框框)|显示不出(?:来)?(?:字)?/;
// 我上次说不要了 现在后悔了 还能订吗: a past stop regretted, the sending asked back — a sign-up.
// (嫁到泸西了 is a move, read by the older rules; 以前说了不要发 你们又要发给我 complains of the sending.)
const REGRETTED_RE = /(?:上次|上回|之前|以前|前面|前几天|前段时间|前些天|昨天|前天|那天|刚才)[^,.!?]{0,6}(?:不要|退订|取消|td|别发)[^,.!?]{0,3}[,.!?\s]*[^,.!?]{0,6}(?:后悔|又想要|想通|改主意)[^,.!?]{0,8}(?:订|要|发)/;
// 老板不要我了 再帮我找找: let go, more work asked — the list.
const LET_GO_RE = /(?:老板|厂里|厂子|那边)(?:不要我|把我辞|辞了我|把我开了|开了我)(?:了)?[,.!?\s]*(?:再|重新)?(?:帮我|给我)(?:再)?找/;
// 退休的老工人 还能干门卫不: work at one's age asked — the list.
const RETIRED_ASKS_RE = /退休[^,.!?]{0,6}[,.!?\s]*还(?:能|可以)(?:干|做|去)[^,.!?\s]{1,6}(?:不|吗|么|没|嘛)$/;

const compactOf = (s: string): string => s.replace(/[\s\p{P}\p{S}]/gu, '');

export function readKinds37(c: Clues37): Kind37 | null {
  const { compact, reading } = c;

  // Sure stops.
  if (THREAT_UNLESS_RE.test(compact)) return { intent: 'unsubscribe' };
  if (CAN_IT_STOP_RE.test(compact)) return { intent: 'unsubscribe' };
  // (我妈不会缝纫 帮她删掉 takes a skill off: the older rules read it.)
  if (FOR_KIN_RE.test(compact) && !PAUSE_WORDS_RE.test(compact) && !/不会(?!弄|用|搞|整|操作|回|看)|不做|不干|技能|工种|手艺|地址|住址/.test(compact)) return { intent: 'unsubscribe' };
  if (DO_IT_YOURSELF_RE.test(compact) && !PAUSE_WORDS_RE.test(compact)) return { intent: 'unsubscribe' };

  // Not stops (a stop said in its own words goes to the older rules).
  if (!STOP_WORDS_RE.test(compact)) {
    if (READS_FOR_RE.test(compact) && !/退|取消|停|删|不要了|不想/.test(compact)) return { intent: 'unknown' };
    if (FOUND_WORK_RE.test(compact) && MORE_WORK_RE.test(compact.replace(FOUND_WORK_RE, '|')) && /但|不过|可是|还/.test(compact)) return { intent: 'list_jobs' };
  }

  // Near misses read as what they ask.
  if (!STOP_WORDS_RE.test(compact)) {
    if (REFUND_DEMANDED_RE.test(reading) && FEE_PAID_RE.test(compact)) return { intent: 'report' };
    if (FOUND_FALSE_RE.test(reading)) return { intent: 'report' };
    if (PAY_NOT_COUNTED_RE.test(compact) && /退回|交回|交了|做好|做完|交货/.test(compact)) return { intent: 'report' };
    const swapped = KIND_SWAPPED_RE.exec(reading);
    if (swapped && c.skills.length > 0) return { intent: 'update_skills' };
    if (NEAR_PLACE_RE.test(reading) && c.hasPlace) return { intent: 'update_place' };
    if (LET_GO_RE.test(reading)) return { intent: 'list_jobs' };
    if (RETIRED_ASKS_RE.test(reading)) return { intent: 'list_jobs' };
    if (SHIFT_REFUSED_RE.test(compact)) return { intent: 'subscribe' };
    if (TOPIC_ANNOUNCED_RE.test(compact)) return { intent: 'help' };
    if (GARBLED_RE.test(compact) && /短信|信息|消息|发的|发来/.test(compact) && !/怎么|咋|如何/.test(compact)) return { intent: 'report' };
  }
  // (上次退订了 现在又想要了 算了还是不要了: refused again at the end, read by the older rules.)
  if (REGRETTED_RE.test(reading) && !/(?:别|不要|莫)(?:再)?(?:给我)?(?:发|推)(?:了)?$|算了|还是不要|还是别/.test(compact)) return { intent: 'subscribe' };

  // A changed life: with the stop said sure, alone unclear; a question about work is no stop.
  // (On the normalized text: the lexicon corrector reads 研究生 as a skill.)
  const life = CHANGED_LIFE_RE.test(compactOf(c.normalized)) || CHANGED_LIFE_RE.test(compact);
  if (life && !LIFE_QUESTION_RE.test(compact) && !WORK_WANTED_RE.test(compact) && !PAUSE_WORDS_RE.test(compact.replace(/回(?:学校|校)/, ''))) {
    if (NO_USE_RE.test(compact) || STOP_WORDS_RE.test(compact)) return { intent: 'unsubscribe' };
    // (A contract signed alone, 签了五年的合同, may begin a grievance about it: the wide model reads a report there.)
    if ((!/签了[^,.!?]{0,6}(?:年|长期)/.test(compact) || /考上|当兵|参军|入伍|学校|退休|开了|生意|老板|单位|编制|出国/.test(compact)) && !ASKS_37_RE.test(compact)) return { intent: 'unsubscribe', unclear: true };
  }

  // Unclear stops: implied, or said in words that may mean other things.
  if (CUT_SHORT_AFTER_REASON_RE.test(compact) && !WORK_WANTED_RE.test(compact)) return { intent: 'unsubscribe' };
  if (CUT_SHORT_CANCEL_RE.test(reading) && !WORK_WANTED_RE.test(compact)) return NO_USE_REASON_RE.test(compact) ? { intent: 'unsubscribe' } : { intent: 'unsubscribe', unclear: true };
  if (DONT_CALL_ME_RE.test(reading) && !ONE_OPENING_BEFORE_RE.test(compact) && !WORK_WANTED_RE.test(compact) && !PAUSE_WORDS_RE.test(compact))
    return /以后|今后|再也|永远/.test(compact) ? { intent: 'unsubscribe' } : { intent: 'unsubscribe', unclear: true };
  if (DEATH_RE.test(compact) && (DEATH_SURE_RE.test(compact) || PHONE_RE.test(compact)) && !WORK_WANTED_RE.test(compact) && !ASKS_37_RE.test(compact)) return { intent: 'unsubscribe', unclear: true };
  if (CHANGED_HANDS_RE.test(compact) && !NEW_NUMBER_GIVEN_RE.test(compact) && !WORK_WANTED_RE.test(compact) && !ASKS_37_RE.test(compact)) return { intent: 'unsubscribe', unclear: true };
  if (PHONE_FOR_RE.test(compact) && DOES_NO_WORK_RE.test(compact) && !READS_FOR_RE.test(compact) && !WORK_WANTED_RE.test(compact)) return { intent: 'unsubscribe', unclear: true };
  if ((GIVING_UP_END_RE.test(reading) || GIVING_UP_RUN_RE.test(compact)) && !ONE_THING_BEFORE_RE.test(compact)) return { intent: 'unsubscribe', unclear: true };
  if (ENOUGH_RE.test(compact)) return { intent: 'unsubscribe', unclear: true };
  // 天天发天天发有意思吗, 一天发好几条有意思吗: the sending mocked with a rhetorical question, as 你们怎么天天发 is (lead, fresh35).
  if (SENDING_MOCKED_RE.test(compact) && !WORK_WANTED_RE.test(compact)) return { intent: 'unsubscribe', unclear: true };
  const signs = c.normalized.replace(POLITE_WORDS_RE, '');
  if (/^(?:👎[\u{1F3FB}-\u{1F3FF}]?)+$/u.test(signs)) return { intent: 'unsubscribe', unclear: true };
  return null;
}

/**
 * The text as the report reader (reader-report.ts) should see it, asked by message-reader.ts: a complaint threatened
 * unless the sending stops is no report (reader-report.ts's `isConditionalThreat` knows 如果还发 … 就, not 要是不停掉 … 就), and
 * 别骗我, 莫哄我哦 before a question is a plea, not a fraud named.
 */
export function reportView37(compact: string): string {
  // (你们要是不停掉 我明天就去工信部投诉: the complaint threatened if the sending goes on is the stop itself.)
  return compact.replace(THREAT_UNLESS_RE, '|').replace(/^(?:你们)?(?:莫|别|不要|不许)(?:骗|哄|诓)(?:我|人)(?:哦|哈|啊|嘛|噢|呀)?(?=.*(?:吗|么|嘛|不|没|没有|没得|[?？])$)/, '');
}

/**
 * 我不找缝纫了 找绣花: the kind given up for another is dropped from the skills (asked by message-reader.ts after Round 32's
 * refusals of what is sent), unless it is named again elsewhere.
 */
export function withoutSwappedKinds37(reading: string, mentions: readonly { name: string; start: number; end: number }[], skills: readonly string[]): string[] {
  const swapped = KIND_SWAPPED_RE.exec(reading);
  if (!swapped) return [...skills];
  const a = swapped.index;
  const b = a + swapped[0].length - (swapped[2]?.length ?? 0);
  const inside = (m: { start: number }): boolean => m.start >= a && m.start < b;
  const refused = new Set(mentions.filter(inside).map((m) => m.name));
  const elsewhere = new Set(mentions.filter((m) => !inside(m)).map((m) => m.name));
  return skills.filter((k) => !refused.has(k) || elsewhere.has(k));
}
