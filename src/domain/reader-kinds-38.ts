/**
 * Round 38 (issue #14; docs/reader.md "Round 38: reports told as stories"). Reports told as a story of what happened,
 * without 举报 or 投诉, by kind: each wrong as its parts (who did what to the pay, the papers, the body, the promise),
 * kept apart from the shared report rules so that rounds merge cleanly. reader-report.ts asks `isServiceFault38` before
 * its guards against complaints about our texts, `isReport38` after them, and `acceptedFault38` first of all;
 * message-reader.ts asks `complaintChannelAsked38` before the report rules.
 *
 * Reports:
 * - the payer gone in dialect (老板跑球了, 工头溜了 厂门都锁起了);
 * - a promise made by the post or the alert itself (短信上说有车接, 信息讲包吃, 岗位2210说是包装) and, after going, its
 *   contrary (去了根本莫得车, 到了饭要自己买, 去了喊我搬砖);
 * - a post that was never real (去到那点 人家说从来没招过人, 根本没有这个厂);
 * - an old rate cut (原来说一件三块 现在只给一块五);
 * - children at work (车间里有几个娃娃才十四岁, 还没满十六的 老板叫他们报十八);
 * - someone who claims to be us and asks for money (说是你们归雁的 叫我转五百保证金);
 * - a middleman's cut (工头每天抽我们三十块, 中介吃了一半);
 * - pay owed typed as initials or pinyin (gq tuo le, gz qian 2 ge yue);
 * - work past sleep, rest or food (叫我守两天两夜 莫得觉睡, 不给歇);
 * - confinement and pyramid selling (传销, 关起来上课, 手机收了不让出门);
 * - money handed over and the taker gone (我交了两千 现在电话打不通);
 * - protective gear withheld and the harm it did (不发护目镜 眼睛都打肿了), pesticide and fumes worked into;
 * - a women's dormitory entered at night, a broken lock left;
 * - the worker made to pay for the employer's loss (料钱还要我们赔);
 * - no severance after years (一分补偿都没有);
 * - our own alert at fault: the same one sent again and again, or garbled (全是乱码) — a report the caseworker sees, not a stop.
 * Not reports:
 * - the worker's own fault, accepted (我自己不小心车坏了 扣了二十 该扣; 是我自己做得慢);
 * - a question how or where to complain, with no wrong told (举报电话是多少, 怎么投诉, 要是遇到老板不发工资 该找哪个): help.
 */

// Whoever employs or stands between: the one a wrong is told of.
const BOSS = '(老板娘|老板|老闆|厂长|厂里|厂家|工头|包工头|中介|中间人|介绍人|组长|班长|领班|主管|线长|带班的|管事的|公司|人家|他们|那边)';
const NUM = '[0-9一二两三四五六七八九十百千万几]';
// An amount taken (not 几, which asks how many: 中介抽几个点).
const CUT = '[0-9一二两三四五六七八九十百千万]';
const GEAR = '(面罩|口罩|手套|护目镜|眼镜|防护服|防毒面具|耳塞|安全帽|安全绳|劳保|防护)';
const HARM = '(肿|瞎|看不见|看不清|疼|痛|伤|烂|起泡|流血|出血|咳|晕|吐|聋|听不见|中毒|过敏|发炎|红了|黑的|黑了|受不了)';

/** A question at the end (吗, 么, 不, 没有, ?): the worker asks, and the weaker cues then report nothing. */
const ASKED_AT_END_RE = /(吗|么|嘛|呢|(?<![都也])(不|没|没有|没得|莫得)|\?|？)$|有没有|有没得|有不有|会不会|是不是真的|能不能|可不可以|行不行|得不得|要不要|收不收/;
/** A worry, a condition or hearsay before the wrong (如果, 要是, 怕, 听说): nothing done yet. */
const NOT_DONE_RE = /如果|要是|万一|假如|怕|担心|听说|别人说|会不会|的话/;
/** A kind of employer described, not one reported (不给歇的厂不去, 抽成的中介不要). */
const DESCRIBED_38_RE = /的(厂|活|活路|老板|中介|地方|工作|岗位|单位)(我)?(不去|不做|不干|不要|莫发|别发|不考虑)/;

/** Reports told as stories, by kind (see the file's comment). */
const STORY_RE = new RegExp(
  [
    // the payer gone, in dialect (跑球了, 跑求了, 溜了, 人影都不见了) or the works locked with pay owed.
    BOSS + '[^.!?]{0,4}(跑球|跑求|跑逑|跑毬|跑脱|溜了|溜球|溜掉|玩失踪|人间蒸发|人影都不见|人影子都不见|找不到人)',
    '(莫得|没得|没有|没)(钱)?(发|结|给)(工资|工钱|钱)?了?[^.!?]{0,12}(厂门|大门|门)(都|也)?(锁|关)(起|了|上|着)',
    // the post or the alert promised, and going found the contrary.
    // (Not 你们说好有活 结果一个都没有: work promised by us, no employer's wrong — Round 22's PROMISE keeps 你们 out too.)
    '(短信|信息|消息|通知|招聘|广告|启事|招工的|岗位|网上|群里|微信上|抖音上|视频里|上面|[0-9]{3,6})(上|里|里头|上面|里面)?(说|讲|写|写的|说的|讲的|写着)(?!(的)?(是)?(有活|有工作|有岗位|有事做|发|推))(的)?(是|有|要)?[^.!?]{1,16}?(去了|到了|去到|来了|到那|到厂|进去|进厂|上班了|结果|实际|哪晓得|谁知道|才发现|发现)[^.!?]{0,10}?((?<!有)(莫得|没得|没有|莫有)|根本|压根|要自己|自己(买|出|掏|付|租|找|交)|(要|得)(交|出|掏|给)钱|收钱|(叫|喊|让|要|派)(我|我们)(去)?(搬|扛|挑|抬|扫|洗|打杂|装车|卸货|卸车|挖|背|拌)|只有|只给|才给|不是)',
    // a post that was never real (从来没招过人, 根本没有这个厂, 查无此厂).
    '(去了|去到|到了|到那|问了|打电话问)[^.!?]{0,12}(从来|从)(就)?(没|没有|莫|没得|莫得|不)(招过|招|要过)(人|工)?|(根本|压根)?(没有|没得|莫得)(这个|这家|这么个)(厂|公司|岗位|招工|老板|地方)(?![^.!?]{0,3}(吗|么|嘛|不|\\?)$)|查无此(厂|人|公司)',
    // an old rate or pay cut (原来说一幅四十 现在只给十块, 本来讲好一天两百 后来变成一百二).
    '(原来|本来|以前|开始|起先|一开始|刚开始|先前|当初|之前)(说|讲|讲好|说好|定的|谈的|讲的|说的)[^.!?]{0,8}' + NUM + '+[^.!?]{0,16}?(现在|后来|结果|到头来|结账|发钱|如今)[^.!?]{0,14}?(只给|只发|只算|只开|才给|才发|才算|降到|降成|变成|改成|成了)(了)?(我|我们)?' + NUM,
    // children at work: an age under sixteen and the work (厂里有娃娃才十四岁 在流水线上做, 还没满十六的 老板叫他们报十八).
    '(才|只有|刚|刚满|才满)(1[0-5]|十[一二三四五]?[一二三四五]?|[六七八九])(多)?岁[^.!?]{0,16}(做|干活|上班|流水线|车间|厂|打工|工地|夜班|老板)|(厂|车间|流水线|工地|老板|工头)[^.!?]{0,16}(才|只有|刚满)(1[0-5]|十[一二三四五]?[一二三四五]?|[六七八九])(多)?岁|(厂|车间|流水线|工地|老板|工头)[^.!?]{0,6}(用|招|雇|请|有)(了)?[^.!?]{0,4}?(1[0-5]|十[一二三四五]?[一二三四五]?|[六七八九])(多)?岁(的)?(娃娃|小娃|小孩|孩子|娃|小姑娘|小伙子|学生|初中生)',
    '(还没满|没满|不满|还不到|不到|未满)(1[0-6]|十[一二三四五六]?)(周)?岁[^.!?]{0,16}(做|干活|上班|流水线|车间|厂|打工|工地|夜班|老板|报|说自己|谎报)',
    // someone who claims to be us and asks for money (说是你们归雁的 叫我先交两百报名费, 冒充你们 叫转账).
    '(说是|说他是|说她是|自称|冒充|假冒|假装|装成|装作)(是)?(你们|归雁|客服|工作人员|平台)[^.!?]{0,24}(交|转|打|付|给|汇|扫码)[^.!?]{0,8}(钱|费|押金|保证金|' + NUM + '+(块|元)?)',
    // a middleman's cut (包工头每人每天抽我们二十块, 中介吃了一半, 工头抽成).
    '(包工头|工头|中介|中间人|中间那个|介绍人|带班的|带班|领班|队长)[^.!?]{0,12}((抽|吃|截|黑)(了|走|掉)?(我们|我|每人|每个人|大家)?|(扣|拿)(了|走|掉)?(我们|我|每人|每个人|大家))(的)?[^.!?]{0,6}?(' + CUT + '+(块|元|成|个点|%|$)|一半|不少|差价|回扣)(?![^.!?]{0,4}(吗|么|嘛|不|\\?)$)|从(我们|我|大家|每个人)?(的)?(工钱|工资|钱)里(头|面)?(抽|扣|拿|吃)(了|走|掉)?' + NUM + '|(被|给)(包工头|工头|中介|中间人)(抽|吃|黑|截)(了|走|掉)',
    // pay owed as initials or pinyin (gq tuo le 3 ge yue, gongzi tuo le, gz qian wo).
    // (The reading turns whole pinyin words into characters: 工资yizhituozhe.)
    '(gq|gz|gongqian|gongzi|xinshui|gonqian|gongqain|工资|工钱|薪水)(hai|yijing|dou|you|yizhi|haishi)?(tuo|qian|kou|bufa|meifa|bugei|meigei|meijie|bujie|meide)',
    // work past sleep, rest or food (叫我一个人守 两天两夜莫得睡, 不给歇, 不让吃饭).
    '(叫|喊|让|要|逼|派)(我|我们|人)[^.!?]{0,16}(天|夜|小时|钟头|个钟)[^.!?]{0,3}(都)?(莫得|没得|没|没有|不给|不让)(睡|觉睡|歇|休息|合眼|吃饭)',
    '(不给|不让|不准)(我们|我|人)?(睡|睡觉|歇|歇气|休息|吃饭)[^.!?]{0,10}(天|夜|小时|钟头|个钟|晕|倒|扣)',
    // confinement and pyramid selling (传销, 关起来上课, 手机收了不让出门).
    '(是|搞|做|进了|骗去|骗进|拉去|拉进|带去|带进|骗我去|骗我们去)(的)?传销(?![^.!?]{0,6}(吗|么|嘛|什么|啥|是不是))|(关|锁)(起|起来|在)[^.!?]{0,6}(上课|洗脑|不让出|不准出|出不去)|(不让|不准|不给)(我们|我)?(出门|出去|离开|回家)[^.!?]{0,6}(关|锁|看着|守着|手机)|(手机|电话)(被)?(收|没收|拿走)(了|走)[^.!?]{0,10}(关|上课|不让出|不准出|出不去)',
    // money handed over and the taker gone (我交了两千 现在电话打不通, 转了五百过去 就把我拉黑了).
    '(我|我们|俺)?(交了|给了|转了|打了|付了|汇了)[^.!?]{0,14}(电话打不通|打不通|联系不上|找不到人|人找不到|人不见了|人影都不见|拉黑|不接电话|失联|不回信息|人跑了|跑路)',
    // protective gear withheld and the harm done (电焊不发面罩 眼睛都打肿了); the gear refused outright.
    '(不发|没发|不给|没给|莫得|没得|没有)' + GEAR + '[^.!?]{0,12}' + HARM,
    GEAR + '(都|也)?(不发|没发|不给|没给|莫得|没得|没有)[^.!?]{0,12}' + HARM,
    // pesticide or fumes worked into (刚打过药就喊我们进去摘, 油漆味冲得很 叫我们在里头干).
    '(刚|才)(打|喷|撒|打了|喷了)(过)?(药|农药)[^.!?]{0,6}(就|又)?(喊|叫|让|要|逼)(我们|我|人)|(喊|叫|让|要|逼)(我们|我)[^.!?]{0,4}(打药|喷药|打农药|喷农药)[^.!?]{0,10}(不发|没发|莫得|没得|没有)' + GEAR,
    // a women's dormitory entered at night, the lock left broken.
    '(保安|老板|组长|主管|男的|男人|工头|有人|厂长)[^.!?]{0,4}(夜里|半夜|晚上|深夜|夜间)(跑|摸|闯|溜)?(进来|进去|进屋|进宿舍|进女)|(宿舍|门)[^.!?]{0,4}锁[^.!?]{0,2}坏[^.!?]{0,10}(不修|没人修|没修|不管)',
    // the worker made to pay for the employer's loss (料钱还要我们赔, 机器坏了叫我赔).
    '(料钱|材料钱|材料费|布料钱|料子钱|损失|损耗|机器|工具|货)[^.!?]{0,8}(还|倒)?(要|叫|让|喊|逼)(我们|我)(倒)?(自己)?(赔|出钱|掏钱)|全部退(回来|回)[^.!?]{0,8}(赔|不给钱|不算钱)',
    // a thing promised that never came (说好的班车 一早上没来, 答应的宿舍到现在都没安排).
    '(说好|讲好|答应|讲定|说定)(了)?(的)?(班车|车|接送|宿舍|住的|饭|工钱|工资|钱|社保|保险|合同)[^.!?]{0,10}?(还|都|也|一直|根本)?(没|没有|莫|没得)(来|到|见|安排|兑现|给|发|接|买|签)',
    // work done and the money refused (做了五天 说我不合适 钱也不结), the pay not sent (钱到现在还没打过来).
    '(做了|干了|上了|做满|干满|上满)[^.!?]{0,10}(天|月|礼拜|星期|年)[^.!?]{0,16}钱(也|都|还|一直|硬是)?(不|没|没有|莫)(结|给|发|打|算)',
    '钱(到现在|至今|一直|拖到现在)(都|也|还)?(没|没有|莫)(打过来|打给|到账|打到)',
    // papers taken by whoever employs (老板把我们的身份证收起了, 锁在抽屉里).
    '把(我|我们|工人|大家|人家)(的)?(身份证|证件|户口本|毕业证|驾驶证)((收|扣|押|锁|藏)(起|走|了|在|住)|拿走)(?![^.!?]{0,4}(吗|么|嘛|\\?)$)',
    // pay cut by the employer's word (老板说效益不好 工资减半, 厂里把单价降了).
    '(工资|工钱)(减半|砍半|打对折|只发一半|只发了一半)|(老板|老板娘|厂里|厂长|公司)[^.!?]{0,10}(减|降|砍|压)(了)?(我们|我)?(的)?(工资|工钱|工价|单价)',
    // no severance after years of work (做了八年 一分补偿都没有).
    '一分(钱)?(的)?(补偿|赔偿|遣散费|补助)(都|也)?(没|没有|没得|莫得|不给|没给)|(补偿|赔偿|遣散费|经济补偿)(金)?(一分)?(都|也)(没有|没得|莫得|不给|没给)',
  ].join('|'),
);

/** Whether a text tells of a wrong by one of Round 38's kinds (reader-report.ts's isReport asks it). */
export function isReport38(compact: string): boolean {
  const m = STORY_RE.exec(compact);
  if (!m) return false;
  if (DESCRIBED_38_RE.test(compact)) return false;
  // 如果 … 传销, 怕去了没有车: a worry before the wrong is no wrong done.
  // (工资减半的话我就不去了: the condition may follow the wrong.)
  if (NOT_DONE_RE.test(compact.slice(0, m.index + m[0].length + 3))) return false;
  // 去了有没得车, 是不是没有这个厂: a question about what the post said is not yet a report.
  if (ASKED_AT_END_RE.test(compact) && !/(赔|打不通|拉黑|跑|传销|抽|吃了|肿|瞎|伤|晕|进来|锁)/.test(m[0])) return false;
  return true;
}

/**
 * Our own alert at fault (the same one sent five times in a day, 全是乱码): a report the caseworker sees, told without a
 * stop word. 烦, 骚扰, a threat to complain or a stop word leave it to the stop rules (天天发 烦死了 is a stop).
 */
const SERVICE_FAULT_RE = new RegExp(
  [
    '(同一条|同一个|一样的|同样的|重复的?|相同的)[^.!?]{0,10}(发了|发|推了|推)' + NUM + '+(遍|次|回|道|条)',
    '重复(发|推)(了)?' + NUM + '+(遍|次|回|道)|(发|推)重复了',
    '乱码|一串问号|全是问号|都是问号|(短信|信息|消息)[^.!?]{0,6}(显示不出来|看不到字|是空的|空白的|只有方框)',
  ].join('|'),
);
const SERVICE_FAULT_NOT_RE = /烦|吵|骚扰|受不了|够了|再发|还发|举报你们|投诉你们|td|退订|取消|别发|莫发|不要发|不要再|停/;
export function isServiceFault38(compact: string): boolean {
  return SERVICE_FAULT_RE.test(compact) && !SERVICE_FAULT_NOT_RE.test(compact) && !/(吗|么|不|\?)$|会不会|是不是/.test(compact);
}

/** The worker's own fault, accepted (我自己不小心车坏了 扣了二十 该扣, 是我自己做得慢 所以钱少): no wrong told. */
const ACCEPTED_FAULT_RE = /(?<!说|说是|讲|讲是|赖|怪|硬说|非说|非要说|说都是)(该扣|扣得对|应该扣|该赔|应该赔|活该|怪我自己|怪我|是我的错|我的错|不怪(人家|老板|厂里|他|她|他们))|(?<!说|说是|讲|讲是|赖|怪|硬说|非说|说都是)(是)?我自己(不小心|搞丢|弄丢|弄坏|搞坏|做坏|车坏|做错|搞错|做得慢|做得不好|没去|迟到|睡过头)/;
export function acceptedFault38(compact: string): boolean {
  return ACCEPTED_FAULT_RE.test(compact) && !/(欠|拖|不给|没给|不发|没发|骗|打人|跑路|卷|押着|不管|不赔|没人管)/.test(compact.replace(/(该扣|该赔)/g, ''));
}

/**
 * A question how or where to complain, with no wrong told (举报电话是多少, 怎么投诉, 去哪里反映, 要是遇到老板不发工资 该找哪个):
 * help. With a wrong told beside it (主管动手动脚 咋个举报, 工钱被克扣了 想问哪里能投诉) it stays a report: `isReport` reads the
 * text with the question taken out.
 */
const CHANNEL_ASKED_RE = new RegExp(
  [
    '(举报|投诉|反映|维权|告状)(的)?(电话|热线|号码|方式|渠道|地方|地址|部门)(是)?(多少|几多|哪个|什么|啥|在哪|在哪里|有没有|有没得|有吗)?',
    '(怎么|咋个|咋|如何|去哪里|去哪|到哪里|到哪|找哪个|找谁|哪里|在哪里|在哪|哪个地方)(可以|能|才能|能够|好)?(去)?(举报|投诉|反映|维权|告状|告他|告老板)',
    '(要是|如果|万一|假如|遇到|碰到)[^.!?]{0,16}(该|应该|要|可以|能|得)?(找哪个|找谁|找哪里|找哪个部门|去哪里|去哪|怎么办|咋个办|咋办|打什么电话|打哪个电话|哪个管|谁管)',
  ].join('|'),
  'g',
);
// A wrong told beside the question (主管老是骂人 怎么投诉): a report, read by reader-report.ts.
const WRONG_TOLD_RE = /骂|打人|打了|欠|拖|扣|骗|不给|没给|不发|没发|摸|骚扰|不管|不赔|押着|收了/;
const WANTS_TO_REPORT_RE = /(我|我们)(要|想|准备|打算)(举报|投诉|反映|告)/;
export function complaintChannelAsked38(compact: string, isReport: (compact: string) => boolean): boolean {
  if (!new RegExp(CHANNEL_ASKED_RE.source).test(compact)) return false;
  if (WANTS_TO_REPORT_RE.test(compact)) return false;
  const rest = compact.replace(CHANNEL_ASKED_RE, '|');
  if (WRONG_TOLD_RE.test(rest) && !NOT_DONE_RE.test(compact)) return false;
  return !isReport(rest);
}

/**
 * The text as the report reader should see it (message-reader.ts asks it beside reportView32): money handed over and then
 * 把我拉黑了 — the taker blocked the worker (我转了一千过去 然后就把我拉黑了), which asks nothing of our texts.
 */
const HANDED_OVER_BLOCKED_RE = /(交了|给了|转了|打了|付了|汇了)[^.!?]{0,16}(就|又|直接|然后|马上|转身)?(把我|把我们)(的)?(微信|电话|号码|qq)?(拉黑|屏蔽)|(交了|给了|转了|打了|付了|汇了)[^.!?]{0,16}(拉黑|屏蔽)了我/;
export function reportView38(compact: string): string {
  if (!HANDED_OVER_BLOCKED_RE.test(compact) || /td|退订|取消|(不要|别|莫)(再)?(给我)?(发|推)|你们/.test(compact)) return compact;
  // (失联 for 拉黑: the same wrong, told in words that ask nothing to stop.)
  return compact.replace(/拉黑|屏蔽/g, '失联');
}
