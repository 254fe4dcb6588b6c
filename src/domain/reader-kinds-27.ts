import type { Intent } from './reader-types.js';

/**
 * The kinds a twenty-seventh blind set found (docs/reader.md "Round 27: fresh27"), most of them from younger
 * workers back from coastal factories. Pure; reader-rules.ts asks `readKinds27` right after the confirmations,
 * before any rule that would read a stop, a sign-up or an application in the same words, and reader-report.ts
 * asks `isReport27` and `isSuspicionAsked` beside its own cues.
 *
 * - stops: an account closed or the number removed, said with a word alone (移除, 销户, 注销账户, delete me);
 * - status: one's own state asked, either-or or 了没有 (我是暂停了还是退订了, 我退订了没有 还会发吗, 我订上了没);
 *   whether the record still holds (我之前订的是蒙自的 现在还是吗, 原来登记的是缝纫 没变吧); an application's
 *   outcome asked, with impatience or the wait after it (我的报名过了没有, 1207 面试通过没, 报名那个回了吗, 厂里有
 *   回复没有啊 等了三天了, 报的那个厂 不知道过没过 急死), or no one in touch since, with a worry (报名了没人联系我
 *   不会是骗子吧) — whether it is a scam is asked, not reported;
 * - pauses: a refusal with the worker's return after it and no 再 (莫发了 等我回来, 别推了 等我忙完), or rest first
 *   (先歇一哈 莫发了) — a pause, not a stop;
 * - nothing asked of us: "not me" and a wrong person (不是我 发错人了: fresh16's 不是我 你们打错了); the day vented
 *   (emo了 不想上班, 累死了 不想起床); the 打工人 slogans (打工人打工魂, 早安打工人);
 * - moves: the place the alerts go by refused and the new one said (别按个旧推了 我住建水);
 * - lists: terms the worker accepts after the question (有没得采茶的 临时的也可以, 有搬运的活吗 远点也行) — the
 *   question is the request (`acceptedTermsAt`; reader-rules.ts reads the rest).
 */

/** What these readings look at (a part of reader-rules.ts's Clues). */
export interface Kinds27Clues {
  reading: string;
  compact: string;
  core: string;
  code: string | null;
  placesIn?: (text: string) => boolean;
}

// Words that ask to stop the messages in any case.
const STOP_WISH_RE =
  /td|退订|退定|拒收|注销|拉黑|屏蔽|删|取消|(不要|别|莫|甭|不用|不消|勿)(再)?(给我)?(继续|接着)?(发|推|通知|打扰|联系)|stop|unsubscribe|再也|永远|以后都|以后也不/;
// A wish to stop said with its subject (我要退订, 帮我取消) as opposed to a question about the state.
const OWN_STOP_WISH_RE = /(我要|我想|帮我|给我|请|麻烦|直接|马上)(退订|退定|退掉|退出|取消|停|删)|(不要|别|莫|甭|不用)(再)?(给我)?(发|推)/;

// 移除, 销户, 注销账户, delete me: a word alone that closes the account or takes the number off.
const REMOVAL_ALONE_RE =
  /^(请|麻烦|帮我|给我|把我|我要|我想|直接|马上|please|pls|plz)*(移除|移出|销户|销号|销账号|销账户|注销账户|注销帐户|注销账号|注销帐号|删户|除名|退群|delete|deleteme|deletemyaccount|deletemynumber|removeme|removemynumber|unsubme|unsubscribeme|unfollow|unfollowme)(我|掉|了|吧|嘛|啊|哈|一下|账号|帐号|账户|帐户|谢谢|thanks|thx|please|pls|plz)*$/;

// 我是暂停了还是退订了, 订上了还是没订上: the worker's own state, one or the other.
const STATE = '(暂停|停|退订|退定|退|订阅|订|登记|注册|取消|恢复|开通|报名|报)';
// (我是已订阅还是已退订: with 已 the state needs no 了; a subject or 是 makes it the worker's own, so 退订还是暂停好 is
// a question about which to send, not about a state.)
const STATE_EITHER_RE = new RegExp(`^((我|我的|我这个号|这个号|我的号)(现在)?(是|到底是)?|(现在)?(是|到底是))(被)?((已|已经)${STATE}(了|着|上|掉|成功|中)?|${STATE}(了|着|上|掉|成功|中))(的)?还是(被|已|已经)?${STATE}`);
// 我退订了没有, 我是不是被退订了, 我订上了没, 我暂停成功了吗: a stop or a sign-up of one's own, asked after.
const STATE_ASKED_RE = new RegExp(`^(我|我的号|我这个号|我这个号码|这个号)(现在)?(是不是|是否|到底)?(已经)?(被)?(你们)?(给)?${STATE}(了|上|成功|好|掉)(了)?(没有|没得|没|吗|么|不|没啊)|^(我|我的号|我这个号|我这个号码|这个号)(现在)?(是不是|是否)(已经)?(被)?(你们)?(给)?${STATE}(了|上|成功|掉)`);
// 我之前订的是蒙自的 现在还是吗, 原来登记的是缝纫 没变吧: whether the record still holds.
const RECORD_HOLDS_RE =
  /^(我|我们)?(之前|原来|以前|当时|上次|开始|最开始)?(订|订阅|登记|填|留|写|报)的(是|地址是|技能是|地方是)[^,.!?]{1,10}?(的)?(现在|目前)?(还是(吗|不|没|不是|这个吗|那个吗|那里吗|那边吗)|没变(吧|吗)?|没改(吧|吗)?|变了没|变没变|改了没|改没改|还对吗|还在吗)$/;

// What was applied for: an application, an interview or the code of the opening.
const APPLIED_RE = /报名|报的|报了|报过|报那个|报这个|申请的|申请了|投的|面试|[0-9]{3,6}/;
// Who answers an application (厂里有回复没有): only with a reply asked for.
const RESPONDER_RE = /^(那个|这个)?(厂里|厂家|厂子|老板|那边|人家|公司|招工的|招人的|hr|人事)/;
// Its outcome asked, at the end: passed, taken, answered.
const OUTCOME_RE = /((过|通过|成|成功|录|录取|录上|选上|批|定)(了)?(没有|没得|没|吗|么|不|没啊)|过没过|成没成|有没有过|要我(了)?(没有|没得|没|吗))$/;
const REPLY_RE = /((回|回复|回话|答复|回信|回消息)(我|我们)?(了)?(吗|没有|没得|没|么)|有(回复|回音|回话|答复|消息|结果|下文|动静)(了)?(没有|没得|没|吗|么))$/;
// No one in touch since (报名了没人联系我): a statement of the wait, the fate implied.
const NO_ANSWER_RE = /(没人|没有人|都没人|一直没人|没得人|莫得人|莫人)(联系|理|回|回复|打电话|通知|找)(过)?(我|我们)?(过)?$/;
// What is said after the question and adds nothing to it: particles, impatience, the wait, a code named again.
const FOLLOW_UP_TAIL_RE =
  /([啊呀嘛哦噢嘞哈]|(都|已经|我都|我已经)?等了[^,.!?]{1,5}(天|周|礼拜|星期|个月|月)(了|啦)?|急死(了|人|我)?(了)?|着急(死了)?|给个准话|给句话|说句话|(都|也|一直)(不|没)(回|理|回复)(我)?|没人回|不知道|(号)?[0-9]{3,6}(号|那个)?|(不会是|该不会是?|莫不是|莫非|是不是)(骗子|骗人的?|假的|没戏了?|黄了|搞忘了))+$/;
// …and before it: 不知道 (报的那个厂 不知道过没过).
const FOLLOW_UP_DOUBT_RE = /不知道|不晓得|也不知|搞不清/g;
// An application wished for, withdrawn or asked about (pay, the place) is none of these.
const NOT_A_FOLLOW_UP_RE = /想报|要报|我要去|我想去|帮我报|给我报|bm|不去|不报|取消|工资|工钱|待遇|包吃|包住|在哪|远不远|招满|还招|还要人|要人/;

// 不是我 发错人了: "not me" and a wrong person, nothing else (fresh16 labels 不是我 你们打错了 unknown); 不好意思
// 发错人了, an apology, is the worker's own slip (不好意思发错了 is unknown in every set).
const NOT_ME_WRONG_RE = /^((不是我|我不是|不是本人)(啊|哦|哈|呀)?(你们|你)?|(不好意思|抱歉|对不起|sorry|sry)(啊|哈)?(我)?)(发|打|找)错(人|号|号码|了|群|地方)(了|吧|啊|哦|哈)*$/;
// emo了 不想上班, 累死了 不想起床: the day vented; nothing about the service.
const VENT_RE = /不想(上班|起床|起来|动|出门|搬砖|营业|努力|干活了?)(了|啊|呀|哦)?/;
const MOOD_LEFT_RE = /^(emo|累|困|烦|心累|丧|麻|人都麻|想哭|崩溃|难受|头疼|今天|明天|周一|星期一|礼拜一|真|真的|好|太|又|唉|哎|害|呜+|哈+|死|了|啊|呀|的|我|都|不开心|好想|睡觉|想睡觉|躺平|摆烂)*$/;
// The 打工人 slogans.
const SLOGAN_RE = /^(早安|早上好|晚安|加油|冲)?打工人(打工魂|打工都是人上人|人上人|加油|冲鸭?|早安|晚安|yyds|永不为奴|打工人)*$|^打工魂(打工人|打工魂)*$|^打工是不可能打工的(这辈子都?不可能打工的)?$/;

// 莫发了 等我回来, 别推了 等我忙完: the refusal and the worker's return, with no 再.
const REFUSAL_RE = /(莫|别|不要|不用|甭|不消|先别|先不要)(再)?(给我)?(发|推|通知)/;
const UNTIL_BACK_RE = /等(我|我们|俺)(回来|回家|回去|忙完|忙过|忙好|休息好|歇好|好了|出院|养好|安顿好|有空|空了|找好|弄好|考完|生完)(了|以后|之后|再说|再发|再联系|再讲|哈|嘛|噢|哦)*$/;
// 先歇一哈 莫发了: rest first, then the refusal.
const REST_FIRST_RE = /^(我)?(先|想先|要先)(歇|休息|缓|躺平|躺|耍|玩|养)/;
const FOR_GOOD_RE = /td|退订|退定|拒收|删|注销|拉黑|取消|永久|永远|再也|以后都|以后也(不|别|莫)|从今|今后|不(找|干|做|打)(工作|活|工)?了|stop/;

// 别按个旧推了 我住建水: the place the alerts go by refused, the new one said after it.
const PLACE_BASIS_REFUSED_RE = /(别|不要|莫|不用|甭)(再)?(给我)?(按|照|按照|按着)[^,.!?\s]{2,10}?(的|那边|那里)?(来|给我)?(推|发|找|派)(了|啦|咯)?/;
const NEW_PLACE_SAID_RE = /住|在|搬|改|换|是|去/;

// did my application pass, am i still subscribed, any reply from the factory: status asked in English (the compact text).
const ENGLISH_STATUS_RE =
  /^(did|has|is|was)my(application|apply|interview|job)(pass|passed|ok|gothrough|wentthrough|accepted|approved|successful|getanyreply)|^ami(still)?(subscribed|registered|signedup|inthesystem|on(the)?list)|^(any|got)(reply|news|result|answer)(from|on|about|for)(the)?(factory|boss|hr|job|application|interview|[0-9]{3,6})/;

/** A reading of one of Round 27's kinds, or null. */
export function readKinds27(c: Kinds27Clues): { intent: Intent; unclear?: boolean } | null {
  const { compact } = c;
  if (REMOVAL_ALONE_RE.test(compact)) return { intent: 'unsubscribe' };
  if ((STATE_EITHER_RE.test(compact) || STATE_ASKED_RE.test(compact)) && !OWN_STOP_WISH_RE.test(compact)) return { intent: 'status' };
  if (RECORD_HOLDS_RE.test(compact) || ENGLISH_STATUS_RE.test(compact)) return { intent: 'status' };
  if (isApplicationFollowUp(compact)) return { intent: 'status' };
  if (NOT_ME_WRONG_RE.test(compact)) return { intent: 'unknown' };
  const vent = VENT_RE.exec(compact);
  if (vent && MOOD_LEFT_RE.test(compact.replace(vent[0], ''))) return { intent: 'unknown' };
  if (SLOGAN_RE.test(compact)) return { intent: 'unknown' };
  if (REFUSAL_RE.test(compact) && (UNTIL_BACK_RE.test(compact) || REST_FIRST_RE.test(compact)) && !FOR_GOOD_RE.test(compact)) return { intent: 'pause' };
  const basis = PLACE_BASIS_REFUSED_RE.exec(compact);
  if (basis && !/td|退订|拒收|删|注销|再也|永远/.test(compact)) {
    const after = compact.slice(basis.index + basis[0].length);
    if (NEW_PLACE_SAID_RE.test(after) && c.placesIn?.(after)) return { intent: 'update_place' };
  }
  return null;
}

/** 我的报名过了没有, 1207 面试通过没, 厂里有回复没有啊 等了三天了, 报名了没人联系我 不会是骗子吧: status. */
export function isApplicationFollowUp(compact: string): boolean {
  if (NOT_A_FOLLOW_UP_RE.test(compact) || STOP_WISH_RE.test(compact)) return false;
  const asked = compact.replace(FOLLOW_UP_TAIL_RE, '').replace(FOLLOW_UP_DOUBT_RE, '');
  if (asked.length < 3 || asked.length > 20) return false;
  if (APPLIED_RE.test(asked) && (OUTCOME_RE.test(asked) || REPLY_RE.test(asked) || NO_ANSWER_RE.test(asked))) return true;
  return RESPONDER_RE.test(asked) && REPLY_RE.test(asked);
}

/**
 * 有没得采茶的 临时的也可以, 有搬运的活吗 远点也行: where the last clause accepts a term (…也可以, …也行, …都得),
 * the index it starts at in the reading, so the question before it is read alone; null otherwise.
 */
export function acceptedTermsAt(reading: string): number | null {
  const m = /[\s,.!?]+[^\s,.!?]{0,8}?(的|点|些)?(也|都)(可以|行|得|没事|没关系|无所谓|能接受|接受|ok|能做|能干|做|干)(的)?(啊|呀|哈|嘛)?[\s,.!?]*$/.exec(reading);
  if (m && m.index > 0) return m.index;
  // Run together (有没得采茶摘果的临时的也可以): the term is a few characters with its own 的, 点 or 些, after the
  // question's last word.
  const run = /(?<=[的吗没呢活厂])[^\s,.!?的]{1,5}(的|点|些)(也|都)(可以|行|得|没事|没关系|无所谓|能接受|接受|ok)(的)?(啊|呀|哈|嘛)?[\s,.!?]*$/.exec(reading);
  return run && run.index > 0 ? run.index : null;
}

// Reports (reader-report.ts asks these beside its own cues).
const WAGE = '(工资|工钱|薪水|薪资|血汗钱|辛苦钱|工费|人工费|加班费)';
const REPORT27_RE = new RegExp(
  [
    // 工资说每月10号发 现在都25号了 还没见着: pay past its day, not seen yet.
    WAGE + '[^.!?]{0,24}(还|都|也|硬是|一直|至今|到现在)(没|没有|没得|莫|莫得)(见着|见到|看到|见过|见|影子|动静|到账|到手|发下来|下来)',
    // 工资拖一个月了 还叫再等等: pay put off for a span, or the worker told to wait again.
    WAGE + '[^.!?]{0,3}(拖|压|欠)(了)?(我们|我)?[0-9一二两三四五六七八九十半几]+(个)?(天|月|周|礼拜|星期|年)',
    WAGE + '[^.!?]{0,12}(还|又|老是|总是)(叫|让|喊|要)(我们|我)?(再|继续)?等',
    // 计件单价偷偷改了, 工价一降再降, 偷偷把时薪从20改成18: the rate cut behind the workers' backs.
    '(单价|工价|计件价|件价|计件|提成|时薪|日薪)[^.!?]{0,4}(偷偷|私自|随便|乱|背着[^.!?]{0,4}?)(改|降|调|压|砍|减|变)|(偷偷|私自|背着(我们|工人)?)(改|降|调|压|砍|减)(了)?(单价|工价|价|时薪|日薪|提成|计件)|(偷偷|私自|背着(我们|工人)?)把(单价|工价|计件价|件价|时薪|日薪|提成|计件)[^.!?]{0,8}(改|降|调|压|砍|减|变)|(单价|工价|计件价|件价|提成)[^.!?]{0,2}(一降再降|一压再压|降了又降|越来越低)',
    // 上个厕所扣5块, 喝口水罚10块: a fine for what a body needs or a moment's rest.
    '(上(个|一次|一趟|趟|次)?厕所|喝(口|个|杯)?水|说(句|两句)?话|看(一眼|下|一下)?手机|玩(下)?手机|坐(一)?下|打(个)?哈欠)(就|都|也|要)?(被)?(扣|罚)(我|我们)?(了)?[0-9一二两三四五六七八九十百半]+(块|元|毛|十|百)',
    // 老板说下个月一起发 上个月也是这么说的: pay put off again, as it was the last time.
    '(说|讲)(的)?(下个月|月底|过几天|明天|下周|下礼拜|年底|过年)(一起|一块|统一)?(发|结|给|算)[^.!?]{0,12}(上个月|上次|上回|之前|每次|回回|次次|每个月)(也|都)(是)?(这么|这样|这个|这种)?(说|讲)',
    // report boss no pay 3 month, factory didnt pay, unpaid salary (the compact text: no spaces).
    '(report|complain)(the|my|a)?(boss|factory|company|agent|salary|wage|pay)|(boss|factory|company|agent|they)(no|not|didnt|didn\'t|never|dont|don\'t)(pay|paid|give)|nopay|unpaid(salary|wage|pay)|(salary|wage|wages|pay)(not|no)(paid|pay|come|given)|owe(s|d)?(me|us)|(no|without)(salary|wage|wages|pay)(for)?[0-9]|(boss|factory|company|agent|foreman)(cheat|cheated|scam|scammed|lied|ranaway|runaway|disappeared|beat|hit)',
  ].join('|'),
);
// 说好免费的 还收住宿费: a charge and a promise that there would be none, in either order.
const FREE_PROMISED_RE = /(说好|讲好|说是|说的是|明明说|不是说|答应|承诺|招聘说|招聘写|写的是|写着)(的)?(是)?(免费|不要钱|不收钱|不收费|不收|包吃住|包住|包吃|管吃|管住)/;
const CHARGED_RE = /(还|又|却|居然|竟然|结果|但是|可是|现在|照样)(要)?(收|扣|要)(了)?(我们|我)?(的)?[^.!?]{0,4}?(住宿费|房租|房费|伙食费|饭钱|水电费|床位费|费|钱|[0-9]+(块|元))/;

// 还叫我等 都等一个月了 工资呢: told to wait again, the pay named anywhere.
const TOLD_TO_WAIT_RE = /(还|又|老是|总是|一直)(叫|让|喊|要)(我们|我)?(再|继续)?等/;

/** Round 27's kinds of report (a statement, not a question: 工资什么时候发 is none). */
export function isReport27(text: string): boolean {
  if (/(如果|要是|万一|假如|怕|担心|会不会|听说)/.test(text)) return false;
  if (REPORT27_RE.test(text)) return true;
  if (new RegExp(WAGE).test(text) && TOLD_TO_WAIT_RE.test(text)) return true;
  return FREE_PROMISED_RE.test(text) && CHARGED_RE.test(text) && !/(吗|么|嘛|不|没)$/.test(text);
}

/**
 * 报名了没人联系我 不会是骗子吧 (its 吧 taken off with the particles): a fraud wondered about where nothing was
 * taken — no report. With money demanded or kept (要先交300押金 是不是骗子) it stays one, as every set labels it.
 */
export function isSuspicionAsked(text: string): boolean {
  return /(不会是|该不会是?|莫不是|莫非|是不是)(骗子|骗人的?|假的)(吧|哦|啊|呀)?$/.test(text) && !/钱|费|押金|工资|工钱|扣|交|收|欠|拖/.test(text);
}
