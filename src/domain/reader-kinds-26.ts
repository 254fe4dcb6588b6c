/**
 * The kinds a twenty-sixth blind set found (docs/reader.md "Round 26: fresh26"): older workers, relatives writing for
 * them, voice input and Hani/Yi word order. Each is a family of phrasings, kept apart from the shared rules so that
 * rounds merge cleanly; reader-rules.ts asks `readEarly26` before the phrasings it would otherwise misread and
 * `readLate26` before its last sign-up guess, reader-opt-out.ts asks `isServiceEnded`, reader-report.ts
 * `isReport26`, and message-reader.ts `mixedDigitCode` when it builds the reading text.
 */
import type { Intent } from './reader-types.js';

/** What the two hooks read: a part of reader-rules.ts's `Clues`. */
export interface Clues26 {
  compact: string;
  reading: string;
  code: string | null;
  skills: readonly string[];
  hasPlace: boolean;
  placesIn?: (part: string) => boolean;
}

// Words that ask to stop, refuse what is sent or name a code: with any of them none of these kinds is read.
const STOPPING_RE = /td|退订|拒收|删|注销|取消|(不要|别|莫|甭|不用|不消|勿)(再)?(给我|给他|给她)?(发|推|通知|联系|打扰)|不要了|停/;

// ---------------------------------------------------------------------------------------------
// Stops: the number unbound or the service ended (解绑这个手机号, 解除绑定, 结束服务, 终止服务, 服务不用了).

/** 解绑 the number or the account: the worker's link to the service undone (not a bank card or an ID). */
const UNBIND_RE = /(解绑|解除绑定|取消绑定|解除关联)(?!银行|卡|身份证|支付|微信支付|支付宝)/;
const UNBIND_ASKED_RE = /(怎么|咋个|咋|如何|怎样|能不能|可不可以|会不会|是不是|以后|之后)[^,.!?]{0,4}(解绑|解除绑定|取消绑定)|(解绑|解除绑定|取消绑定)[^,.!?]{0,6}(吗|么|没有|没|不|呢)$|(不|别|莫|不要|不用|不想)(要)?(解绑|解除绑定)/;
/** The service (服务) ended or no longer used, as a command: 结束服务, 服务终止吧, 不用这个服务了. */
const SERVICE_ENDED_RE = /(结束|终止|中止|停用|关停)(你们的?|这个|我的|掉)?(服务|业务|订阅服务|短信服务)|(服务|业务)(给我)?(结束|终止|中止|停用|关停)(掉)?(了|吧|嘛|啊)*$|(不用|不要|不需要|不想用)(你们的?|这个)?(服务|业务)了/;
const SERVICE_ASKED_RE = /(什么时候|啥时候|哪天|几时|是不是|会不会|怎么|咋个|为什么|为啥)[^,.!?]{0,6}(结束|终止|停用)|(结束|终止|停用)(了)?(吗|么|没有|没|不|呢)$|(不|别|莫|不要)(要)?(结束|终止|停用)/;

/** 关了吧, 你们关掉嘛: "shut it", the whole text — the service itself. */
const SHUT_IT_RE = /^(你们|帮我|给我|请|麻烦)?(关了|关掉|关上|关闭)(它|掉)?(吧|嘛|算了|了|啊)*$/;

export function isServiceEnded(compact: string): boolean {
  if (SHUT_IT_RE.test(compact)) return true;
  if (UNBIND_RE.test(compact) && !UNBIND_ASKED_RE.test(compact)) return true;
  return SERVICE_ENDED_RE.test(compact) && !SERVICE_ASKED_RE.test(compact);
}

// ---------------------------------------------------------------------------------------------
// Sign-ups: "when there is work, tell me" in the words older workers use (有活路通知一声, 有哪样活路都跟我说一声,
// 要的话给我发), and the worker's own terms (不挑活路 有活就做) with where they live.

// (有活了发个信息给我: the channel named — read as an unclear stop on main, its 了 … 发 taken for 不发了.)
const TELL_ME = '(通知|告诉|说|讲|喊|叫|联系|吱|招呼|知会|打电话|打个电话|发个?(?:信息|短信|消息|微信)|发)';
const TELL_TAIL = '(我|一声|一下|下|哈|我一声|给我)';
const WHO = '(跟我|给我|和我|帮我|对我)';
const STANDING_ASK_26_RE = new RegExp(
  [
    // 有活路通知一声, 有合适的活跟我讲一下, 有了活就发给我, 有工作了给我发个短信
    `(?<![没冇不])有(了)?(合适的?|好的?)?(的)?(活|活路|工作|事做|零工|短工|岗位)(了)?(就|的话|的时候)?(${WHO}?${TELL_ME}${TELL_TAIL}|${WHO}${TELL_ME})`,
    // ... whatever the work (有哪样活路都跟我说一声): with 都 or 也, not 有什么活 说一下 (what there is now).
    `(?<![没冇不])有(哪样|什么|啥子|啥|什么样的?|哪种|随便什么)(的)?(活|活路|工作|事做|零工|短工|岗位)(了)?(的话|的时候)?(都|也)(${WHO}?${TELL_ME}${TELL_TAIL}|${WHO}${TELL_ME})`,
    // 要的话给我发, 要人的话就通知我, 收的话喊我一声, 招人了发个消息给我: whether they take the worker, left to them.
    `(?<![不没莫别])((要|收|招|需要|缺|要人|收人|招人)(的话|就)|(要人|收人|招人|缺人|招工)了)(就)?${WHO}?${TELL_ME}${TELL_TAIL}`,
    `(?<![不没莫别])((要|收|招|需要|缺|要人|收人|招人)的话|(要人|收人|招人|缺人|招工)了)(就)?${WHO}${TELL_ME}`,
  ].join('|'),
);
// (今天有没有工作发给我看一下: the list now, asked.)
const ASKS_NOW_RE = /(有没有|有没得|有不有|还有吗|有吗)$|有没有|有没得|有不有|看看|看一下|看下|瞧瞧/;

/** 不挑活路, 有活就做, 给钱就干, 哪样都做: the worker's own terms, said of themselves. */
const OWN_TERMS_RE = /不挑(活|活路|工作|事)?|不嫌(累|脏|苦)|有活就(做|干|去)|有事就(做|干)|给钱就(做|干)|哪样(活)?都(做|干)/;

// ---------------------------------------------------------------------------------------------
// Lists.

/** 我找活 哪里有, 工作哪点有, 活路哪儿才有: work, then where it is asked last (Hani and Yi put the question word late). */
const WORK_WHERE_LAST_RE = /(活|活路|工作|事做|事情做|零工)[\s,]*(在)?(哪里|哪点|哪儿|哪个地方|哪边|哪块)(才)?(有|找|多)(呢|啊|嘛|哦|噻)?/;
/** 那边那个厂还要不要人, 新街的厂还招不招人: whether a works somewhere still hires — a list. */
const WORKS_HIRING_RE = /(厂|工厂|厂子|公司|工地|基地|车间|作坊)(里)?(还)?(要不要人|要人不|要人吗|招不招人|招人不|招人吗|缺不缺人|缺人不|收不收人|收人不|还要人|还招人|还缺人)/;
const WORKS_NEWS_RE = /倒闭|停工|关门|跑路|出事|着火|停产|查封/;
/** 别的工种还有没得 除了搬运: other kinds of work asked for. */
const OTHER_KINDS_RE = /(别的|其他|其它|另外的?)(的)?(工种|活|活路|工作|岗位|事做|厂)(还)?(有没有|有没得|有不有|有吗|有么|有没)|除了[^,.!?]{1,8}?(以外|之外)?[,.!?\s]*(还|另外)?(有)(哪样|什么|啥子|啥|哪些|别的|其他|其它)(的)?(活|活路|工作|工种|岗位|事做)/;

// ---------------------------------------------------------------------------------------------
// Status.

/** 2041那个有消息没得, 3305的有结果了吗: an application's code and its outcome asked. */
const CODE_OUTCOME_RE = /^(号)?(那个|这个|那家|这家|的)?(厂|活|岗位|工作)?(的)?(有消息|有回音|有结果|有回复|有下文|有人联系|成|成了|成功|通过|录上|选上|要我)(了)?(没有|没得|没|吗|么|不|冒)$/;
/** 我暂停到哪天了, 我停到几号: the end of one's own pause asked. */
const PAUSE_END_ASKED_RE = /^(请问)?(我|我的)?(是)?(暂停|停|停发)(是)?(到|至|到了)(哪天|几号|什么时候|啥时候|哪一天|哪个时候|几月几号|哪个月)(的)?(了|呢|啊|哦|嘛)?$|^(请问)?(我的?)?暂停(哪天|几号|什么时候|啥时候)(结束|到期|完)(了|呢|啊)?$|^(请问)?(我|我的)?(那个|这个)?暂停(还)?(有|剩|要)(几天|多久|多少天|好久)(了|呢|啊|哦)?$/;
/** 我的技能写的是哪几样, 我登记的工种是什么: one's own record asked after. */
const OWN_SKILLS_ASKED_RE = /^(我|我的|给我)(的)?(技能|工种|手艺|地址|住址)(你们)?(写|登记|记|填|录)(的|了的)(是)?(哪几样|哪些|哪样|什么|啥|啥子|哪几个|几样|哪个)(呀|啊|呢|嘛)?$/;
/** 帮我问一下, 你们帮我催一下: help asked for after the question (which is the request). */
const ASK_FOR_ME_TAIL_RE = /(你们帮我|你们帮忙|你们|帮我|帮忙|给我|替我)(去)?(问一下|问问|问下|问哈|打听一下|打听下|催一下|催下|催哈|问一哈|催催)(嘛|吧|啊|哈|呢)?$/;
/** The application told (报了名, 报的那个厂, 报了3305) and its fate asked at the end (要不要我, 有消息没). */
const APPLIED_26_RE = /报(了|过)?名|报(了|的|过)|报名(了|的)/;
const FATE_26_RE = /((要不要|收不收|要没要|收没收)(我|他|她|我们)|要(我|他|她)(了)?(不|没|没有|吗|么)|(有|来)(消息|回音|结果|下文|动静)(了)?(没有|没得|没|吗|么|不)?|成(了)?(没有|没得|没|吗|不)|(怎么样|咋样|咋个样)(了)?)$/;

// ---------------------------------------------------------------------------------------------
// Changes and resumes.

/** 再添一个养猪, 添上煮饭: a skill added with 添 (as 加 is read). */
const ADD_WITH_TIAN_RE = /^(再|帮我|给我)?(添|多添|再添)(一个|一样|个|上)/;
/** 技术改司机, 手艺换成电焊: 技术 and 手艺 as 技能. */
const CRAFT_CHANGED_RE = /(技术|手艺|本事)(要)?(改|换)(成|为)?/;
/** 我家搬了 屏边 玉屏, 住芷村了 以前冷泉, 寨子搬迁了: a move told, the new place after it or the old one named. */
// (我们寨子搬迁了 新地方叫南沙, 易地搬迁到新街: a village resettled is a move too.)
const MOVED_RE = /搬(了|家了|走了|过来了|过去了|迁了)(?!家具|东西|砖|货|水泥)|搬迁|迁到|迁去|移民到|新(地方|家|住处|地址)(叫|是|在)|(住|在)[^,.!?]{2,6}了[^,.!?]{0,2}(以前|原来|之前)(是|住|在|住在)?[^,.!?]{2,6}$/;
/** 上回叫你们停一下 现在又要了: a pause asked before, and the sending wanted again now. */
const PAST_PAUSE_TAKEN_BACK_RE = /(上回|上次|之前|以前|前些天|前几天|那阵|那会儿?)[^,.!?]{0,4}(叫|让|喊|要|请)?(你们)?(停|暂停|先停|别发|莫发|不要发)[^,.!?]{0,4}[\s,]*(现在|这下|如今)(又|可以|能)?(要|想要|想收|可以发|能发|发|要收)(了|啦|嘛)?$/;
/** 找活要发哪几个字: what to send asked, with 几个字. */
const WHICH_WORDS_RE = /(要|该|得|应该)?(发|回|回复|打|输入)(哪几个|哪个|什么|啥|哪样|几个)(字|字母|数字|号)(呢|啊|嘛)?$/;

/** 这个号换人用了, 号码换主人了, 这个号现在别人在用: the number passed on — whoever reads now never signed up. */
const NUMBER_PASSED_RE = /(号|号码|手机号|电话号码?)[^,.!?]{0,4}(换人|换了人|换主人|换了主人|给别人|给了别人|别人在用|是别人的|别人用)(用)?(了|啦)?/;

/** An unclear stop (alerts stop, the worker is asked): reader-rules.ts reads it as one. */
export type Early26 = Intent | 'unclear_stop';

export function readEarly26(c: Clues26): Early26 | null {
  const { compact } = c;
  if (NUMBER_PASSED_RE.test(compact) && !/吗|么|呢|\?|是不是|会不会/.test(compact) && c.code === null) return 'unclear_stop';
  if (PAST_PAUSE_TAKEN_BACK_RE.test(compact) && !/td|退订|拒收|删|注销|取消/.test(compact)) return 'resume';
  // (Asked of the whole text, before the guard: 暂停 and 停 are its words.)
  if (c.code === null && PAUSE_END_ASKED_RE.test(compact)) return 'status';
  if (STOPPING_RE.test(compact.replace(/要不要|停车|停电/g, '|'))) return null;
  if (c.code !== null) {
    const at = compact.indexOf(c.code);
    if (/^(我)?(报|报名|bm|报了|报的|我报的)?$/.test(compact.slice(0, at)) && CODE_OUTCOME_RE.test(compact.slice(at + c.code.length))) return 'status';
    return null;
  }
  if (OWN_SKILLS_ASKED_RE.test(compact)) return 'status';
  if (STANDING_ASK_26_RE.test(compact) && !ASKS_NOW_RE.test(compact)) return 'subscribe';
  if (OWN_TERMS_RE.test(compact) && c.hasPlace && !/(吗|么|没|不|呢|没得|没有)$|有没有|有没得|哪里|哪点/.test(compact)) return 'subscribe';
  // (工作 哪儿 有 蒙自: the place it is wanted in may close the question.)
  const whereLast = WORK_WHERE_LAST_RE.exec(compact);
  if (whereLast) {
    const after = compact.slice(whereLast.index + whereLast[0].length);
    if (after === '' || (after.length <= 8 && c.placesIn?.(after))) return 'list_jobs';
  }
  if (WORKS_HIRING_RE.test(compact) && !WORKS_NEWS_RE.test(compact)) return 'list_jobs';
  if (OTHER_KINDS_RE.test(compact)) return 'list_jobs';
  if (WHICH_WORDS_RE.test(compact) && /找|活|工作|订|报/.test(compact)) return 'help';
  return null;
}

/** 我报了名 到底要我不 帮我问问嘛: an application's fate asked, and "ask them for me" after it. */
export function isFateAskedForMe(compact: string): boolean {
  const asked = withoutAskForMe(compact);
  return asked !== null && APPLIED_26_RE.test(asked) && FATE_26_RE.test(asked) && !/想报|要报|不去|不报|取消/.test(asked);
}

/** The question with "ask them for me" after it, for the application rules to read again. */
export function withoutAskForMe(compact: string): string | null {
  const m = ASK_FOR_ME_TAIL_RE.exec(compact);
  return m && m.index >= 4 ? compact.slice(0, m.index).replace(/(嘛|啊|呀|哦|噻|呢)+$/, '') : null;
}

export function readLate26(c: Clues26): Intent | null {
  const { compact } = c;
  if (STOPPING_RE.test(compact) || c.code !== null) return null;
  if (ADD_WITH_TIAN_RE.test(compact) && c.skills.length > 0 && !c.hasPlace) return 'update_skills';
  if (CRAFT_CHANGED_RE.test(compact) && c.skills.length > 0 && !c.hasPlace) return 'update_skills';
  if (c.hasPlace && c.skills.length === 0 && MOVED_RE.test(compact) && !/吗|么|哪|呢|\?|有没有|有没得/.test(compact)) return 'update_place';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Reports (reader-report.ts asks these after its own).

/** 别扣我押金嘛 我又没犯错, 凭什么扣我工钱: money held back, pleaded against with the worker's innocence. */
const HELD_BACK_RE = /(别|不要|莫|不准|不能|凭什么|为什么|为啥|咋个|怎么)(乱)?(扣|不退|不还|不给|押着?)(我|我们|人家|我的)?(的)?(押金|工资|工钱|钱|保证金|身份证)/;
const INNOCENT_RE = /(又|也|都|并|从来)?(没|没有)(犯错|做错|犯事|违反|违规|迟到|旷工|偷懒|弄坏|搞坏|出错|请假|做坏)|凭什么/;
/** 编了三百个 老板只给一百个的钱, 摘了80斤 只算50斤: less paid for than was done. */
const PIECES_UNDERPAID_RE = /\p{Script=Han}了?([0-9]+|[一二两三四五六七八九十百]+)(多)?(个|件|斤|公斤|筐|箱|双|条|包|袋|块|株|棵|天|车)[^,.!?]{0,12}(只|才)(给|算|结|付|认|记|发)(了)?([0-9]+|[一二两三四五六七八九十百]+)(个|件|斤|公斤|筐|箱|双|条|包|袋|块|株|棵|天|车)/u;
/** 招的是摘芒果 去了喊我们搬水泥: other work than the post said, put on the worker once there. */
const SWITCHED_WORK_RE = /(招的是|说的是|说是|讲的是|说好是|说好的是|写的是|招聘上?(写|说)的是)[^,.!?]{1,12}[,.!?\s]*(去了|去到|进去|进厂|结果|到了?(那里|那边|那点|那儿|厂里|地里)?)(以后|后)?(却|又|就|倒|反而)?(喊|叫|让|要|安排|拉)(我们|我|人|大家)(去)?[^,.!?]{0,4}?((搬|扛|挑|挖|背|打|洗|装|卸|砌|拌|干|做|抬|扫)[^,.!?]{1,10}|(上夜班|上晚班|加班|熬夜|上通宵)[^,.!?]{0,10})/;

/** 老板躲着我, 帮我要一下工钱: pay chased, the payer hiding. */
const PAYER_HIDING_RE = /(老板|包工头|工头|厂里|那个人)[^,.!?]{0,3}(躲着|躲起来|不见人|不露面|避着|躲我)(我|我们|们)?|(帮我|帮我们|给我)(要|讨|追|催)(一下|下|回)?(工钱|工资|血汗钱|辛苦钱)/;
/** 工钱什么时候给 都两个月了: a pay question with how long it has been owed. */
const PAY_OVERDUE_RE = /(工钱|工资|钱)[^,.!?]{0,6}(什么时候|啥时候|几时|哪天)(给|发|结|才给|才发|才结)[^,.!?]{0,6}(都|已经|拖了|等了)[0-9一二两三四五六七八九十几半]+(个)?(月|星期|礼拜|年)(了)?/;
/** 在工地摔了 老板不认, 手砸伤了 厂里不负责: an injury at work the employer disowns. */
const INJURY_DISOWNED_RE = /(摔|伤|砸|压|断|割|烫|烧|夹|轧)[^,.!?]{0,8}(老板|厂里|包工头|工头|公司)[^,.!?]{0,3}(不认|不认账|不负责|不赔|不理|赖账|推给我|推卸)/;

/** A number said in digits or characters (七, 十, 十五, 两百): for comparing what was done with what was paid. */
function amount(said: string): number {
  if (/^[0-9]+$/.test(said)) return Number(said);
  const digit: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  let total = 0;
  let current = 0;
  for (const ch of said) {
    if (ch in digit) current = digit[ch] ?? 0;
    else if (ch === '十') { total += (current || 1) * 10; current = 0; }
    else if (ch === '百') { total += (current || 1) * 100; current = 0; }
  }
  return total + current;
}

export function isReport26(compact: string): boolean {
  if (/(吗|么|呢|\?|没有|会不会|要不要)$/.test(compact)) return false;
  if (HELD_BACK_RE.test(compact) && INNOCENT_RE.test(compact)) return true;
  // (摘了50斤 才给了50斤的钱: all of it paid, 才 of time — no report.)
  const pieces = PIECES_UNDERPAID_RE.exec(compact);
  if (pieces && amount(pieces[7] ?? '') < amount(pieces[1] ?? '')) return true;
  return SWITCHED_WORK_RE.test(compact) || PAYER_HIDING_RE.test(compact) || PAY_OVERDUE_RE.test(compact) || INJURY_DISOWNED_RE.test(compact);
}

// ---------------------------------------------------------------------------------------------
// Codes: 报1一0二, 报名2零4一 — digits typed part as numerals, part as characters (voice input picks either).

// (Typed apart too, 报 1 一 0 二: a run mixing both is no menu answer, which is numerals alone.)
const MIXED_DIGITS_RE = /(?<![0-9零一二三四五六七八九十百千万幺两])[0-9零一二三四五六七八九幺](?: ?[0-9零一二三四五六七八九幺]){3,5}(?![0-9零一二三四五六七八九十百千万个月天年岁块元号点斤])/g;
const CJK_DIGIT: Record<string, string> = { 零: '0', 一: '1', 幺: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
const asDigits = (run: string): string | null => {
  const chars = run.replace(/ /g, '');
  return /[0-9]/.test(chars) && /[零一二三四五六七八九幺]/.test(chars) && chars.length >= 4 ? chars.replace(/[^0-9]/g, (d) => CJK_DIGIT[d] ?? d) : null;
};

/** A run of four to six digits mixing numerals and characters, as digits (a run of one kind is read elsewhere). */
export function mixedDigitCode(text: string): string {
  return text.replace(MIXED_DIGITS_RE, (run, at: number) => {
    // 麻烦0000一下, 1003一起报: a closing 一 that starts the next word (一下, 一起) is no digit.
    if (run.endsWith('一') && /^\p{Script=Han}/u.test(text.slice(at + run.length))) {
      const shorter = run.slice(0, -1).replace(/ $/, '');
      const digits = asDigits(shorter);
      return digits === null ? run : digits + run.slice(shorter.length);
    }
    return asDigits(run) ?? run;
  });
}

// ---------------------------------------------------------------------------------------------
// Skills given up beside the new one (reader-entities.ts `withoutNegated` asks this too): 做不成绣花了, 干不来砌墙了,
// and a bare 不 before a skill word that is its own verb, closed by 了 (我妈不绣花了 改成打扫卫生的).

const GIVEN_UP_BEFORE_RE = /(做不成|干不成|搞不成|整不成|做不来|干不来|弄不成)(再)?(那个|这个)?$/;
const BARE_NOT_BEFORE_RE = /(?<![会要能是想])不(再)?$/;

/** Whether the skill word at start..end in the reading is one the worker gave up (and the text names another). */
export function givenUp26(reading: string, start: number, end: number): boolean {
  const before = reading.slice(Math.max(0, start - 8), start).replace(/\s/g, '');
  if (GIVEN_UP_BEFORE_RE.test(before)) return true;
  return BARE_NOT_BEFORE_RE.test(before) && /^(了|啦|咯)/.test(reading.slice(end).replace(/^\s+/, ''));
}

// 她们都会做米线, 几个妇女都能做豆腐: 都 of the people, the work named right after — not "any work" (普工), which
// 都会做 alone (我都会做, 哪样都会做) is.
const ALL_CAN_RE = /^(都|也都)(会|能|可以)(做|干)$/;

export function withoutAllCanBeforeKind26(skills: string[], mentions: readonly { name: string; start: number; end: number }[], reading: string): string[] {
  if (!skills.includes('普工')) return skills;
  const general = mentions.filter((m) => m.name === '普工');
  const named = general.every((g) => ALL_CAN_RE.test(reading.slice(g.start, g.end)) && mentions.some((m) => m.name !== '普工' && m.start === g.end));
  return named ? skills.filter((s) => s !== '普工') : skills;
}
