import { acceptedTermsAt, readKinds27 } from './reader-kinds-27.js';
import { PINYIN_SYLLABLES } from './pinyin-syllables.js';
import {
  FOUND_WORK_RE,
  HOW_TO_QUIT_OTHER_RE,
  isNotForUs,
  isOptOut,
  isUnclearOptOut,
  JOB_DECLINE_RE,
  LATER_RE,
  NEGATED_OPT_OUT_RE,
  BARE_RETREAT_REFUSED_RE,
  OPT_OUT_MISTAKE_RE,
  OPT_OUT_QUESTION_RE,
  OPT_OUT_STATUS_RE,
  OPT_OUT_TOKENS,
  PAST_OPT_OUT_RE,
  SOFT_STOP_RE,
  stripFillers,
  stripLeadFillers,
  stripTrailing,
  TAKEN_BACK_RE,
  WORK_NEWS_RE,
} from './reader-opt-out.js';
import { BUSY_SPAN_RE, EVENT_OVER_RESUME_RE, GO_ON_AFTER_EVENT_RE, PAUSE_CUE_RE, PAUSE_RE, RESUME_RE } from './reader-pause.js';
import { notHadSkillRemoved, pastStopTakenBack, stopStands } from './reader-false-stops.js';
import { readPhrasing } from './reader-phrasings.js';
import { findSkills } from './skills.js';
import { applicationChanged, givenUpForAnother, isOwnApplicationQuestion, isOwnRecordQuestion, isOwnSubscriptionQuestion, isUnrelatedQuestion, isAside, NAMED_NEIGHBOUR_RE, scopedCancel } from './reader-scope.js';
import type { Intent } from './reader-types.js';
import { isFateAskedForMe, readEarly26, readLate26, withoutAskForMe } from './reader-kinds-26.js';
import { readEarly28 } from './reader-kinds-28.js';
import { readKinds29 } from './reader-kinds-29.js';
import { readKinds30 } from './reader-kinds-30.js';
import { readKinds31 } from './reader-kinds-31.js';
import { readKinds32 } from './reader-kinds-32.js';
import { readKinds34 } from './reader-kinds-34.js';
import { readKinds36 } from './reader-kinds-36.js';
import { readKinds37 } from './reader-kinds-37.js';

/**
 * The rules of the message reader (message-reader.ts): the patterns of every intent but opt-out
 * and pause, the leading command words, and classifyByRules, which reads a text when a rule is
 * sure of it (null otherwise, and the statistical layer decides).
 */

// A command word asked about (BM是什么, ZT是啥 HF是啥, DY什么意思): help.
const COMMAND_QUESTION_RE =
  /(?:(?:^|[^a-z])(?:bm|dy|gw|zt|hf|wd|jn|dz|bz|td)|(?:回复?|发|打|输入|按|写)(?:报名|订阅|暂停|恢复|岗位|状态|帮助)|^(?:报名|订阅|暂停|恢复|岗位|状态)(?:这个|这两个字|两个字)?)(?:这个|这两个字母?|两个字母?|到底|又|究竟|的|字母){0,2}(?:是什么|是啥|是哪样|啥意思|什么意思|哪样意思|是干什么|干什么用|是么子|是啥子|代表什么|指什么|是干嘛|干嘛的|干嘛用|做什么的|是干哪样|干哪样的|是做什么|做哪样|干哪样|有什么用|有啥用|有哪样用|什么用|用来干|啥子意思|是哪样东西|是什么东西)/;
// How to do something: 怎么报名, 咋个订, 请问怎么找工作 (not 怎么退订: that asks to stop).
const HOW_TO_RE =
  // (找活路发哪样, 要找工作回什么字: what to send to do something, the doing named first — Round 22.)
  /^(我)?(想|要)?(报名|订阅|登记|找工作|找活路|找活|找事做|找事|找份工|找个活)(的话)?(要|需要|得|该|应该)?(发|回|回复|打|输入|按|写)(个)?(什么|啥|哪样|啥子|哪些|哪个)(字|字母|数字|东西)?(才行|才可以)?(呢|啊|嘛|哦|哈)?$|(dy|bm|gw|zt|hf|订阅|报名)(后面|后边|后头)(要)?(写|加|跟|打|填|接)(什么|啥|哪样|啥子|哪些)|(zenme|zenmo|zemme|zenyang|ruhe|zage|zaige|zmme)(cai|neng)?(baoming|报名|dingyue|订阅|tuiding|退订|zhaogongzuo|找工作|zhaohuo|找活|yong|用|caozuo|huifu|回复)|(报名|订阅|退订|暂停|登记|找工作|找活)(之后|以后|后|完)?(要|需要|得|该)(发|带|填|准备|交|写|回|干|做)?(些)?(什么|啥|哪样|啥子|哪些)|(报名|订阅|登记)(要|需要|得)(带|交|拿|用|有)?(身份证|照片|证件|户口本|体检|健康证|押金)(吗|不|么|嘛|没)?$|(报名|订阅|登记)(要不要|需不需要|用不用)(带|交|拿|有)?(身份证|照片|证件|户口本|体检|健康证|押金)|(打|来|回)(个|一个)?电话[^,.!?]{0,6}(讲|说|解释|教)|howdoes(this|it)(work|go)|howdo(i|we|you)(use|do|start|sign|apply|subscribe|join)|howcan(i|we)(use|do|start|sign|apply|subscribe|join)|^whatis(this|it)(service|number|message|about|for)?$|(call|phone|ring)me[a-z]{0,12}explain|(someone|anyone|somebody)(to|can|could)?(call|explain|help)|howtouse|howitworks|whatshould(i|we)(send|reply|text|write|do)|whatdo(i|we)(needto|haveto)?(send|reply|text|write|do)|(怎么|咋个|如何|怎样|咋)(才能|才可以|可以|能|去)?(找工作|找活|报名|报|订阅|订|登记|用|弄|操作|暂停|恢复|改|查|回复?|看)(?!了)|(编号|代码|号码)[^,.!?]{0,2}(在哪|哪里|哪点|怎么)(看|找|查|知道)|是不是就|会不会就|(哪里|谁|哪个|什么地方|哪家)(发|发来)的|(有没有|有没得|要|找|转|接|转接)(人工|客服|真人)|(不用|没有|没得|不要)[^,.!?]{0,6}(可以|能|能不能)(报名|订阅|用|报)(吗|不|么)?/;
// What did I (or my mother) sign up for: 我订阅的是哪样, 我填的地址是哪里, 我妈订的是哪样活, 给我记的是
//哪样活路; whether what was registered is right (登记的地方对不对) or there at all (我登记有没有).
const OWN_SUBSCRIPTION_RE =
  /(登记|记|填|留|写)(的|下的|上的|起的)(我|我的)(是|在|住)?(哪个|哪里|哪点|哪儿|哪样|什么|啥)(地方|乡|镇|村|寨|活|工)?$|(我|我妈|我爸|我家|他|她|我老公|我老婆|我儿子|我女儿|我们)[^,.!?\s]{0,4}(订|订阅|定|登记|填|报)(的|了)(是)?[^,.!?\s]{1,8}还是[^,.!?\s]{1,8}|(我|我妈|我爸|我家|他|她|我老公|我老婆|我儿子|我女儿|我们)[^,.!?\s]{0,4}(订|订阅|定|登记|填|报)(的|了)((是|那个)?[^,.!?\s]{0,10}|\s(是|那个)[^,.!?\s]{0,10})(哪样|什么|啥|哪里|哪个|哪些|哪点|哪儿|信息|资料)|(报名|报)的[^,.!?]{0,14}(什么时候|啥时候|哪天|几号|怎么样|结果)|(订|登记|注册)(的|了|过)[^,.!?]{0,12}(没收到|收不到|没有收到|没发|不发|没动静)|(给我|帮我|替我|我)(记|写|录|登记|填)(的|了|下的|上的|起的)(是)?[^,.!?\s]{0,8}(哪样|什么|啥|哪里|哪个|哪些|哪点)|(登记|订阅|填|记|写)(的|了的)[^,.!?\s]{0,6}(对不对|对吗|对没|有没有错|错没错|是不是对的|准不准|对不)/;

const REOPENED_RE = /(厂|工地|基地|场|车间|公司|作坊)[^,.!?]{0,6}(又|重新|再)?(开工|复工|开门|开业|开了|开起来|招人)了?(没有|没得|没|吗|不|么)$/;
// 我老公报 BM, 帮我妈报名, 我儿子要报: a relative named, then the apply word just before the code.
const RELATIVE_APPLIES_RE = /(老公|老婆|媳妇|爱人|老伴|爸|妈|爹|娘|儿子|女儿|姑娘|儿媳|女婿|哥|姐|弟|妹|兄弟|姐妹|孙子|孙女|侄子|侄女|舅|叔|姨|姑)(也|要|想|说)?(报名|报个名|报)(号|编号)?(bm)?$/;
const APPLY_RE = /报名|报个名|算我一个|(加|算)(上)?我1(个|份)|(也)?算我一份|我也算(一个|一份|上)|加我一份|带我一个|带上我(?=$|[\s,.!?吧嘛啊哈])|算上我|算我(?=$|[\s,.!?吧嘛啊哈])|加我一个|我也去|我来(?=$|[\s,.!?吧嘛啊哈])|(都|一起|帮我们?|给我们?)报上|报上(去|吧|嘛)?$|报一个|报明|抱名|保名|报铭|baoming|应聘|申请|我报|帮我报|要报|想报|apply|面试(?!了|过|完)|帮(我|他|她)(爸|妈|老公|老婆|媳妇|儿子|女儿|哥|姐|弟|妹)?报|我要去(这个|那个)?(厂|活|岗位|上班)|我去(这个|那个)|(那个|这个|那家|这家)[^,.!?]{0,8}?(的|厂|活|岗位|工作)(我|我们|我老婆|我媳妇|我老公)?(想去|要去|想报|要报|去)(做|干|上班)?(一下|试试|看看)?$/;
// What the worker can do, said of themselves or the relative signed up (我会, 她会, 做过, 整得来),
// or the kind of work wanted (做假发的手工活, 在家做的那种).
const SELF_DESCRIBED_RE = /(?<!不)(会|做过|干过|整得来|搞得来|做得来|做得动)(?!不会)|(想|要)?(做|干)[^,.!?]{1,8}的(那种|这种)?(手工)?(活|工作)|(那种|这种|之类)(的)?(活|工作)?$/;
// An opening pointed at (那个厂, 这个活, 岗位, 招的): applying to it, not a sign-up.
// (家门口车间, 扶贫车间 name a kind of workshop, not one opening.)
const OPENING_POINTED_RE = /岗位|(这个|那个|这家|那家|这份|那份)[^,.!?]{0,4}(活|厂|岗位|工作|(?<!家门口|扶贫|帮扶|就业)车间|老板|工地)|招的|招工的/;
const APPLY_WITH_CODE_RE = /(报|去|要|选|想去|参加|做|干)$/;
// The worker's own subscription: what did I sign up for, am I still on it, did it work.
const STATUS_RE =
  /(有没有|有没得|有不有)(我|我们|我妈|我爸|她|他)(的)?(名字|号码|号|电话|信息|资料|登记)|有(我|我们|我妈|我爸|她|他)(的)?(名字|号码|号|电话|信息|资料|登记)(没有|没得|吗|不|没|么)|(我|我的)(名字|号码|号|电话)[^,.!?]{0,4}(在不在|还在吗|在吗|在没|有没有|有没得)|^(wo|wode|women)?(ding|dingyue|baoming|dengji|bao)(le|de|guo)(de)?(shi)?(shenme|sha|nayang|naxie|jige|nage)(a|ne|ya)?$|(我|我们|他|她)(一共|总共|都)?(报|报名|申请|投)(了|过|的)(有)?(几个|哪些|哪几个|多少|什么|哪样|啥|shenme|sha|nayang|naxie|jige)|((给我|我)(推|发|推送|收)|(推|发|推送)给我)的(是|都是)?(哪些|哪个|什么|哪样|啥|啥子)(?!意思)|(报名|报的|申请)[^,.!?]{0,6}(怎么样|结果|情况|进度|有消息|有回音|成功)|怎么样了|有结果|录取|录用|通过了吗|有回音|有回复吗|我订了什么|查询|查一下我|查看我|wode|status|我?(订|订阅|定|登记|注册)(了|的|过|咯|啦)(哪样|什么|啥|哪些|些什么|啥子|几个|哪几个|多少)|(还|是不是|有没有|有没得)(在)?(订|订阅|登记)(着|上|成功)?(没有|没得|吗|不|没|嘛|着的)|(订|订阅|登记|注册)(上|成功|好|过)?了?(没有|没得|吗|没|不)$|(订|订阅|登记|注册)(上|成功|好|过)?了(没有|没得|吗|没)|(订|订阅|登记|注册)过(没有|没得|吗|没)|是(暂停|恢复|订阅|退订)(了|的|着)?还是|(是不是|是否|有没有)(已经|被)?暂停(了|着)?|暂停(着|中)(吗|没有|没|的吗)|(有没有|有没得|是不是)(订|订阅|登记)(上|成功|好)?(了)?$|没(订|订阅|登记)上|my(subscription|status|account)|amisubscribed|whatdidi|还在(订|订阅|接收|收)|(我|我的)(订阅|登记)(还在|有效|成功)|订阅(状态|情况|信息)|我(现在|目前)?(的)?(技能|地址|住址|工种)((和|跟|还有|与|同)(技能|地址|住址|工种))?((写的|填的|登记的)(是|shi)?|(是|shi))(什么|哪样|啥|哪点|哪里|哪儿|哪个|哪些|啥子|shenme|sha|nayang)|(还在|是不是还在|还是不是在)[^,.!?]{0,6}(登记|订阅|名单|系统)(着|上|里)?|查(下|一下)?(我的)?(订阅|状态|登记)|^(我|我的|我们|我妈|我爸|我家|他|她|我老公|我老婆)?(登记|订阅|订|注册|报名)(上|过)?(了)?(有没有|有没得|有不有)$|(确认|核对|核实|确定)(一下|下)?(我的)(订阅|信息|资料|状态|登记|技能|地址)/;
const STATUS_WHOLE_RE =
  /^(查询?|查看|查一下|看看|看一下)?我(的|地|滴|得)?(个人)?(信息|资料|订阅|状态|报名|设置|账号|帐号|情况|技能|地址|记录|档案)?(是什么|是哪里|是哪样|是啥|是哪个|有哪些|呢)?$|^(状态|订阅状态|我的状态|zhuangtai|cx|chaxun)$|^(show|check|see|view)?my(settings?|status|subscriptions?|profile|account|details|info|alerts)$|^(查询?|查看|查一下|看看|看一下)?(我的)?个人(信息|资料|设置|账号|帐号|档案|情况)$/;
const UPDATE_PLACE_RE =
  /住(处|的地方)?(换|改|变)了|(?<![不没])跟(着|了)?(他|她|娃娃|孩子|老公|老婆|儿子|女儿)?(去|来|过去|过来)了|陪读|地址|地扯|地趾|地止|住扯|住址|地点|住的地方|住的是|地方改|改地方|(写|填|搞|弄)错|dizhi|搬到|搬去|搬克|嫁到|嫁去|嫁来|嫁过去|从[^,.!?回]{2,8}?(到|来|去)(?!来|去|的)[^,.!?]{2,8}了|搬来|搬家|搬了家|换地方|换个地方|换地址|改地址|现在住在?|现在在[^,.!?]{2,8}(住|了)|改到|换到|回到[^,.!?]{2,8}(住|了)|(住|在)[^,.!?]{2,8}了$|(地方|地址|住址|位置)[^,.!?]{0,2}(换|改|变)|(改|换|变)(个)?位置|^(住|在)[^,.!?]{2,8}现在$|现在(在|住)[^,.!?]{2,8}$|现在[^,.!?在住]{2,6}住(了|着)?(?=$|[,.!?])|不(在|住)[^,.!?]{2,8}了|租房|租了房|以后发(那边|这边|那里|这里)|(以后|今后|往后|就|都)(按|照)(?!时|月|天|件|期|量)[^,.!?]{2,8}(发|推)|(到|去|在)[^,.!?]{2,8}(打工|上班|做工)了[^,.!?]{0,2}(那边|那里|这边|这里|附近|周边|一带)的(活|工作|岗位)?[^,.!?]{0,2}(发|推)(给)?我|回(老家|家)(了|来了)|以后(发|推)[^,.!?]{1,6}的|moved?to|movedto|nowlivein|livenowin|📍/;
const ADD_SKILL_RE = /也算(我|上)(会|一个|一样|一份)?|(我也|也|还|另外|我还|而且|并且)(会|能|可以|做过|干过|整得来|搞得来|做得来|干得来)|^(加|添|再加|多加)(?!工|班|油|入|我|微|盟|热|急|快|紧|钱|价)(?=\s?\p{Script=Han})|(也|还)(给我|帮我)?(写上|记上|添上|写进去|加进去|加起|记起|写起|添起|登记上|登记起)|(的|的活)(也|都)(要)?(发|推)(给我|我)?|(的|的活|的工作)(也|都)要$|不只|不光|不止|除了|(又|新|刚|才)学(了|会)|也行$|也可以$|帮我加|(加|添)上|加一(个|样|项|下)|加个|添个|再加|添加|增加|多加|也加|顺便加|一起加/u;
const CHANGE_RE = /改成|换成|改为|换为|换(个|一个|点|些)(轻松|别的|其他|其它|简单|不累|省力|轻巧)|只要(?!离|近|包|工资|钱|能|有|是|不|天天|每天|在家|附近|活|有活)|只做|只想|只发|只推|只给我发|只给我推|只收|想改|想换|改一下|换一下|其实(我)?是|其实(我)?(会|做|干)|不是(?!本人|我本人|我自己|我的号|我用|帮我|给我|我(?!会|做|干|是做|是干))[^,.!?]{1,8}是|(?<![把号码名字我])(去掉|删掉|拿掉|划掉)|留(个|下|着)[^,.!?]{1,6}(就行|就好|就可以|就够)|只留|不(做|干|搞|当|想做|想干)[^,.!?]{1,6}了?(改|换|做)/;
// 想在家附近找个活，有哪些 (Round 23): work wanted, then what there is asked in a clause of its own — a list.
const LIST_JOBS_RE =
  /(找|寻)(个|点|份|一个|一份|些)?[^,.!?]{0,4}(活|活路|工作|事)(做|干)?[,.!?\s]+(都)?有(哪些|些什么|些啥|什么|啥|哪样|些哪样)(活|工作)?(呢|嘛|啊|哦|呀)?$|^(有)?(不要|不用|不上|不加|不倒|没有)(上)?[^,.!?发推退订]{1,6}的(吗|么|有吗|有没有|有没得)$|岗位|岗为|港位|gangwei|职位|职缺|空缺|缺工|(?<!找个|找份|找一个|找一份|找)jobs?\b|工作机会|(有什么|有啥|有些什么|有些啥|有些哪样|有没有|有没得|有无|哪里有|哪有|哪点有|哪儿有|哪个地方有|还有|有哪些|有不有|啥子|有哪样|哪样)[^,.!?]{0,10}(工作|活|岗位|事做|厂|班上|招工|招人|职位|单位|事情做|车间|工地|基地|作坊)|招人|招工|招聘|缺人|要人吗|收人|(工作|活|活路|岗位|事做|班上|活计|事情做)(吗|么|没|没有|不|呢|嘛|没得|不有)$|的有吗$|的有没有$|的有没得$|看看[^,.!?]{0,6}?(工作|岗位|活)|推荐|招不招|还招|要不要人|还要人|缺不缺人|(有没有|有没得|有不有)[^,.!?]{0,12}的(吗|呢)?$|有活路|活路(多|有)|有[^,.!?]{0,8}(活|活路|工作|事|厂|厂子|工厂)(做)?(没得|没有|不|吗|么|嘛)|(?<![你您们])(在|是)(哪里|哪点|哪儿|什么地方|哪个地方|哪个村|哪个乡|哪个镇|啥地方|哪块)|地址在哪|地点在哪|(厂|车间|活|岗位|工作|工地|基地)[^,.!?]{0,4}(在哪|远不远|近不近|多远|怎么走|咋个走|咋个去|怎么去)|(怎么|咋个|咋|如何)(去|走)(到)?(那个|这个|那家|这家)?(厂|车间|工地|基地)|(远不远|多远|怎么走|咋个走)$|(这个|那个|这份|那份)(活|岗位|厂|工作|活路)[^,.!?]{0,6}(工资|工钱)|(?<![打扛背搬装封拆])包吃|(?<![打扛背搬装封拆])包住|夜班吗|要不要(女|男)|(什么活|哪样活|啥活)(?!都)|有事做/;
const SUBSCRIBE_RE =
  /(我|也|我也|给我也|帮我也)(要|想)?订(?!单|货|婚|票|餐|饭|房|酒|做|制|金|购|的|了|过)|(想|要)加入|订阅|定阅|订月|定月|订悦|dingyue|subscribe|关注|注册|登记|报上我|找工作|找活|找事做|找个活|找份工|找点活|找个事|找份|想上班|想做|想干|想打工|打工|求职|上班|有活(通知|告诉|叫|喊|联系|发给)?我|(?<![妈爸爹娘婆公奶爷哥姐弟妹儿女他她人])(通知|告诉|喊|叫|联系)我|订起|订上|帮我订|给我订|留意|帮我找|介绍(个|份)?(工作|活)|想找|要找|找点事|找事情|挣钱|赚钱|挣点钱|找个工作|找一份|找份活/;
const HELP_RE =
  /(怎么|咋个|咋|怎样|如何)个?(用|使用|操作)法?|这个(东西)?(怎么|咋个|咋)(玩|耍)|用法|使用方法|帮助|帮住|帮主|bangzhu|help|怎么用|怎么弄|怎么搞|怎么办|咋个整|咋整|咋弄|咋个弄|咋个搞|不会用|不懂|看不懂|什么意思|啥意思|哪样意思|是什么|干什么的|干嘛的|做什么的|干什么用|做什么用|有什么用|打听|为什么|为啥|咋个没|怎么没|怎么还没|整哪样|搞哪样|做哪样|干哪样|菜单|说明|人工|客服|咨询|问一下|请问|怎么回|回什么|是哪样|怎么(订|报|弄|操作|回复|发)|咋个(订|报|弄|回|发|用)|收费|要钱|要不要钱|收钱|教(我|一下)|会不会|哪样东西|是啥子|咋个回事|怎么回事|什么东西/;
// Greetings and calls (你好, 在不在, hello, 喂喂 听得到吗): no request of their own, so unknown (the
// bot's short help answers them all the same).
const GREETING_RE =
  /^((在吗|在不在|在么|在没|在没得|在不|在没有|有人吗|有人在吗|有没有人|有人没|有人没有|有人没得|有人莫得|有人在没|有人在没得|有人在不|有没得人|有人不|有人在嘛|你好|您好|你们好|大家好|老板好|师傅好|喂+|hi|hey|hello|hellow|helo|哈喽|哈罗|嗨|nihao|ninhao|早|早上好|老板|师傅|听得到吗|听得见吗|能听到吗)(啊|呀|哈|哦|嘛|呢)?)+$/;
// Who is writing, and can they be trusted (你是谁, 哪个喊你们发的, 你们是政府的吗, 莫是骗人的哦,
// 骗子): questions about the sender, not how to use the service (that is help), so unknown.
const SENDER_QUESTION_RE =
  /^(阿哥|阿姐|阿妹|大哥|大姐|老板|师傅|老师|领导|同志|兄弟|美女|帅哥|小妹|你好|您好|喂)*(请问|问一下|想问一下)?(你|你们|您|这|这个|这是|这个号|这个号码|发短信的)(是|在)?(谁|哪个|哪位|哪里|哪家|哪个单位|哪个部门|哪个公司|什么单位|什么部门|哪里的)(啊|呀|哦|嘛|呢|的|发的)*$|(谁|哪个|哪位)(喊|叫|让|请)(你|你们)[^,.!?]{0,4}发的?|(这|这是|这些)?(谁|哪个|哪里|哪家)(发|发来)的|(你|你们|这|这个)(是不是|是)(政府|公家|公司|中介|机器人|真人|人工|劳动局|人社局|人社|政府部门|真的)的?(吗|么|嘛|不|吧|啊|哦)?$|(政府|公司|个人|中介|公家|私人)(的)?还是(政府|公司|个人|中介|公家|私人)|骗子|骗人|骗钱|是不是骗|莫是骗|真的假的|靠不靠谱|可不可靠|正不正规|靠谱(吗|不|么|嘛)|正规(吗|不|么|嘛)|可靠(吗|不|么|嘛)/;
// How to use the service, in a word or two (指令, 求助, 帮忙, 要发啥子, 不会弄): help.
const HELP_WORD_RE =
  /^(请|麻烦|帮个忙|帮帮忙)?(指令|命令|口令|操作指令|有哪些指令|有什么指令|指令是什么|求助|使用方法|操作方法|怎么使用|如何使用|求帮助|帮忙|帮帮忙|帮帮我|帮个忙|帮我一下|帮下我|帮一下|使用说明|用法|功能|操作说明|不会弄|不会搞|不会用|弄不来|搞不来|用不来|不会操作|(我|该|应该|要|要我|我要)?(发|回|回复|打|输入)(啥子|什么|哪样|啥|哪个字|哪些字)(字)?(才行|才可以)?)(啊|呀|哦|嘛|呢|哈|了|一下|吗)*$|(报名|订阅|退订|暂停|恢复|查岗位)[^,.!?0-9]{0,3}(不会弄|不会搞|弄不来|搞不来|不会报|不会订|不懂|不晓得咋个|不知道怎么)|(哪个|谁)(来)?(帮|教)(我|一下)|^(你们|你|客服|人工|办公室|这边)?的?(联系)?(电话|号码|电话号码|手机号|联系方式|热线)(是)?(多少|几号|哪个|是什么|给一个|发一下|发我)|^(怎么|咋个|如何)(联系|找到)(你们|你|客服|人工)/;
// Nothing received for a long time (好久没发了 咋个回事, 停了好久没收到): a question about the
// worker's own subscription, not how to use the service.
const NOTHING_RECEIVED_RE =
  /(好久|很久|这么久|半个月|一个月|几天|一直|最近|这段时间|这几天|这个?星期|这个?礼拜|这周|这个月|两天|几个星期)(了)?(都|也)?(没|没有|不)(发|收到|来|有)(了|过)?(信息|短信|消息|活|工作)?|(?<!暂)(停|断)了(好久|很久|这么久|几天|半个月|一个月)|(怎么|咋个|为什么|为啥|咋)(还)?(没|没有|不)(发|推|来)(?!工资|钱|工钱)|(订阅|订|登记|报名)(过|了|好)[^,.!?]{0,6}(怎么|咋个|为什么|为啥|咋)(还|都|一直)?(没有|没得|没|莫得)(收到|来)?(消息|信息|短信|动静|通知)|(怎么|咋个|为什么|为啥|咋)(最近|这段时间|这几天)?(都|也)?(没有|没得|莫得)(了)?[^,.!?]{0,8}?(的)?(活|活路|工作|岗位|信息|短信|消息)(了|啦)/;


// 再发一次岗位, 重新发下工作, 把刚才的岗位再发一遍: the list sent again now.
const RESEND_RE =
  /(再|重新|重)(发|推)(一次|一遍|一下|下|个)?[^,.!?]{0,3}(岗位|工作|活|活路|招工|信息|消息|短信)|(岗位|工作|活|活路|招工|信息|消息|短信)[^,.!?]{0,4}(再|重新|重)(发|推)(一次|一遍|一下|下)?(给我|我|来)?(吧|嘛|哈|啊|呢)?$|(没收到|没看到|没看见|没看清|删了|没注意)[^,.!?]{0,8}(再|重新)(发|推)|^(请|麻烦)?(你们)?(再|重新)(发|推)(一遍|一次)(给我|我)?(吧|嘛|哈|啊|呢)?$|(resend|sendagain|sendthe(jobs|list)again)/;
// 再发我就报警, 岗位信息再发我就拉黑: a threat if it goes on is a request to stop.
// (再发老子报警了, 再发我报警了: the threat said without 就.)
const THREAT_RE =
  /(再|还|又|还敢|再敢)(发|推|打|骚扰)[^,.!?]{0,6}(我|我们)(就|要|会)?(报警|举报|投诉|告你|打110|打12345)|(再|还|又|还敢|再敢)(发|推|打|骚扰)[^,.!?]{0,10}(就|我就|老子就|老子|的话|我要|我会)[^,.!?]{0,6}(举报|报警|投诉|拉黑|删|告你|告你们|起诉|骂人|屏蔽|打12345|打110|打12315|不客气)/;
// ... unless it waits for later (过完年再发岗位): a pause.
const PAUSE_LATER_RE = /以后|之后|过完|过了|等|下个?(周|月|星期|礼拜)|年后|明天|后天|[0-9一二两三四五六七八九十几]+(天|周|个月)/;
// Not a request to us: who pressed the phone by accident (我孙子拿我手机乱按的), when work starts
// (几点上班), bills and meals (这个月电费多少, 中午吃什么), what one is doing today (我在地里挖洋芋),
// unknown, and never a subscription or opt-out.
const OFF_TOPIC_RE =
  /(会不会|要不要|会|要)?(下雨|下雪|刮大风|打雷|下冰雹|降温|出太阳)(了)?(吗|不|没|没有|啊|呀|哦|嘛|呢)*(那个)?$|天气(怎么样|咋样|咋个样|好不好|如何)|(货|快递|包裹|钱)(到|收到|寄到)了?(没|没有|吗|没得|么)$|(不识字|不认识字|不认得字|看不懂|不会看|眼睛不好)[^,.!?]{0,6}(让|叫|等|给|喊)(我)?(家)?(孙子|孙女|儿子|女儿|娃娃|姑娘|老公|老婆|媳妇|家里人|别人|年轻人)[^,.!?]{0,4}(看|念|读|帮)|(赶集|赶街|赶场)(?![^,.!?]*(招聘|招工|活|工作|登记|报名|订阅|注册))|(?<![人工的])(还要不要|还要吗|要几斤|要多少斤|几斤|多少斤|几箱|几袋)$|(回来|回家|不回来|不回家)(吃饭|吃|睡觉)|吃饭了(没|吗|没有)|(孙子|孙女|小孩|娃娃|孩子|儿子|女儿|小娃|姑娘|宝宝|外孙|爸|妈|爷爷|奶奶|老人|老人家)[^,.!?]{0,10}(乱按|乱点|乱发|乱打|乱玩|玩手机|按着玩|点着玩|发着玩)|^(不好意思)?(刚才)?(是)?(我)?(乱按|乱点|乱发|按错|点错|发错)(了|的)?(不好意思)?$|^(请问)?(你们|厂里|那边|这边)?(每天|明天|早上|平时)?(几点钟?|什么时候|啥时候|几时|哪时候)(上班|下班|开工|收工|放工)|^(上班|下班)(时间)?(是)?(几点|什么时候|啥时候)|^(厂|厂里|工厂|车间|工地|那个厂|这个厂)(又|也)?(停|停工|停产)(了|掉了)?(吗|没|没有|么|嘛|呢)?$|^(家里|这边|我们这|村里|今天)?(电|水|网|信号|气)(又|也)?(停|断)(了|掉了)?(吗|没|没有|么|嘛|呢)?$|(刚才|刚刚)?(打电话|打电话来|打来)的(人)?是(谁|哪个|哪位)|(电费|水费|话费|燃气费|网费|房租|余额|流量)[^,.!?]{0,6}(多少|几多|还剩|剩多少|剩好多|好多|怎么交|咋个交|怎么这么|咋个这么|咋这么|这么多|这么贵)|^(中午|晚上|早上|今天|明天|晚饭|午饭|早饭)?(吃|喝)(什么|啥|哪样|啥子|没)|^(我|我们|我刚|刚|我正|我今天|今天)?(正|刚)?(在|从)(地里|田里|山上|家里|街上|园子里|菜地|地头|田头|山里|坡上|果园|大棚|棚里|河边|集上|赶集)(?![^,.!?]*(想|要|找|能|可以|会|愿意))[^,.!?]{0,10}$/;

// 想在家串珠子, 要找个缝纫的活, 能做编织: a wish to work (Round 22).
const WISH_TO_WORK_RE = /(想|要|愿意|希望)(在家|在家里|在附近|在)?[^,.!?]{0,4}(做|干|找|学|接|串|编|绣|缝|织)/;
// A text to someone in the family sent here by mistake: 妈 我到蒙自了, 老公 晚上吃哪样.
const FAMILY_TALK_RE = /^(妈|爸|妈妈|爸爸|阿妈|阿爸|老妈|老爸|老婆|老公|媳妇|儿子|闺女|姑娘|哥|姐|妹|弟|阿哥|阿姐)(啊|呀|哎)?[\s,.!?]/;

const CONFIRM_WORDS = new Set([
  '好', '好的', '好滴', '好哒', '好嘞', '好啊', '好吧', '嗯', '嗯嗯', '恩', '恩恩', '是', '是的', '对', '对的', '对头',
  '可以', '可以的', '行', '行的', '行啊', '中', 'ok', 'okay', 'okk', 'yes', 'y', 'yeah', '确认', '确定', '同意',
  '没问题', '要得', '得行', '要', '要的', '愿意', '收到', '知道', '知道了', '晓得', '晓得了', '明白', '明白了',
  '好的好的', '可以可以', '行行', '要得要得', '对对', '嗯呢', '好了', '要得嘛', '行嘛', '好嘛', '可以嘛', '对头嘛',
  '好好', '是嘛', '就是', '中嘛', '得嘛', '得', '妥', '妥了', 'ok的', '好呢', '嗯嗯好', '好哦', '好咯', '要得嘞', '要得哦',
]);
const CONFIRM_EMOJI_RE = /^[\s👍👌✅🙆‍♀️🙆‍♂️🆗✔️☑️💪🤝]+$/u;
// Thanks, greetings, laughter and emoji carry no request of their own.
export const SMALL_TALK_RE =
  /^(谢谢|多谢|感谢|谢了|谢啦|辛苦了|辛苦|麻烦了|thanks?|thankyou|thx|哈+|呵+|嘿+|嘻+|哦+|噢+|喔+|额+|呃+|嗯+|啊+|hh+|666+|6+|好的谢谢|谢谢你们|谢谢老板|谢谢您|谢谢你|收到谢谢|好的收到|知道了谢谢|晓得了谢谢|拜拜|再见|88|bye|晚安|早上好|早安|中午好|下午好|晚上好)+$/;

// Leading command words, as printed in the help text and as workers abbreviate them: the
// first word decides even when the rest of the text holds other keywords (订阅 岗位).
const LEAD_COMMANDS: readonly (readonly [string, Intent])[] = [
  ['订阅', 'subscribe'], ['定阅', 'subscribe'], ['订月', 'subscribe'], ['定月', 'subscribe'], ['订悦', 'subscribe'],
  ['帮助', 'help'], ['帮住', 'help'], ['帮主', 'help'],
  ['岗位', 'list_jobs'], ['岗为', 'list_jobs'], ['港位', 'list_jobs'], ['职位', 'list_jobs'],
  ['报名', 'apply'], ['报明', 'apply'], ['抱名', 'apply'], ['保名', 'apply'], ['报铭', 'apply'],
  ['暂停', 'pause'], ['暂挺', 'pause'], ['站停', 'pause'], ['暂亭', 'pause'],
  ['恢复', 'resume'], ['恢服', 'resume'],
  ['技能', 'update_skills'], ['记能', 'update_skills'],
  ['地址', 'update_place'], ['住址', 'update_place'],
  ['查询', 'status'], ['状态', 'status'],
];
const LEAD_ASCII: ReadonlyMap<string, Intent> = new Map<string, Intent>([
  ['dy', 'subscribe'], ['dingyue', 'subscribe'], ['subscribe', 'subscribe'], ['sub', 'subscribe'],
  ['bz', 'help'], ['bangzhu', 'help'], ['help', 'help'], ['menu', 'help'],
  ['gw', 'list_jobs'], ['gangwei', 'list_jobs'], ['jobs', 'list_jobs'], ['job', 'list_jobs'], ['work', 'list_jobs'],
  ['bm', 'apply'], ['baoming', 'apply'], ['apply', 'apply'],
  ['zt', 'pause'], ['zanting', 'pause'], ['pause', 'pause'],
  ['hf', 'resume'], ['huifu', 'resume'], ['resume', 'resume'],
  ['wd', 'status'], ['wode', 'status'], ['status', 'status'], ['zhuangtai', 'status'],
  ['jn', 'update_skills'], ['jineng', 'update_skills'], ['skills', 'update_skills'],
  ['dz', 'update_place'], ['dizhi', 'update_place'], ['address', 'update_place'],
]);
// ASCII words that are commands, not pinyin of places: kept out of place matching.
export const COMMAND_TOKENS = new Set([...LEAD_ASCII.keys(), ...OPT_OUT_TOKENS, 't', 'r', 'n', 'ok', 'yes', 'quxiao']);

/** What the classifier looks at, computed once per message. */
export interface Clues {
  normalized: string;
  reading: string;
  compact: string;
  core: string;
  skills: string[];
  mentions: { name: string; start: number; end: number }[];
  hasPlace: boolean;
  code: string | null;
  menuChoices: number[];
  affirmative: boolean;
  /** Whether a part of the text names a place (the same index as hasPlace). */
  placesIn?: (text: string) => boolean;
  /** How sure the wide model must be to overrule a rule (message-reader.ts MODEL_OVER_RULE, the reader's option). */
  overRuleAt?: number;
}

export interface Verdict {
  intent: Intent;
  source: 'rule' | 'model' | 'none';
  unclear?: boolean;
  clarify?: boolean;
  /** The wide model near certain of another reading (Round 33; ReadMessage.disagreement). */
  disagreement?: { rule: Intent; model: Intent; p: number };
}

const rule = (intent: Intent, unclear = false): Verdict => ({ intent, source: 'rule', unclear });

export function isAffirmative(normalized: string, compact: string, core: string): boolean {
  if (compact.length > 24) return false;
  if (CONFIRM_WORDS.has(compact) || CONFIRM_WORDS.has(core) || CONFIRM_WORDS.has(stripTrailing(compact))) return true;
  // 嗯，好的 / 行，可以: several yes-words in a row.
  const parts = normalized.split(/[\s\p{P}]+/u).filter((p) => p.length > 0 && !/^(谢谢|多谢|感谢|谢啦)/.test(p));
  if (parts.length > 1 && parts.every((p) => CONFIRM_WORDS.has(p) || CONFIRM_WORDS.has(stripTrailing(p)))) return true;
  return CONFIRM_EMOJI_RE.test(normalized);
}

/**
 * An explicit confirmation: yes-words only, one of them a word that confirms (确认, 确定, 无误,
 * confirm). 好, 嗯, 收到, ok and 👍 acknowledge and stay unknown; the conversation treats a
 * confirmation with no question open exactly as it treats unknown.
 */
export function isConfirmation(compact: string): boolean {
  if (compact.length > 24 || !EXPLICIT_CONFIRM_RE.test(compact)) return false;
  // 确认一下我的信息 checks one's own details (status), it does not confirm them.
  if (/(确认|确定)(一下|下)?我的/.test(compact)) return false;
  return compact.replace(CONFIRM_PART_RE, '') === '';
}
const EXPLICIT_CONFIRM_RE = /确认|确定|无误|confirm/;
const CONFIRM_PART_RE =
  /(帮|替|给)(我)?(家)?(爸爸|妈妈|爸|妈|阿爸|阿妈|爷爷|奶奶|外公|外婆|老公|老婆|媳妇|儿子|女儿|姑娘|孙子|孙女|家人|老人|老人家)(回复|回|说|讲)|确认|这个|那个|岗位|信息|资料|内容|都|全|本人|帮(我)?(爸|妈|爷爷|奶奶|老公|老婆|儿子|女儿|家人)?|(我|我家)?(爸爸|妈妈|爸|妈|阿爸|阿妈|爷爷|奶奶|外公|外婆|老公|老婆|媳妇|儿子|女儿|姑娘|孙子|孙女|家人|老人|老人家)?(说|讲|讲的|说的|叫我回|让我回)|我(爸|妈|爷爷|奶奶)|确定|无误|没错|不错|没问题|莫得问题|没得问题|没有问题|confirmed|confirm|yes|ok|好的?|好嘞|好滴|是的?|对头|对的?|嗯+|恩+|可以|行|得行|中|妥|同意|要得|就这样|就是|一下|下|了|吧|啊|呀|哦|的|嘛|谢谢|我|地址|住址|工种|技能|号码|电话号码|电话|名字/g;

const OWN_PAUSE_OR_SUBSCRIPTION_QUESTION_RE =
  /(我的)?(暂停|停)(到|要到)?(什么时候|啥时候|哪天|几号)(结束|到期|为止|完|恢复)(吗|呢|啊)?$|^我(现在|是不是|已经)*(暂停|停)(了|着|掉了)(吗|没有|没|么|嘛)|是不是(还)?(在)?(暂停|停|退订|订阅)(的|着|中|状态)|我?(现在|目前|还)?是(还)?(在)?(暂停|停|退订|订阅)(的|着|中|状态)?(吗|么|嘛|没|不|呢)$|我(现在|目前)(还)?(在)?(暂停|订阅)(的|着|中|状态)?(吗|么|嘛|呢)$|(是不是|是否|有没有)(没有?|还没|没能)(订|订阅|登记|注册)(上|成功|好|进去)|(是不是|是否)(已经|都)?(订|订阅|登记|注册)(起|上|好|进去)?了(吗|嘛|么|没|没有|哦)?$|(订|订阅|登记|注册)(起|上|进去)(了)?(没有|没得|没|吗|么)$/;
const NO_FEE_JOBS_RE = /(不用|不要|不收|免|没有|无|不交)(交|付|给|出)?(押金|中介费|介绍费|手续费|体检费)的[^,.!?]{0,6}(厂|活|活路|工作|岗位|单位|事做)/;
const PLACE_STATED_RE = /^(位置|定位|地点)|回(村|寨|寨子|老家|家|乡下|村里)(了|来了|啦)[^,.!?]{0,2}(在|住)|归[^,.!?]{1,6}管|以后在[^,.!?]{1,8}(找活|找工作|干活|做活|做事|上班)[^,.!?]{0,4}(地址|住址)/;
// 我回老家元阳了, 搬回泸西了: back home at a place, the whole text.
const BACK_HOME_AT_RE = /^(我|我们|我已经|已经|现在)?(回|搬回|回到|调回)(了)?(老家|家乡|村里|寨子)?[^,.!?\s]{2,8}(老家)?(了|啦|咯|来了|去了)$/;
const STOP_EMOJI_ONLY_RE = /^[\s🚫⛔❌🙅🛑✋\u{FE0F}\u{200D}\u2640\u2642\u{1F3FB}-\u{1F3FF}]+$/u;
// 等我秋收完再发, 过完年再发, 农忙完了再说: the sending starts again when the event is over.
// (再给我发, 再开: the sending, with who it is for or switched on again.)
const PAUSE_UNTIL_EVENT_RE =
  /(开学|放学|秋收|栽秧|插秧|收割|农忙|出院|满月|月子坐完|坐完月子|办完事|考完|毕业|天晴|雨季|收完[^,.!?]{1,3}|种完[^,.!?]{1,3})(了|以后|之后|后)?(再|才)(给我)?(发|推|联系|通知|开(?![车会工学店门刀]))(?!工资|钱|工钱|货)|(等|到)[^,.!?]{1,12}(完|过|后|忙好|回来|结束|出院|病好)(了|以后|之后)?(再|才)(给我)?(发|推|联系|说|通知|开(?![车会工学店门刀]))(?!工资|钱|工钱|货)|(过完|忙完|收完|种完|割完|考完|办完|弄完|搞完|盖完|修完|插完|栽完|挖完|摘完|卖完|(?![没有])[一-龥]完(?!没)|完了|结束了|过了)[^,.!?]{0,4}(再|才)(给我)?(发|推|联系|通知|开(?![车会工学店门刀]))(?!工资|钱|工钱|货)|(?<![不没])(回来|回家)了[^,.!?不别莫]{0,4}(再|才)(给我)?(发|推|联系|通知|开(?![车会工学店门刀]))(?!工资|钱|工钱|货)/;

const EVENT_AGAIN_RE = /(过完年|过了年|年后|春节后|节后|(?<![有没])完(?!没)|(?<![发推订报登收用听见做干])过|回来|回家|出院|病好|结束|有空|空了|得空|下个?月|下周|下个?星期|下个?礼拜|明年|月底|年底|过几天|过两天|过段时间|过一阵|农忙)了?(?:(?![不别莫甭])[^,.!?]){0,3}(再说|再发|再联系|再通知|再推|才发|再给我发)/;
// 过 of what one has done (订过, 报过) is no time passing, and a negation between is the refusal
// itself (我没订过 不要再发了: a stop, which read as a pause until an event).
// "Not for a while" and a refusal of what is sent (暂时不要通知, 这段时间别发, 一阵子莫推).
const HOLD_OFF_RE = /(暂时|暂且|先|这段时间|这阵子|一阵子|一段时间|这几天|这两天|最近|近期|这一阵)(都|就)?(不要|别|莫|莫要|不用|不消|甭)(再)?(给我)?(发|推送|推|通知|联系|短信|信息|消息)/;
// The old record taken off (取消掉原来的地址, 删掉之前的技能, 去掉我的住址): the new value follows.
const RECORD_REPLACED_RE = /(取消|删掉|删除|删了|去掉|拿掉|撤掉|划掉)(掉)?(我)?(的)?(原来|之前|以前|旧|老|现在|登记)?(的)?(那个)?(地址|住址|地点|位置|住处|地方|技能|工种|手艺)/;
const HOLD_ON_RE = /先(不要|别|莫|不用|不消|莫要|不)(再)?(给我)?(发|推|通知)|暂时(不要|别|莫|不用)(再)?(给我)?(发|推)/;
const EVENT_THEN_RE = /(完|过|后|回来|回家|出院|病好|结束|好了|以后|之后|有空|空了|得空|下个?月|下周|下个?星期|下个?礼拜|明年|月底|年底|年后|过几天|过段时间|过一阵)了?[^,.!?]{0,3}(再说|再发|再联系|再通知|再找|再看|再讲)|再说(吧|嘛|哈|啊|谢谢)*$/;

const COMMAND_LIST_RE =
  /^(请问)?(你们)?(的)?(命令|指令|口令|代码|关键字|关键词)(都)?(有哪些|是哪些|有什么|有啥|有哪样|是什么|是啥)(呢|啊|嘛)?$|^(都|一共)?(有|有些)(哪些|什么|啥|啥子|哪样)(命令|指令|口令|关键字|关键词)(呢|啊|嘛)?$|^(我)?(可以|能)(回|回复|发)(哪些|什么|啥|哪样|啥子)(字|字母|命令|指令)?(呢|啊|嘛)?$/;
const CHANNEL_OK_RE = /(用|发)(短信|信息)(发)?(给我|给他|给她)?(就行|就可以|就好|可以)/;
const SEND_WHAT_FOR_WORK_RE =
  /^(我)?(要|该|应该)?(给你们|跟你们|向你们)?(发|回|回复|打|输入)(个)?(什么|啥|哪样|啥子|哪个)(字|字母|东西)?(给你们|过去|过来)?(才能|才可以|才|就|能|可以)(找|有|收到|接到|找到|报|订)[^,.!?]{0,6}$|^(我)?(想|要)?(找工作|找活路|找活|找事做)(要|该|应该)?(咋个|怎么|怎样|如何|咋)(发|回|回复|弄|报|订)(呢|啊|嘛)?$/;
// 报名了以后怎么弄, 登记完要做什么: what comes after signing up, asked — Round 22.
const AFTER_SIGN_UP_HOW_RE = /(报名|报了名|报名了|报上名|报上|订阅|登记)(了)?(以后|之后|后|完)(了)?(要|该|得|还要|我)?(怎么弄|怎么办|咋个整|咋个弄|咋弄|咋办|干什么|做什么|干哪样|做哪样|怎么做|怎么搞|去哪|去哪里|等什么)/;
const APPLY_HOW_RE =
  /(回复?|发|打|按|输)(什么|啥|哪样|啥子|哪个|几)(字|字母|号|数字|东西)?(过去|过来)?(才(能|可以|得)|才|可以|能|得)?(报名|报上|报|订阅|登记|找活路|找活|找工作|收得到|接得到|找得到|收得着|收到|接收|看岗位|再看|重新看|再看到|再收到|重新收到)|(报名|报)(的话)?(是|就是|要|就)?(发|回|打|回复)(bm|报名)(加|跟|后面加|再加|后头加|带)[^,.!?]{0,4}(号码|编号|号|数字|代码)(是吧|对吧|吗|对不对|是不是|嘛|哦)?|(不是本人|本人不在|别人|替人|帮别人|代人|家里人|亲戚)[^,.!?]{0,6}(能|可以|能不能|可不可以|行不行)(帮)?[^,.!?]{0,3}(报名|报)(吗|不|么|嘛|呢)?|(报名|报了名|报上名|报上)(了|以后|之后|后)?(还)?(要|得|需不需要|要不要|用不用)(去)?(面试|体检|考试|考核|培训|交钱|交费)(吗|不|么|嘛|呢|没)?$/;
// (Round 23: the new work named by its own verb — 我不做烤烟了，现在种花, 不干搬运了 在养猪.)
const REFUSE_THEN_WANT_RE =
  /(^|[\s,.!?])(我)?(不要|不想要|不做|不干|不搞|莫要|不想做|不想干|不弄|(莫|别|不要)(给我)?(记|写|登记|填))(了)?([^,.!?\s]{1,8}?(的)?(活|活路|工作)?(了|啦|咯)?|[^,.!?]{1,12}?(了|啦|咯))[\s,.!?]+(我)?(就|只|还是|现在)?(要|想要|想做|做|干|改做|改成|换成|改|换|搞|开|当|种|养|学|在(做|干|搞|种|养|学)|去(做|干|学))/;
const WANTS_WORK_RE = /(想|要|打算|准备)(在[^,.!?]{1,8})?(找|寻)(个|点|份|一个|一份|些)?[^,.!?]{0,8}(活|活路|工作|事做|事情做|班上)/;
const WHO_CAN_DO_RE =
  /^(请问)?(我们)?(女的|男的|女人|男人|妇女|老人|老年人|年纪大的?|岁数大的?|上了年纪的?|[0-9一二三四五六七八九十]+多?岁(的)?(人)?|残疾人|学生|没文化的?|不识字的?)(人)?(能|可以|会|还能)(做|干|去|找)(哪样|什么|啥|啥子|哪些)(活|工作|事)?(呢|啊|嘛|哦)?$/;
// Advertising and scams sent to the number (加微信领红包, 点击链接): nothing for the service.
// Round 23: a loan or card advert pasted back (惠民贷 低息秒到账 回复1立即申请) — its reply digit is no application.
const SPAM_RE = /加(我)?(微信|vx|wx|qq|v信)|领红包|抢红包|中奖|恭喜(您|你)?(获得|中)|点击链接|https?:|www\.|网贷|贷款|刷单|免费领|低息|秒到账|秒批|秒下款|放款|下款|借款额度|提额|信用卡(办理|额度|申请)|回复?[0-9a-z](立即|马上|即可|立刻)(申请|领取|办理|开通|借款)/;
const STOP_WORD_IN_QUESTION_RE = /td|退订|退定|取消订阅|拒收|(?<![a-z])t(?![a-z恤])|回r(?![a-z])/;
const YES_NO_RE = /(吗|么|呢|不|没|没有|没得|\?)$|多久|多长时间|生效|怎么办|咋个办|咋办|哪个好|哪样好|哪个划算|有没有办法|有什么办法|会不会|需不需要|要不要|是不是|对不对|对吧|是吧|行不行|有用没|有没有用/;
const HYPOTHETICAL_RE = /(如果|要是|万一|假如|假设|到时候)[^,.!?]{0,12}(怎么|咋个|咋|如何|回什么|回哪个|回啥|回哪样|怎么办|咋办|行不行|可以吗|能不能)/;
// A wish to stop said in the text: the question is how to do what the worker asks.
const STOP_WISH_RE =
  /(td|退订)[^,.!?]{0,2}(td|退订)|听不懂|我要(?!问)|我想(?!问|了解|知道|请教)|帮我|给我|请(?!问|教)|麻烦|马上|立刻|赶紧|快点|(不要|别|莫|甭|不用|不消)(再)?(给我)?(发|推)|不想(再)?(收|接|要)|不需要|烦|骚扰|投诉|还(在|是|又)?发|又发|怎么还|^(我)?(现在)?(可以|能|能不能|可不可以)(帮我)?(退订|退|取消|td)|^(退订|取消|td)(吧|可以|行|好了)|^(我)?(回|发)?(td|退订|t)(就)?(可以|行)(了)?(吗|不|吧|嘛)$|(怎么|如何|咋个|咋|怎样)(才能)?(退订|退|取消|td|拒收)/;
function isStopQuestion(compact: string): boolean {
  // (退订不, TD吗: too short to be more than the command itself.)
  if (compact.length > 40 || compact.length <= 4) return false;
  // 要是不想收了回什么: what to do if one wanted to stop, asked ahead.
  if (HYPOTHETICAL_RE.test(compact) && (STOP_WORD_IN_QUESTION_RE.test(compact) || /(如果|要是|万一|假如|假设|到时候)(我)?(不想(再)?(收|接|要)|不要了|不需要)/.test(compact))) return true;
  if (!STOP_WORD_IN_QUESTION_RE.test(compact)) return false;
  // 上次回了T 现在还订着没: one's own state asked (status, read later).
  if (/还订着|还在(名单|系统|订|里|不在)|还(收|接)得到|还能(收|接)到|成功(了)?(没|吗)|(是不是|有没有)(已经|被)/.test(compact)) return false;
  return YES_NO_RE.test(compact) && !STOP_WISH_RE.test(compact);
}
const SLIP_RE = /(回|按|发|点|打|搞|弄)错|乱(按|点|发)|手滑|不小心|误(按|发|点)/;
const LESS_OFTEN_RE =
  /(别|不要|莫|不用|甭)(再)?(给我)?(发|推)(得)?(那么|这么|太|好|恁个|这样)(多|勤|频繁|密)|少(发|推)(点|一点|些|几条|一些)|(一天|每天|一周|每周|一个星期|一星期|一个礼拜|一礼拜)(就)?(发|推)?(个)?(一|两|1|2|一两|几)(条|个|次|回)(就)?(够|行|可以|好|得了)|(发|推)(少|慢)(一)?点|(发|推)(得)?(太|那么|这么)(多|勤|频繁)[^,.!?]{0,3}(少|一天|每天)/;
const OTHERS_REFUSED_RE = /(别的|其他|其它|其余|剩下|别处)(的)?(活|活路|工作|信息|短信|地方|地区|县|厂)?(的)?(就|都|一律)?(莫|不要|别|不用|甭|不消)((再)?(给我)?(发|推)|(了|啦)?$)/;
const SIGN_UP_FOR_WORK_RE = /(以后|今后|往后)(有)?(招工|招人|活|工作)(的|的信息)?(都|就)?(发|推|告诉|通知)(给)?我|找工作|找活|找事|找个活|找份工|有(合适的?)?(活|活路|工作|事做)(了)?(就|的话)?(通知|告诉|喊|叫|联系|发给?|打电话给?)(我|他|她)|登记|订阅/;
// The opt-out line printed at the end of every alert and reminder (拒收请回复R, 回TD退订).
const ALERT_TAIL_RE = /[,.!?\s]*(拒收请回复?\s*r|回复?\s*td\s*退订|退订回复?\s*(td|t))[,.!?\s]*$/;

// The command, a pause (a space, a stop, a filler), then whether it took: 退订好了没 run together
// asks whether a stop worked (status).
// (The separator stays needed: 退订好了没, run together, asks whether a stop worked — status.)
const STOP_THEN_DONE_RE = /(退订|退定|取消订阅|td|退出|拒收)(嗯|啊|哦|呃|那个|[,.!?\s])+(嗯|啊|哦|呃|那个|[,.!?\s])*(这样|这下|这么)?(就|是不是就)?(好了|行了|可以了|成功了|弄好了|搞定了|得了)(吗|没|没有|么|嘛|吧|不|噻)?[?\s]*$/;
// 不要暂停, 不是暂停, 不用暂停了 as a clause of its own, then what the worker asks instead (是, 直接, 就 …).
// (Run together, 不要暂停直接给我取消掉: the word after it that says what instead marks the clause.)
const NOT_PAUSE_BUT_RE = /^\s*(我)?(不是|并不是|不要|不用|别|莫|不想)(要|想|是)?(暂停|暂时停|停一下|停一段时间)(了|啊|哦|哈|噢)?([\s,.!?]+(而是|我是|是|我要|直接|干脆|就)?|(而是|我是|是(?!不|吧|吗|么|嘛)|直接|干脆))/;
const SKILLS_KEPT_RE = /(技能|工种)(不变|不用改|不改|照旧|一样|还是一样|没变|不动)/g;

export function classifyByRules(c: Clues): Verdict | null {
  const { reading, compact, core } = c;
  if (isConfirmation(compact) || /^(qr|queren|queding|qrqr)$/.test(compact)) return rule('confirm');
  // Round 27 (reader-kinds-27.ts): 移除, 我是暂停了还是退订了, 我的报名过了没有, 不是我 发错人了, emo了 不想上班,
  // 莫发了 等我回来, 别按个旧推了 我住建水 — before any rule reads a stop, a sign-up or an application in them.
  // Round 30 (reader-kinds-30.ts): 如果还发 我就投诉, 不要往这个号上发, 以前那边的活不要发了, 这个岗位莫通知我了 …
  // Round 34 (reader-kinds-34.ts): 邻居叫我问一下 她不想收了要咋个弄, 叫我退订 我偏不, 千万别把我退了, 谁说我不退订了 我就是要退 …
  // Round 37 (reader-kinds-37.ts): 不给我退订我就去投诉, 帮我爹退一下, 取了吧, 这是我外公生前的号, 我妈不识字 我帮她看 …
  const kind37 = readKinds37(c);
  if (kind37) return rule(kind37.intent, kind37.unclear ?? false);
  // Round 36 (reader-kinds-36.ts): 停发工资半年了, 逃生门锁起了, 报名要本人到场吗, 我爹说报3310, 2210报了五天了, 我不想退订 我还要收 …
  const kind36 = readKinds36(c);
  if (kind36) return rule(kind36.intent);
  const kind34 = readKinds34(c);
  if (kind34) return rule(kind34.intent, kind34.unclear ?? false);
  const kind30 = readKinds30(c);
  if (kind30) return rule(kind30);
  // Round 32 (reader-kinds-32.ts): 老板把我拉黑了, 我老婆说不要发了 但我还要, 怎么不给我发了, 你们这些招工的用不着了 …
  const kind32 = readKinds32(c);
  if (kind32) return rule(kind32.intent, kind32.unclear ?? false);
  const kind29 = readKinds29(c); // Round 29 (reader-kinds-29.ts): 再发报警了, 十月份以前不要发, 查下我的报名, 身份证被收了 …
  if (kind29) return rule(kind29);
  const kind31 = readKinds31(c); // Round 31 (reader-kinds-31.ts): 除了服装厂 别的还有哪样, 那个绣花的算我一个, 1003收我了没, 不退了 …
  if (kind31) return rule(kind31);
  const kind27 = readKinds27(c);
  if (kind27) return rule(kind27.intent, kind27.unclear ?? false);
  // 有没得采茶的 临时的也可以: terms accepted after a question; the question before them is the request.
  const accepted = acceptedTermsAt(reading);
  if (accepted !== null) {
    const restReading = reading.slice(0, accepted);
    const restCompact = restReading.replace(/[\s\p{P}\p{S}]/gu, '');
    const asked = restCompact.length >= 3 ? classifyByRules({ ...c, reading: restReading, compact: restCompact, core: stripFillers(restCompact) }) : null;
    if (asked?.intent === 'list_jobs') return asked;
  }
  // 就是那个取消订阅 嗯好了吗, 退订 可以了吧: the stop asked for, and whether that did it — a stop
  // (the conversation's answer says it is done); 退订了 好了没, 我是不是退订了 ask about one already sent.
  if (STOP_THEN_DONE_RE.test(reading) && !/是不是|已经|有没有|是否|谁|哪个|之前|上次|昨天|前天|不想|不要退|别退/.test(reading.replace(STOP_THEN_DONE_RE, ''))) return rule('unsubscribe');
  // 回BM1024报名，拒收请回复R: an alert's tail pasted back with its apply line — the worker
  // applies; the alert's own opt-out line is not theirs.
  if (/回复?bm[0-9]{3,6}报名/.test(compact) && ALERT_TAIL_RE.test(reading)) {
    const rest = reading.replace(ALERT_TAIL_RE, ' ');
    const restCompact = compact.replace(ALERT_TAIL_RE, '');
    if (restCompact !== '') return classifyByRules({ ...c, reading: rest, compact: restCompact, core: stripFillers(restCompact) });
  }
  if (SPAM_RE.test(compact) && !/td|退订|拒收|取消|报名|bm|订阅|岗位|不要|别发|莫发/.test(compact)) return rule('unknown');
  // Round 16f (reader-scope.ts): gambling spam, a phone's auto-reply, calls refused and texts preferred, the
  // worker going to look for themselves — nothing asked of us, whatever work words they hold.
  if (!c.code && isAside(compact) && !/td|退订|拒收|取消|报名|bm|订阅|不要发|别发|莫发|(不要|别|莫)(再)?(给我)?推/.test(compact)) return rule('unknown');
  // Round 16f: a skill corrected (改一下 我不会开车 填错了) or refused for the body (不要搬运 腰不好). The skill
  // said not to be had is read as no skill and no mention, so the refused words are looked up here.
  const notHad = /(不会|不做|不干|不是)([^,.!?]{1,6})/.exec(compact);
  if (!c.code && !c.hasPlace && notHad && findSkills(notHad[2] as string).length > 0 && /填错|写错|搞错|弄错|记错|登记错/.test(compact) && !/td|退订|短信|信息|地址|住址|(别|莫|不要|不用)(再)?(给我)?(发|推)/.test(compact) && !SOFT_STOP_RE.test(compact)) return rule('update_skills');
  const refusedForBody = /^(不要|不做|不干|不想做|做不了|干不了)([^,.!?]{1,6}?)(了)?(腰|腿|脚|眼睛|身体|手|背|颈椎)(杆)?(不好|疼|痛|受伤|伤了|不行|不得行|遭不住)(了)?$/.exec(compact);
  if (!c.code && refusedForBody && findSkills(refusedForBody[2] as string).length > 0 && !/发|推|短信|信息/.test(refusedForBody[2] as string)) return rule('update_skills');
  // Round 16 (reader-scope.ts): a question about one's own subscription (我的订阅停了没有, 我暂停了还是
  // 没暂停), an application changed (1035那个不报了 改报1036) and 取消 of a skill, an application or a
  // shift (技能 取消 养殖, 报的BM2041不去了 取消一下) — before any rule reads them as a stop or a pause.
  if (isOwnSubscriptionQuestion(compact)) return rule('status');
  // Round 22: what became of one's own application (我报的那个咋样了, 报的那个成了没有): status.
  if (isOwnApplicationQuestion(compact) || isOwnRecordQuestion(compact)) return rule('status');
  // 报名 7012 别打电话 发短信就行 (Round 23): an application with how to be told — by text, not a call; the
  // 别 of the call is no refusal of what we send.
  if (c.code && /报名|报|申请|bm/.test(compact) && CONTACT_BY_TEXT_RE.test(compact) && !/td|退订|取消|拒收|删|(不要|别|莫|不用)(再)?(给我)?(发|推)/.test(compact.replace(CONTACT_BY_TEXT_RE, '|'))) return rule('apply');
  // 不是我报的名 怎么有人给我打电话, 我没报名 为什么老是有人打电话给我 (Round 22): an application denied and
  // the calls it brought asked about — someone else used the number; nothing to look up or apply to.
  if (!c.code && /^(这个|那个)?(名)?(不是我|不是本人|我没|我没有|我从来没|我从没)(自己)?(报|报名|申请|报过名|报过)(的|过)?(名)?(的)?(啊|哦)?(怎么|为什么|为啥|咋个|咋)(还|老是|总是|一直)?(有人|有个人|人家|老板|厂里)(给我|跟我)?(打电话|来电话|打来电话|打过来|联系我|找我)(给我)?(了)?(呢|啊|哦)?$/.test(compact)) return rule('unknown');
  // 发什么给你们才能找活, 给你们发什么才有活路, 找工作咋个发 (Round 22): what to send to get work — how the service
  // is used (help), not work asked for.
  if (!c.code && SEND_WHAT_FOR_WORK_RE.test(compact) && !/td|退订|不要|别|莫|停/.test(compact)) return rule('help');
  // 停一下 我先问问我老公, 等一下 我商量一下 (Round 22): "wait", and someone to ask or a thought first — no pause.
  if (/^(停一下|停下|等一下|等下|等等|稍等|等会|等一会|等一哈|等哈)(儿)?(我)?(先)?(去)?(问问|问一下|问下|商量|考虑|想想|想一下|看看|核实|了解一下)[^,.!?]{0,8}$/.test(compact) && !/发|推|通知|短信|信息|退|td|暂停/.test(compact)) return rule('unknown');
  if (applicationChanged(c)) return rule('apply');
  // Round 26 (reader-kinds-26.ts): 有活路通知一声, 我找活 哪里有, 2041那个有消息没得, 我暂停到哪天了, 上回叫你们停一下 现在又要了 …
  // Round 28 (reader-kinds-28.ts): 没活就别发了, 不是缝纫的活就别发了 (a refusal limited by a condition on the
  // alert: no stop), and 终止, 中止订阅 (a stop, before 中止订阅 is read as a sign-up for its 订阅).
  const early28 = readEarly28(c);
  if (early28) return rule(early28);
  const early26 = readEarly26(c);
  if (early26) return early26 === 'unclear_stop' ? rule('unsubscribe', true) : rule(early26);
  // 我报的那个厂到底要不要我嘛 你们帮我问一下 (Round 26): the application's fate asked, and "ask them for me" after it.
  const beforeAskForMe = withoutAskForMe(compact);
  if (beforeAskForMe && (isOwnApplicationQuestion(beforeAskForMe) || isFateAskedForMe(compact))) return rule('status');
  // Round 16e (reader-phrasings.ts): 收到收到, 医保今年交多少钱, 别催了 明天就去面试, 过完年哪些厂开工要人,
  // 又有空了 继续给我发, 想找个在家门口的厂 我在芷村, I can do packing … send jobs, byfl.
  // 出去打两个月工 回来接着发: going on once an event to come is over — a pause (reader-pause.ts, Round 22b).
  // 这是我儿子的手机 他不在家 等他回来再回你们, 我女儿不在家，等她回来再说 (Round 25): someone else's phone, its
  // owner away, and the answer put off until they are back — no request of ours to read (unknown); with the
  // sending itself put off until then (等他回来再发, 先别发), a pause. A stop said (别发了, 退订) stays a stop.
  const ownerAway = OWNER_AWAY_RE.test(compact) && OWNER_BACK_LATER_RE.test(compact) && !/td|退订|拒收|取消|删|注销|拉黑|(不要|别|莫|不用|甭)(再)?(给[我他她])?(发|推)(?![^,.!?]{0,6}(回来|回家|到家))/.test(compact);
  if (ownerAway) return rule(/(再|才)(给[他她我])?(发|推|通知)|先(别|不要|莫|不用)|暂停/.test(compact) ? 'pause' : 'unknown');
  if (GO_ON_AFTER_EVENT_RE.test(compact) && !/td|退订|拒收|取消|删|注销|(不要|别|莫|不用)(再)?(给我)?(接着|继续)?(发|推)/.test(compact)) return rule('pause');
  const phrased = readPhrasing(c);
  if (phrased) return rule(phrased.intent, phrased.unclear ?? false);
  const cancelled = scopedCancel(c);
  if (cancelled) return cancelled === 'unclear' ? rule('unsubscribe', true) : rule(cancelled);
  // 暂停 摘完杨梅再恢复, 先暂停 收完烤烟再发: a pause asked first, with when it ends — a pause, whatever
  // the work that ends it (the resume word names the end, not a wish to resume now).
  if (/^(先|请|麻烦)?(暂停|暂时停|停一下|zt)[\s,]*[^,.!?]{1,12}(完|好|过|后|以后|之后|回来)[^,.!?]{0,6}再(恢复|发|开|通知|推)/.test(compact) && !/td|退订|拒收|删|不要|别|莫/.test(compact)) return rule('pause');
  // 不要暂停 直接给我取消掉, 不是暂停 是换地方 我去虹溪了: the pause refused as the wrong word, and what
  // is asked instead said after it — a stop or a change the rest names decides (Round 22b); 不用暂停了 alone
  // resumes, below.
  const notPause = NOT_PAUSE_BUT_RE.exec(reading);
  if (notPause) {
    const restReading = reading.slice(notPause[0].length);
    const restCompact = restReading.replace(/[\s\p{P}\p{S}]/gu, '');
    const other = restCompact.length >= 2 ? classifyByRules({ ...c, reading: restReading, compact: restCompact, core: stripFillers(restCompact) }) : null;
    // (别暂停了 我又要找活路: work wanted again after a pause refused is the resume it says, below; after 不是暂停,
    // a correction, the sign-up said is the request.)
    if (other && (['unsubscribe', 'update_place', 'update_skills'].includes(other.intent) || (other.intent === 'subscribe' && /不是/.test(notPause[2] ?? '')))) return other;
  }
  // 不用暂停了, 暂停取消: the pause taken back (whatever pause words come first), not a pause.
  if (/(取消|结束|解除|不用|不要|别|莫)(再)?暂停|暂停(取消|结束|解除)(了|吧|掉)?$/.test(compact) && !/td|退订|拒收|删|不要发|别发|莫发/.test(compact)) return rule('resume');
  // 之前停掉的 帮我打开, 暂停的那个 现在给我开起: what was stopped, opened again — a resume (帮我打开
  // alone asks the same; a bare 打开 is read by RESUME_RE).
  if (/^(请|麻烦)?(你们)?(帮我|给我|帮忙|帮我们)(重新)?(打开|开起|开开|开通|开启)(吧|嘛|了|啊|哈|一下)*$|(停掉|停了|暂停|关掉|关了|停)的[^,.!?]{0,8}(打开|开起|开开|开通|开启|恢复|开一下|开了吧|开起来)/.test(compact) && !/td|退订|拒收|删|不要|别|莫/.test(compact)) return rule('resume');
  // 🚫, ⛔⛔, 🙅: a stop sign alone (with skin tones, joiners and variation selectors) is a stop.
  if (STOP_EMOJI_ONLY_RE.test(c.normalized) && /[🚫⛔❌🙅🛑✋]/u.test(c.normalized)) return rule('unsubscribe');
  // 烟叶收完了 又可以做活了 你们再发嘛: the event is over and the sending asked to go on.
  if (EVENT_OVER_RESUME_RE.test(reading) && !/td|退订|拒收|删|(不要|别|莫)(再)?(给我)?(发|推)|(?<![完过])等|到时候/.test(compact)) return rule('resume');
  // 莫发了，等我秋收完再发: don't send until an event is over — a pause, not a stop.
  // (等哈回来再说, 等一下回家再聊: a moment, not an event — later today, read below.)
  if (PAUSE_UNTIL_EVENT_RE.test(compact) && !/td|退订|永久|永远|再也|以后都|以后也(?:不|别|莫)|删/.test(compact) && !/^(等哈|等一哈|等一下|等下|等会|等一会)(儿)?(回来|到家|回家|下班|收工)?再(说|聊|讲|回)/.test(compact)) return rule('pause');
  // 先别发 栽秧忙完再说, 先不要发 等出院了再说: "not now" and when to take it up again — a pause,
  // and the work or the place in the event (栽秧, 照顾老人) is no skill asked for.
  if (HOLD_ON_RE.test(compact) && EVENT_THEN_RE.test(compact) && !/td|退订|永久|永远|再也|以后都|以后也(?:不|别|莫)|删/.test(compact)) return rule('pause');
  // 不要发了 等我过完年再说, 别发了，出院了再发: a refusal and when to take it up again — a pause
  // (recall first: not with a stop word, permanence or a reason that lasts).
  if (SOFT_STOP_RE.test(compact) && EVENT_AGAIN_RE.test(compact) && !/td|退订|拒收|取消|删|注销|拉黑|永久|永远|再也|以后都|以后也(?:不|别|莫)|从今|今后|不(找|干|做|打)(工作|活|工)?了/.test(compact) && !FOUND_WORK_RE.test(compact) && !THREAT_RE.test(compact) && !compact.replace(AWAY_FOR_GOOD_RE, '|').includes('|')) return rule('pause');
  // 休息一段时间 暂时不要通知, 这阵子莫发短信: "not for a while" (暂时, 先, 这段时间, 一阵子 …) before
  // the refusal is a pause, whatever the refusal's words (不要通知, 不要短信 alone are stops);
  // permanence (以后都, 永远, 再也) and the stop words keep it a stop, and a kind refused after it
  // (先不要发夜班的) narrows what is sent.
  const holdOff = HOLD_OFF_RE.exec(compact);
  if (holdOff && !/td|退订|拒收|删|注销|拉黑|永久|永远|再也|以后都|以后也(?:不|别|莫)|从今|今后|取消订阅|不(找|干|做|打)(工作|活|工)?了/.test(compact) && !FOUND_WORK_RE.test(compact) && !compact.replace(AWAY_FOR_GOOD_RE, '|').includes('|') && !/^[^,.!?\s]{1,8}的/.test(compact.slice(holdOff.index + holdOff[0].length))) return rule('pause');
  // 取消掉原来的地址 我现在住建水, 删掉之前的技能 改成保洁: the old record taken off with the new value
  // said — a change, not a stop (取消 alone, 取消订阅, 取消全部 stay stops).
  const replaced = RECORD_REPLACED_RE.exec(compact);
  if (replaced && !/td|退订|拒收|订阅|短信|信息|消息|推送|通知|全部|号码/.test(compact)) {
    const after = compact.slice(replaced.index + replaced[0].length);
    if (/地址|住址|地点|位置|住处|地方/.test(replaced[0]) && c.placesIn?.(after)) return rule('update_place');
    if (/技能|工种|手艺/.test(replaced[0]) && c.mentions.some((m) => after.includes(c.reading.slice(m.start, m.end).replace(/[\s\p{P}\p{S}]/gu, '')))) return rule('update_skills');
  }
  // 这个信息不对, 资料有误: details said to be wrong, with nothing asked (never a stop).
  if (/^(这个|这条|你们的|你们发的|发的|我的|确认)?(信息|资料|内容)(写|填|发)?(的)?(不对|有误|错了|有错|不准|不准确)(吧|啊|哦|嘛|呢|了)?$/.test(compact)) return rule('unknown');
  // 不要扣钱, 别乱扣我话费: a condition on charges, said and not asked (收费吗 asks: help) — nothing to
  // act on, and no stop (谢谢 after it had made it one).
  if (/^(请|你们)?(不要|别|莫|不准|不许|不能)(乱|随便)?(扣|收)(我|我的)?(钱|话费|费用?)(了|啊|哦)?$/.test(compact)) return rule('unknown');
  // 有没有人接电话, 电话有人接没得: whether a person answers the service's phone — help (the short
  // help gives the number); 老板不接电话 is about an employer.
  if (/^(请问)?(你们)?(这边|那边|这里|那里)?(有没有|有没得|有不有|有)(个)?人(接|听|回)(电话)?(吗|没|没有|没得|不|么|嘛)?$|^(你们的?)?电话(有人|有没有人|有没得人)(接|听)(吗|没|没有|没得|不|么)?$/.test(compact)) return rule('help');
  // 你们办公室在哪里 我想当面问问: where to ask in person — help (the office asked alone stays unknown).
  if (/(你们|你)(的)?(办公室|单位|公司|服务站|办事处|站点)[^,.!?]{0,2}(在|是)?(哪|哪里|哪点|哪儿|什么地方|哪个地方)/.test(compact) && /当面|过去问|来问|去问|上门|咨询|问问|问一下|找你们|办一下|去办/.test(compact) && !c.code) return rule('help');
  // 找人工, 转客服: a person to explain the service (not 找人, looking for workers).
  if (/^(我)?(要|想)?(找|转|接|转接)(人工|客服|真人)(服务)?$/.test(compact)) return rule('help');
  // A question about TD, or a TD sent by mistake: never an opt-out, whatever else it holds,
  // unless the rest of the text asks to stop in its own words.
  const question = OPT_OUT_QUESTION_RE.exec(compact);
  // 我怕按错了 fears a mistake; it does not report one.
  const mistake = OPT_OUT_MISTAKE_RE.test(compact) && !/(怕|担心|不敢|万一|以免|如果|要是|假如)[^,.!?]{0,4}(按|发|点|打)错|(万一|如果|要是|假如)[^,.!?]{0,3}(不小心|手滑)|(叫|让|喊|要)我[^,.!?]{0,2}(退订|退定|td)/.test(compact);
  // (Issue #14: any stop told as past, 之前说了不要发 上次说莫发, and the wish to come back, 现在又想要了 想再收
  // — unless a stop follows the wish: reader-false-stops.ts.)
  if (((PAST_OPT_OUT_RE.test(compact) && TAKEN_BACK_RE.test(compact) && !/(我要|帮我|给我|请|再说一遍)(退订|取消)|(还|怎么)(在|又)发|还发/.test(compact)) || pastStopTakenBack(compact)) && stopStands(compact, TAKEN_BACK_RE) !== 'stop') {
    if (stopStands(compact, TAKEN_BACK_RE) === 'pause') return rule('pause');
    // 刚才那个TD是娃娃乱按的 不算: a TD sent by a slip is undone by signing up again (the worker
    // is out after it); 开玩笑的, 我还要收 ask for the alerts to go on.
    if (/乱按|乱点|按错|点错|手滑|不小心|误按|误发|娃娃|孙子|孙女|小孩/.test(compact) && !/收|恢复|继续|照常|接着/.test(compact)) return rule('subscribe');
    return rule(/收|发|恢复|继续|玩笑|不算|发错|撤回/.test(compact) ? 'resume' : 'subscribe');
  }
  if (question || mistake) {
    const rest = question ? compact.slice(0, question.index) + '|' + compact.slice(question.index + question[0].length) : compact;
    const restClues = { ...c, compact: rest, core: stripFillers(rest.replace('|', '')) };
    const asksToo = /(我要|我想|帮我|给我|请|麻烦|马上|现在就|直接|那就|那我)(退订|退定|td|取消|退出|拒收)|(不要|别|莫)再?(给我)?发/.test(rest) && !/不想退|不要退|别退|只是问|问问/.test(rest);
    // 我要拒收 是回R吗: the wish to stop said before the question about the key.
    if (question && /(我要|我想|帮我|给我|请|麻烦你?|就)$/.test(compact.slice(0, question.index)) && /^(退订|退定|拒收|取消订阅|td)/.test(question[0]) && !/不想|不要退|别退|只是问|问问/.test(compact)) return rule('unsubscribe');
    // 孙子乱按的 我要退订: the worker asks in their own words, whatever the grandson did.
    if ((!mistake || !/不是|没有?(要|想)|没说|不算/.test(compact)) && asksToo && isOptOut(restClues)) return rule('unsubscribe');
    // TD是我手滑按的: the worker wants to stay; after a TD they are out, so the reading is a
    // subscription (a resume needs a pause to end), unless they ask to go on receiving.
    if (mistake || NEGATED_OPT_OUT_RE.test(compact)) return rule(/还要|继续|接着|要收|还想|想收|照常|不要停|别停/.test(compact) ? 'resume' : mistake ? 'subscribe' : 'help');
    // TD是退订对吧 我不要退 我是想问最近怎么没有缝纫的活了: the question about TD is an aside;
    // what the rest asks (work, one's state, a change) is the request.
    // 拒收是不是就收不到招工信息了: the words after the question go on asking it.
    const goesOn = question !== null && /^(就|以后|之后|后|了|会|还|都|再|也)/.test(compact.slice(question.index + question[0].length));
    if (question && !mistake && !goesOn) {
      const asked = rest.replace(/(不|不要|不想|别|莫|没)(要|想)?(退订|退出|退)/g, '|').replace(/^\|+|\|+$/g, '');
      if (asked.replace(/\|/g, '').length >= 6 && !/取消|退|停|删/.test(asked)) {
        const other = classifyByRules({ ...c, compact: asked, reading: asked, core: stripFillers(asked.replace(/\|/g, '')) });
        if (other && ['list_jobs', 'status', 'update_place', 'update_skills', 'pause'].includes(other.intent)) return other;
      }
    }
    return rule('help');
  }
  // 怎么还在发 我不是退订了吗: a stop the worker believes was done, and the texts still come.
  if (/(不是|没)(已经)?(退订|退了|取消了|回了td|回过td|发了td|发过td)(了|过)?(吗|嘛|么|的嘛)/.test(compact) && /还(在|是|又)?(发|收到|有)|又(发|来)|怎么还/.test(compact)) return rule('unsubscribe');
  if (OPT_OUT_STATUS_RE.test(compact) && !/(?<!谁|哪个|哪位)(我要|帮我|给我|请)(退订|取消)/.test(compact)) return rule('status');
  // 我现在是暂停的吗, 我是不是没有订阅成功: a question about one's own state.
  if (OWN_PAUSE_OR_SUBSCRIPTION_QUESTION_RE.test(compact)) return rule('status');
  // 不知道回啥: the worker does not know what to send.
  if (/(不知道|不晓得|不懂|搞不清)(该|应该|要)?(回|发|回复|打)(啥|什么|哪样|啥子|哪个)/.test(compact) && !c.code) return rule('help');
  // 确认报名 with no code: the worker confirms what a dialog asked.
  if (/^(我)?(确认|确定)(报名|申请)(了|吧|啊)?$/.test(compact)) return rule('confirm');
  // 不用押金的厂有吗: openings without a deposit asked for, not a question about fees.
  if (NO_FEE_JOBS_RE.test(compact)) return rule('list_jobs');
  // 查询岗位, 查下工作: a look at the openings, not at one's own record.
  // 查工作 个旧, 查询 保洁: a look at the openings for a place or a kind (查询 alone, 查询报名 and 查询状态
  // stay one's own record).
  const lookUp = /^(查询?|查看|查一下|查下)(岗位|工作|活路|招工|职位)?(信息)?(.+)$/.exec(compact.replace(/\s/g, ''));
  if (lookUp && !c.code && (c.skills.length > 0 || c.hasPlace) && !/报名|订阅|状态|登记|我|结果|进度|资料|地址|技能|申请|记录/.test(lookUp[4] ?? '')) return rule('list_jobs');
  if (/^(查询?|查看|查一下|查下|看看)(岗位|工作|活路|招工|职位)(信息)?$|^(岗位|工作|活路|招工|职位)(信息)?(查询?|查看|查一下|查下)$/.test(compact)) return rule('list_jobs');
  // 有哪些岗位可以报名, 有什么活能去: which openings there are to apply to — a list (no code, nothing
  // to apply to yet).
  if (!c.code && /^(请问)?(现在|最近|你们|这边|今天)?(还)?(有)(哪些|什么|啥|哪样|啥子|哪几个)(岗位|活|活路|工作|厂|事做)(可以|能|能够)(报名|报|去|做|干)(的)?(呢|啊|吗|嘛|哦)?$/.test(compact)) return rule('list_jobs');
  // 找事情做 附近的: work asked for near here, no kind and no place named — a list, as 找工作 alone is.
  if (!c.code && c.skills.length === 0 && !c.hasPlace && /^(我)?(想|要)?(找|寻)(个|点)?(事情做|事做|活做|活干|活|活路|工作|事情|事干)(在)?(附近|近点|近处|家门口|旁边|离家近)(的|点的)?(有没有|有吗)?$/.test(compact)) return rule('list_jobs');
  // 乡里的就业服务站在哪点: where to be helped in person (a public employment office) — help.
  // (你们的服务站在哪里 asks where the service itself sits: unknown, below.)
  if (/(就业服务站|就业站|人社所|人社局|劳动保障所|就业局|就业服务中心|(乡|镇|县|村|街道)(里|上|头)?的?服务站)[^,.!?]{0,2}(在|是)?(哪|哪里|哪点|哪儿|什么地方|哪个地方|电话)/.test(compact) && !c.code) return rule('help');
  // youshenmegongzuo: a question for work in pinyin run together.
  if (/^(jintian|今天|mingtian|明天|zuijin|最近|xianzai|现在|fujin|附近|zhebian|这边)?(hai)?(you|yo)(shenme|sha|shamo|meiyou|meide|mei)(gongzuo|工作|huolu|活路|huo|活|gangwei|岗位|shi)(zuo|做|a|ma|me|吗)?$/.test(compact)) return rule('list_jobs');
  // 帮我退掉1024的报名, 报名了 不想去了 怎么取消: an application taken back (declining a job) —
  // not the messages, and no application either.
  if (/(退掉|退了|取消|撤销|撤回|撤掉)(那个|这个|我的|我)?[^,.!?]{0,8}?的(报名|申请)|(报了名|报名了|报的名|报了)[^,.!?]{0,8}(不想去|不去了|去不了|去不成)[^,.!?]{0,6}(怎么|咋个|咋|如何)?(取消|退|撤)/.test(compact) && !/td|退订|短信|信息|消息|推送|不要发|别发|莫发/.test(compact)) return rule('unknown');
  // 没收到就算了 不要紧: never mind, said of something missed — nothing asked.
  if (/(不要紧|没关系|不碍事|莫得事|没得事|没事)(的|哈|啊|嘛|哦)?$/.test(compact) && /没收到|没看到|没看见|算了|错过/.test(compact) && !/td|退|删|不要发|别发|莫发|不收|不想收|拒|不要了/.test(compact)) return rule('unknown');
  // 报名3051 不去1003了, 我想去2017 别的不要: the code applied for, and another (or every other) declined after it.
  if (c.code !== null && /(报|bm|报名|要|去|克|想去|要去)$/.test(compact.slice(0, compact.indexOf(c.code))) && /^(号)?(那个|这个)?[^0-9]{0,2}((不去|不报|不要|取消)[0-9]{3,6}|[0-9]{3,6}(不去|不报|不要|算了)|(别的|其他|其它|其余)(的)?(都|就)?(不要|不去|不报|不考虑)(了)?$)/.test(compact.slice(compact.indexOf(c.code) + c.code.length))) return rule('apply');
  // 1023不去了 报1031: one code declined and another applied for after it (findCode keeps the second).
  if (c.code !== null && /(报|bm|报名|换成|改报|换|要|去)$/.test(compact.slice(0, compact.indexOf(c.code))) && /[0-9]{3,6}[^0-9]{0,3}(不去|不报|不要|不干|算了)|(取消|不报|不去|不要)[0-9]{3,6}/.test(compact.slice(0, compact.indexOf(c.code)))) return rule('apply');
  // 我报了1024 有消息没得, 不晓得报名成功没有 1046: what became of an application, its code named.
  if (c.code !== null && (APPLICATION_RESULT_RE.test(compact.replace(c.code, '|')) || /^(号|的)?(成功|通过|录上|选上|报上|有消息|有回音|有结果|怎么样)(了)?(没有|没得|没|吗|么|不)?$/.test(compact.slice(compact.indexOf(c.code) + c.code.length)) && /^(bm|报名|报)?$/.test(compact.slice(0, compact.indexOf(c.code))))) return rule('status');
  // 1152我克做得 咋个报: the code, and how to apply to it asked — applying (the conversation tells how).
  if (c.code !== null && /(咋个|怎么|咋|如何|怎样)(才能|能)?(报|报名|去报|报上)(名)?(呢|啊|嘛|哦)?$/.test(compact) && !/[没别莫]|不(去|报|要|想)|取消/.test(compact)) return rule('apply');
  // 我年纪大了还能报吗 6108 我想试试: the code and a wish to apply after it.
  if (c.code !== null && /(想试试|试一下|试一试|试试看|我要报|我想报|想去|我要去)/.test(compact.slice(compact.indexOf(c.code) + c.code.length))) return rule('apply');
  // 报1003那个缝纫的, 我要克2017那个包装厂 (克 is 去 in Honghe speech): an apply verb right before
  // the code and the opening described after it — applying, not a sign-up for the kind named.
  if (c.code !== null && /(报|报名|bm|克|去|要去|要克|想去|想克)(号|编号)?$/.test(compact.slice(0, compact.indexOf(c.code))) && /^(号)?(那个|这个|那家|这家|的)?[^,.!?]{0,10}$/.test(compact.slice(compact.indexOf(c.code) + c.code.length)) && !/[没不别莫]|过|取消|什么时候|啥时候|怎么样|结果|吗|么|呢|\?|多少|哪/.test(compact) && !isOptOut(c)) return rule('apply');
  // 我想去那个缝纫厂 BM1031: the apply command and its code, whatever words come before; not a
  // question about it (BM1024 怎么没反应) or a refusal (BM1024不去了).
  if (c.code !== null && /(bm|报名|baoming)$/.test(compact.slice(0, compact.indexOf(c.code))) && !isOptOut(c) && !/[没不别莫]|取消|什么时候|啥时候|怎么样|结果|吗|么|呢|\?|多少|哪/.test(compact)) return rule('apply');
  // 我老公报 BM6051 他在地里回不了短信 (Round 16d): a relative applied for, with why they cannot text
  // themselves after — the 不 of 回不了 refuses nothing; a refusal or a question about the application does.
  if (c.code !== null && RELATIVE_APPLIES_RE.test(compact.slice(0, compact.indexOf(c.code))) && !isOptOut(c) && !/不去|不报|不要|不想|不干|取消|算了|什么时候|啥时候|怎么样|结果|吗|么|呢|\?|多少|没人|没有人/.test(compact)) return rule('apply');
  // 我想做那个7720的缝纫工, 想干那个3105的保安: the wish to work that opening, its code, then what it is (the
  // kind named after the code is the opening's, no sign-up; Round 22b).
  if (c.code !== null && /(想|要|我)(去)?(做|干|上)(那个|这个|那家|这家)$/.test(compact.slice(0, compact.indexOf(c.code))) && /^(号)?(的|那个)?[^,.!?0-9]{0,6}(工|活|厂|岗位|工作|的)?(吧|啊|嘛|哈)?$/.test(compact.slice(compact.indexOf(c.code) + c.code.length)) && !/[没别莫]|不(去|报|要|想|做|干)|取消|什么时候|啥时候|怎么样|结果|吗|么|呢|\?|多少|哪/.test(compact) && !isOptOut(c)) return rule('apply');
  // 我想做那个装配的 编号2290, 我要去 编号3105: the wish to work, then the opening's number after 编号
  // — applying to it (the kind described before the number is the opening's); 我想去那个编号2715的厂上班:
  // the opening named after the number, and working there.
  if (c.code !== null && /(编号|号码|代码|岗位号|编码)(是)?$/.test(compact.slice(0, compact.indexOf(c.code))) && /(我想|我要|想去|要去|想做|要做|想干|要干|想报|要报|我去|克)/.test(compact.slice(0, compact.indexOf(c.code))) && /^(号)?(的|那个|这个)?((厂|那个厂|这个厂|活|岗位|工作|地方)(上班|做工|打工|干活|做活|做|干)?)?(吧|啊|嘛|哈|谢谢)*$/.test(compact.slice(compact.indexOf(c.code) + c.code.length)) && !/[没不别莫]|取消/.test(compact) && !isOptOut(c)) return rule('apply');
  // BM2087 包住吗, 报名1024 工资咋个算: the apply command, and a question about the opening
  // beside it (the conversation applies and the answer comes with the opening's details).
  if (c.code !== null && /(bm|报名|baoming)$/.test(compact.slice(0, compact.indexOf(c.code))) && JOB_DETAIL_RE.test(compact.slice(compact.indexOf(c.code) + c.code.length)) && !/取消|不去|不报|没人|没有人|怎么没|结果/.test(compact)) return rule('apply');
  // 1024那个是做哪样的, 1024是哪个厂的, 那个厂是做什么的: what an opening or its employer is — a
  // detail, answered apart.
  if (c.code !== null && /^(号)?(那个|这个|的)?(岗位|活|厂|工作)?(是)?((做|干|搞)(哪样|什么|啥|啥子|哪些)(的|活|工作|东西)?|(哪个|哪家|什么|哪样)(厂|公司|单位|老板|地方)(的)?)(啊|呀|哦|嘛|呢)?$/.test(compact.replace(c.code, ''))) return rule('unknown');
  if (/^(那个|这个|那家|这家)(厂|公司|单位|基地|老板)(子)?(是)?(做|干|搞|生产)(什么|哪样|啥|啥子)(的)?(啊|呀|哦|嘛|呢)?$/.test(compact)) return rule('unknown');
  // 你们办公室在哪点: where the service itself is, not an opening.
  if (/(你们|你)(的)?(办公室|单位|公司|服务站|办事处|站点)[^,.!?]{0,2}(在|是)?(哪|哪里|哪点|哪儿|什么地方|哪个地方)/.test(compact) && !c.code) return rule('unknown');
  // 回村了 在逢春岭, 我们寨子归勐拉管, 位置 雨过铺: the place alone, without a skill, changes.
  if (c.hasPlace && c.skills.length === 0 && !c.code && (PLACE_STATED_RE.test(compact) || BACK_HOME_AT_RE.test(compact)) && !/吗|么|哪|呢|\?|有没有|有没得/.test(compact)) return rule('update_place');
  // 停电了 没看到 再发一次岗位: a request to send the list again, whatever else the text says.
  if (THREAT_RE.test(compact)) return rule('unsubscribe');
  // 开始吧 重新推活路给我, 可以开始了 继续发: "start" said as a command, then the sending asked for — the
  // alerts start again (a resume), not the list sent once (Round 22b).
  if (/^(那就|好的?|可以|现在)?(重新|又|再)?开始(吧|嘛|啦|啊|了)+/.test(compact) && /发|推/.test(compact) && !c.code && !/td|退订|拒收|取消|删|(不|别|莫|甭|勿)(要|用)?(再)?(给我)?(发|推)/.test(compact)) return rule('resume');
  if (RESEND_RE.test(compact) && !/(不|别|莫|甭|勿)(要|用|消|消得|必|需要)?(再)?(给我)?(重新)?(发|推)/.test(compact) && !PAUSE_LATER_RE.test(compact) && !isOptOut(c)) return rule('list_jobs');
  // 这周不发, 今天别推: a time and a bare refusal, a pause.
  if (/^(这周|本周|这个?星期|这个?礼拜|今天|明天|这几天|这两天)(先|就)?(不|别|莫)(要|用)?(发|推)(了|啦)?$/.test(compact)) return rule('pause');
  // 停了吗: a question whether something stopped, not a request to stop.
  // (停嘛, 停了嘛: 嘛 after a verb bids, it does not ask — a stop, recall first.)
  if (/^(是不是|是否)?(停|停了|停掉了)(吗|没|没有|么|呢)$/.test(compact)) return rule('status');
  // 停电了 别再发短信了: the outage is news, and the rest still asks to stop (or to pause).
  const afterOutage = compact.replace(/(停|断)[^,.!?]{0,4}(电|水|网|信号)了?|(电|水|网|信号)(又|也)?(停|断)了?/g, '');
  if (afterOutage !== compact && afterOutage !== '') {
    const rest = classifyByRules({ ...c, compact: afterOutage, reading: afterOutage, core: stripFillers(afterOutage) });
    // (停电了 没看到 要发哪样才能再看, Round 23: what to send to see them again asked — help.)
    if (rest && (rest.intent === 'unsubscribe' || rest.intent === 'pause' || rest.intent === 'list_jobs' || rest.intent === 'help')) return rest;
  }
  // (我想登记一下找工作 我会开车 … 有活的话给我发短信就行: the channel named in a sign-up is how to
  // be told, not a text sent to us by mistake.)
  if (isNotForUs(compact) && !(CHANNEL_OK_RE.test(compact) && (c.skills.length > 0 || /登记|订阅|找工作|找活|有活的话|有活就/.test(compact)) && !SOFT_STOP_RE.test(compact))) return rule('unknown');
  // 开车的活不要了 我驾照被扣了: a kind of work given up (no opening named), the skills change.
  if (JOB_DECLINE_RE.test(compact) && !/短信|信息|消息|发|退订|td|推送/.test(compact) && !/那个|这个|那家|这家|[0-9]/.test(compact) && c.mentions.some((m) => /^(的)?(活|活路|工作)/.test(reading.slice(m.end).replace(/\s/g, '')))) return rule('update_skills');
  if (JOB_DECLINE_RE.test(compact) && !/短信|信息|消息|发|退订|td|推送/.test(compact)) return rule('unknown');
  // 以后就发保洁和煮饭的 别的莫发: the kinds wanted, and the rest refused — no stop.
  if (OTHERS_REFUSED_RE.test(compact) && (c.skills.length > 0 || c.hasPlace) && !/td|退订|拒收|取消|删|永久|再也/.test(compact)) return rule(c.skills.length > 0 ? 'update_skills' : 'update_place');
  // English with a time limit (hold messages till next month, stop alerts for 2 weeks): a pause.
  if (ENGLISH_PAUSE_RE.test(compact) && ENGLISH_TIME_RE.test(compact) && !/unsubscribe|optout|remove|delete|forever|never/.test(compact)) return rule('pause');
  // 只退订搬运的 其他照发, 夜班的取消 别的照常: one kind stopped, the rest still sent.
  const partial = partialStop(c);
  if (partial) return rule(partial);
  // 采摘的短信不要发了, 晚上十点以后莫发短信: a kind or a time of day refused before the words
  // that would otherwise stop everything.
  const firstStop = SOFT_STOP_RE.exec(compact);
  if (firstStop && /发|推|通知|传|短信/.test(firstStop[0]) && !/td|退订|退定|拒收|取消|删|注销|拉黑|永久|永远|再也|以后都|以后也(?:不|别|莫)/.test(compact)) {
    const refused = refusedBefore(compact.slice(0, firstStop.index), compact.slice(firstStop.index + firstStop[0].length), c);
    if (refused) return rule(refused);
  }
  // 别发太早 早上8点以后, 莫半夜发, 不要那么早发: a time of day refused after the stop word —
  // when to send, not whether (as 晚上莫发 before it).
  if (TIMING_REFUSED_RE.test(compact) && !/td|退订|拒收|取消|删|注销|拉黑|永久|永远|再也|以后都|以后也(?:不|别|莫)|(不要|别|莫)(再)?(发|推)了(?!那么|这么|太)/.test(compact.replace(TIMING_REFUSED_RE, '|'))) return rule('unknown');
  // 别发那么多 一天一条就够了, 少发点: fewer texts asked for, not none.
  if (LESS_OFTEN_RE.test(compact) && !/td|退订|拒收|取消|删|永久|永远|再也|以后都|以后也(?:不|别|莫)|(不要|别|莫)(再)?(发|推)了(?!那么|这么)/.test(compact)) return rule('unknown');
  // TD要大写吗, 退订以后我的信息会删掉吗, 万一不小心回了TD怎么办, 暂停和退订哪个好: a question about
  // stopping (how it works, what follows, what if), with no wish to stop said — help.
  if (isStopQuestion(compact) && !NEGATED_OPT_OUT_RE.test(compact)) return rule('help');
  // (Issue #14: 我不会裁剪 帮我删掉, 缝纫我不会 帮我去掉 — a skill the worker cannot do taken off.)
  if (isSkillRemoved(c) || notHadSkillRemoved(c)) return rule('update_skills');
  // 衣服大了 怎么退, 押金咋个退, 报了名的 不想去了 咋个退: what is to be returned is named — no stop, and
  // no guess at one either.
  if (/(怎么|咋个|咋|如何|怎样)(才能|可以|能)?退(?!订|定|丁|出(?!来))/.test(compact) && HOW_TO_QUIT_OTHER_RE.test(compact) && !/td|退订|短信|信息|消息|推送|不要发|别发|莫发/.test(compact)) return rule('unknown');
  if (isOptOut(c)) return rule('unsubscribe');
  // 不做缝纫了 现在去米线厂做米线, 不去蒙自了 就在石屏找: one thing given up for another (reader-scope.ts).
  const givenUp = givenUpForAnother(c);
  if (givenUp) return rule(givenUp);
  // 蒙自到个旧的车几点有, 停车场在哪点, 你们这里收不收核桃, 我家猪生病了咋个整, 老王 明天喊几个人来挖地:
  // a place or a work word in a question about something else.
  if (!c.code && (isUnrelatedQuestion(compact) || (NAMED_NEIGHBOUR_RE.test(reading.trim()) && !/报名|订阅|岗位|招工|找活|找工作|td|退订/.test(compact)))) return rule('unknown');
  // 停了半年的那个服装厂又开工了没有 (Round 16d): whether a works has opened again asks whether it hires —
  // a list, not a sign-up for its kind.
  if (REOPENED_RE.test(compact) && !SUBSCRIBE_COMMAND_RE.test(compact) && !c.code) return rule('list_jobs');
  // 二维码扫不出来: the service's own QR code that will not scan — how to use it (help).
  if (/(二维码|扫码|扫一扫)[^,.!?]{0,6}(扫不|扫不出|扫不了|没反应|打不开|用不了|不行|不得)/.test(compact)) return rule('help');
  // (我不识字 让儿子帮我弄 我会种地 住石屏: a relative writes a sign-up, with the work and the place.)
  // (我不识字 叫孙子帮我发的 想在家串珠子: a wish to work with the kind said — a sign-up, Round 22.)
  const offTopic = (OFF_TOPIC_RE.test(compact) || FAMILY_TALK_RE.test(reading)) && !c.code && !(c.skills.length > 0 && (c.hasPlace || WISH_TO_WORK_RE.test(compact))) && !SOFT_STOP_RE.test(compact) && !PAUSE_RE.test(compact) && !/td|退(?!休|钱|款|货|烧)|订阅|报名|岗位|招|找活|找工作|有没有|有没得|活路|暂停|恢复|拉黑|取消|有活|喊我|通知我|告诉我|(不|别|莫|甭)(要|用)?(再)?(给我)?(发|推)/.test(compact);
  if (offTopic) return rule('unknown');
  // 我孙子帮我弄的 我不懂: who set the number up, told — no question asked (咋个用, 教我 would be help).
  if (/^(我)?(家)?(孙子|孙女|儿子|女儿|姑娘|娃娃|小孩|外孙|外孙女|媳妇|老公|老婆|侄子|亲戚|别人|年轻人)(帮我|给我|替我)(弄|订|搞|整|登记|注册|办)的[,.!?\s]*(我)?(都|也)?(不懂|不知道|不晓得|搞不懂|弄不懂|不清楚)(的|啊|哦|嘛)?$/.test(compact)) return rule('unknown');
  // 狗街那天的招聘会在哪点, 招聘会还开不开, 去了招聘会 没找到合适的: the job fair or market day a
  // reminder told of — news and questions about it, not openings asked for.
  // (街天哪点有招工的没得: whether anyone hires on the market day — a list.)
  if (/(招聘会|交流会|招工会|招聘大会|赶集|街天|集市|培训班|培训课|培训)[^,.!?]{0,8}(在哪|在哪里|在哪点|哪里|哪点|哪儿|几点|什么时候|啥时候|哪天|几号|什么地方|哪个地方|还开|开不开|开没开|取消)/.test(compact) && !c.code && !/有[^,.!?]{0,6}(招工|招人|活|工作|厂)[^,.!?]{0,2}(没得|没有|吗|不|么)/.test(compact)) return rule('unknown');
  if (/(去了|去过|参加了|逛了)[^,.!?]{0,4}(招聘会|交流会|招工会|招聘大会)/.test(compact) && !c.code && !/(有没有|有没得|有什么|有哪些|还有)[^,.!?]{0,6}(活|工作|岗位|厂)|订阅|报名|找活|找工作/.test(compact)) return rule('unknown');
  if (/取消暂停|不暂停|暂停结束|结束暂停|解除暂停/.test(compact)) return rule('resume');
  // 不是退订 我是要订阅: the negation corrects the command; the rest of the text says which.
  const corrected = NEGATED_OPT_OUT_RE.test(compact) ? compact.replace(NEGATED_OPT_OUT_RE, '|') : '';
  if (corrected && /(要|想|我)(订|登记)|订阅/.test(corrected) && !/不想|不要/.test(corrected)) return rule('subscribe');
  // 我不退订 报名1024: the code applied for after the denied stop.
  if (corrected && c.code !== null && /(bm|报名|baoming)(号)?[0-9]{3,6}(吧|啊|了|谢谢)*$/.test(corrected)) return rule('apply');
  if (NEGATED_OPT_OUT_RE.test(compact) && !PAUSE_RE.test(compact) && !/(要|想|我|是)报名|bm[0-9]/.test(corrected)) {
    // 不是退订 我问1024要不要女的: the rest asks about an opening.
    if (isJobDetailQuestion({ ...c, compact: corrected })) return rule('unknown');
    // 怎么好几天都不发了 我又没有退订: nothing received, and no stop sent — the worker's own state.
    if (NOTHING_RECEIVED_RE.test(corrected) || NOTHING_RECEIVED_RE.test(compact)) return rule('status');
    // 不是退订 我是问还有没有活: the rest asks for work.
    if (LIST_JOBS_RE.test(corrected) || JOB_AVAILABLE_RE.test(corrected)) return rule('list_jobs');
    // 别停 我还在找活: the sending goes on.
    if (/(不要|别|莫|不用|不能)(停|断)/.test(compact)) return rule('resume');
    // 我不是要退订 是想换个地方 在蒙自, 不是退订 技能改成保洁: the change the rest names.
    if (c.placesIn?.(corrected) && (UPDATE_PLACE_RE.test(corrected) || /换|改/.test(corrected))) return rule('update_place');
    if (c.skills.length > 0 && (CHANGE_RE.test(corrected) || /技能|工种|换|改/.test(corrected))) return rule('update_skills');
    // 不要退订我 我还在找活: the worker stays as they are; nothing to change (unknown, and the
    // conversation's short help says how to stop if that was meant).
    if (/找活|找工作|找事|在找|要找|还要做|还想做|还要干|还想干|要打工|想打工/.test(corrected)) return rule('unknown');
    if (/还要|继续|接着|要收|还想|想收|照常/.test(compact)) return rule('resume');
    return rule(SLIP_RE.test(compact) ? 'subscribe' : 'unknown');
  }
  // 别给我退了 我刚才回错了: a slip taken back (after a TD the worker is out: a subscription).
  if (BARE_RETREAT_REFUSED_RE.test(compact) && SLIP_RE.test(compact)) return rule('subscribe');

  const softStop = SOFT_STOP_RE.exec(compact);
  // 莫给我推外省的 订阅 质检 个旧, 不要发夜班的: what is sent is narrowed (a kind of work "…的"), and
  // the rest of the text says what the worker wants; read on without the stop words.
  const narrowed = softStop ? compact.slice(softStop.index + softStop[0].length) : '';
  // 莫发个旧的了 我回老家元阳了, 不要推蒙自那边的 改发开远: a place refused after the stop word, and
  // where to send instead after it — the place changes; a place refused alone narrows (nothing to do).
  const placeRefused = softStop ? /^(\p{Script=Han}{2,8}?)(那边|那里|那块|附近|一带|周边)?的(活|活路|活计|工作|岗位|信息|短信|消息|招工|厂)?(了|啦|咯)?/u.exec(narrowed) : null;
  const refusedPlace = placeRefused?.[1] && !c.mentions.length && c.placesIn?.(placeRefused[1]) ? placeRefused : null;
  const placeRest = refusedPlace ? narrowed.slice(refusedPlace[0].length) : '';
  if (refusedPlace && softStop && /发|推|通知/.test(softStop[0]) && !/td|退订|拒收|取消|删|永久|永远|再也|以后都|以后也(?:不|别|莫)/.test(compact) && !SOFT_STOP_RE.test(placeRest) && !/统统|全部|什么都|啥都|哪样都|都不要|一律|所有|别的也|其他的?也/.test(placeRest)) {
    return rule(c.placesIn?.(placeRest) ? 'update_place' : 'unknown');
  }
  const narrows = softStop !== null && (NARROWING_RE.test(narrowed) || (startsWithSkill(narrowed, c) && SUBSCRIBE_COMMAND_RE.test(compact)));
  if (softStop && !narrows) {
    // 不要发编织的了: the worker narrows what is sent, not whether.
    const after = compact.slice(softStop.index + softStop[0].length, softStop.index + softStop[0].length + 16);
    // ... but 这边的活我用不上了 不要再给我发了: a stop that ends the text narrows nothing.
    const ends = /^(了|啦|咯|嘛|啊|呀|哦|吧|哈|噢|好不好|行不行|可以吗|谢谢|[,.!?~\s])*$/.test(after);
    // 以后都不用发给我了 我自己在个旧有活路做了: where the work found is, said as the reason — no move.
    if (c.hasPlace && UPDATE_PLACE_RE.test(compact) && !ends && !FOUND_WORK_RE.test(compact.slice(softStop.index + softStop[0].length))) return rule('update_place');
    // 别给我发搬运的活: the kind refused is named (and dropped from the skills), the rest still sent.
    if ((c.skills.length > 0 && CHANGE_RE.test(compact)) || startsWithSkill(after, c)) return rule('update_skills');
    // 今年不回来了 不要再发了: being away for good is a reason to stop, not a time to wait for.
    // 去年过年回来听说可以登记 … 以后就不要再发了: times of a story told before the refusal (去年,
    // 做了一段时间) say when things happened, not when to send again.
    const timed = compact.replace(AWAY_FOR_GOOD_RE, '|').replace(PAST_TIME_RE, '|');
    // 我今天在地里忙 … 我们家不需要了 不要发了: no longer needed is a reason that lasts; the day the
    // story is told (今天) says nothing of when to send again.
    const lasting = NO_LONGER_NEEDED_RE.test(compact) && !/(再|才)(发|说|联系|通知|推|看)|^(今天|明天)|先|暂时|暂且|这几天|这两天|这段时间|这阵子|最近|这周|这个?星期|这个?礼拜|这个月|几天|一阵/.test(compact);
    return !lasting && (PAUSE_CUE_RE.test(timed) || PAUSE_RE.test(timed)) ? rule('pause') : rule('unsubscribe');
  }
  // 现在有活干了 三个月以后再发给我: work found for now, and a span of time after which to send
  // again — a pause, not a stop (permanence and the stop words keep it a stop).
  if (/(?<![0-9一二两三四五六七八九十几半])[0-9一二两三四五六七八九十几半]+(天|周|个?星期|个?礼拜|个?月|年)(以后|之后|后|过后)(再|才)(给我)?(发|联系|通知|推)/.test(compact) && !/td|退订|拒收|取消|删|注销|拉黑|永久|永远|再也|以后都|从今|今后/.test(compact)) return rule('pause');
  // 我娃娃开学前这段时间走不开 九月份再发给我: a month named, and the sending after it — a pause.
  if (/(?<![0-9])([0-9]{1,2}|[一二三四五六七八九十]{1,2})月(份|底|初|中旬|下旬)?(以后|之后|后|了)?(再|才)(给我)?(发|推|联系|通知)/.test(compact) && !/td|退订|拒收|取消|删|注销|拉黑|永久|永远|再也|以后都|从今|今后/.test(compact)) return rule('pause');
  // 我是不是订的缝纫, 我的订阅还在吗: a question about one's own subscription.
  if (!c.code && /(我|我的)?(是不是|是否)(订|订阅|登记|报)(的|了)[^,.!?]{0,8}$|我的(订阅|登记)[^,.!?]{0,2}(还)(在|再|有效)(吗|么|不|没|没有|嘛)?$/.test(compact.replace(/\s/g, ''))) return rule('status');
  // 我不会缝纫 是裁剪 你们搞错了: a skill denied and another said, with the mistake named — a correction.
  // (Round 16f: 改一下 我不会开车 填错了 — the skill said not to be had is a mention, not a skill kept.)
  if ((c.skills.length > 0 || c.mentions.length > 0) && !c.hasPlace && /搞错|弄错|写错|填错|记错|登记错|错了/.test(compact) && /不(会|是|做|干)/.test(compact) && !SOFT_STOP_RE.test(compact)) return rule('update_skills');
  // 想在开远找了 不在老家找: where to look for work moved, the old place denied.
  if (c.hasPlace && /(想|要|改|只)在[^,.!?]{1,8}找/.test(compact) && /不(在|去)[^,.!?]{0,6}找/.test(compact) && !SOFT_STOP_RE.test(compact)) return rule('update_place');
  if (isUnclearOptOut(compact)) return rule('unsubscribe', true);
  // 停产的那个厂是哪个, 那个厂停工了吗: news or a question about a factory, not about our messages.
  if (FACTORY_NEWS_RE.test(compact) && !/有没有|有没得|有不有|还有|招|找|岗位|报名/.test(compact)) return rule('unknown');
  // 停工了的那个厂还招不, 倒闭的那家还要人吗: whether one factory in the news still hires — about that
  // factory, no opening or kind of work asked for.
  if (FACTORY_NEWS_RE.test(compact) && /(那个|这个|那家|这家)[^,.!?]{0,5}(厂|工厂|公司|工地|基地|车间)/.test(compact) && c.skills.length === 0 && !c.code && !/有没有|有没得|有不有|别的|其他|哪里|哪点/.test(compact)) return rule('unknown');
  // 我家牛跑丢了 有人看到没: a neighbour's question sent to the wrong number.
  if (LOST_OR_SEEN_RE.test(compact) && !/活|工作|岗位|招|订阅|报名|短信|信息|消息/.test(compact)) return rule('unknown');
  // 工资多少, 我就问一下工资多少: wages of no opening named, asked of whoever reads it.
  if (WAGE_QUESTION_RE.test(compact) && !c.code && !c.skills.length && !c.hasPlace && !/有没有|有没得|有不有|还有|招|找|岗位|报名|(这个|那个|这份|那份)(活|厂|工作)|的活|活路/.test(compact)) return rule('unknown');
  // 包吃住不, 要不要身份证, 招不招50岁的, 这个厂在哪点, 工钱还没给: a question about an opening's
  // details (or its employer), which the conversation answers apart; no list, no sign-up.
  if (isJobDetailQuestion(c)) return rule('unknown');
  // 报了名咋个没人打电话, 恢复了没, 改好了吗: what became of something the worker did.
  // 报名了以后怎么弄 有人联系我吗 (Round 22): what comes after applying, asked — how it works (help), whatever
  // is asked beside it.
  if (c.code === null && AFTER_SIGN_UP_HOW_RE.test(compact)) return rule('help');
  if (OWN_ACTION_RESULT_RE.test(compact) && !/(我要|帮我|给我|请)(退订|取消)/.test(compact)) return rule('status');
  // 谢谢 上次报的那个厂我去上班了; 我在地里干活呢 晚上再说: news and "later", not a request.
  if ((WORK_NEWS_RE.test(compact) || (LATER_RE.test(compact) && !BUSY_SPAN_RE.test(compact))) && !JOB_QUESTION_RE.test(compact) && !c.code && !(c.hasPlace && UPDATE_PLACE_RE.test(compact)) && !/也想|还想|也要|还要|帮我|给我找|想找|要找|再找|订阅|报名|暂停|停|别发|不要发/.test(compact)) return rule('unknown');
  // 不用了谢谢 已经有工作了: work found, and the texts declined in a clause of their own — a stop.
  if ((FOUND_WORK_RE.test(compact) || /有工作了|有活了|有活路了|上班了/.test(compact)) && reading.split(/[\s,.!?;~]+/).some((part) => /^(我)?(都|就)?(不用|不需要|不要)(了|啦|咯)?(谢谢|谢谢你们|谢谢了)?$/.test(part))) return rule('unsubscribe');
  // 我已经有工作了，请取消我的登记 谢谢 (Round 23): work found and the registration cancelled in words — a stop,
  // thanks after it or not (the thanks had made the news news, and 登记 then a sign-up).
  if (FOUND_WORK_RE.test(compact) && /取消(掉|一下|下)?(我的|我)?(登记|注册|订阅|报名信息|信息|号码)|退订|注销(我的|我)?(登记|注册|订阅|号码|账号)?/.test(compact) && !/(不要|别|莫|不用|甭|没)(帮我)?(取消|退订|注销)|(取消|退订|注销)[^,.!?]{0,4}?(了)?(吗|没|没有|么|不)$/.test(compact)) return rule('unsubscribe');
  if (FOUND_WORK_RE.test(compact) && !JOB_QUESTION_RE.test(compact) && !c.code && !/也想|还想|也要|还要|帮我|给我找|想找|要找|再找|订阅|报名/.test(compact)) return rule('unknown');
  if (compact.length <= 40 && (STATUS_WHOLE_RE.test(core) || STATUS_WHOLE_RE.test(compact))) return rule('status');
  // 我昨天打电话给你们的那个事情怎么样了: a matter told on the phone, not named — nothing to look up.
  if (/(打电话|电话里|打过电话|说过|讲过|问过|说的|讲的|问的)[^,.!?]{0,8}(那个|那件|这个)?(事情|事)[^,.!?]{0,3}(怎么样|咋样|咋个样|如何)/.test(compact) && !/报名|订阅|登记|申请|暂停|退订|[0-9]{3}/.test(compact)) return rule('unknown');
  if (/(报名|报的|申请)[^,.!?]{0,6}(怎么样|结果|情况|进度)|怎么样了|录取|录用|有结果/.test(compact)) return rule('status');
  // 是不是已经报上名了, 我的订阅是什么, 别人都收到了我怎么没收到: questions about one's own state.
  // 为什么收不到岗位, 为啥我收不到 (Round 22): why nothing arrives, asked — how the service works (help; 怎么收不到
  // asks about one's own state, above), not a list because it names the openings.
  if (/^(我)?(为什么|为啥|为何)(我)?(就|都|还|一直|老是|总是)?(收不到|接不到|收不着)(任何)?(短信|信息|消息|你们的?短信|岗位|工作|活|活路|招工|通知)?(信息|消息|短信)?(了|啦|呢|啊)?$/.test(compact)) return rule('help');
  if (OWN_STATE_RE.test(compact) && !/(我要|帮我|给我|请)(退订|取消)/.test(compact)) return rule('status');
  // 我想找个保洁的工作 怎么订, 会砌砖 住蒙自 咋个登记: how to sign up, asked with the work and the
  // place given — the details are the sign-up.
  if (!c.code && c.skills.length > 0 && c.hasPlace && /(怎么|咋个|咋|如何|怎样)(才能|才可以|可以|能)?(订|订阅|登记|报名|报|弄|搞|整|注册)(呢|啊|嘛|哦|哈|吗)?$/.test(compact)) return rule('subscribe');
  if (COMMAND_QUESTION_RE.test(compact)) return rule('help');
  // 命令有哪些, 都有啥指令, 可以回哪些字: which commands there are — help (not a list of jobs).
  if (!c.code && COMMAND_LIST_RE.test(compact)) return rule('help');
  // Questions about the service itself: does it cost money, is it real, who may use it, who
  // you are (订阅收费不, 报名要不要交钱, 莫要骗人的哈 是真的招人吗, 不识字的能不能报名).
  // (一天不停干都行 给钱就干 有没有活: the worker's own terms, not a question about our fees; Round 22b.)
  if (SERVICE_QUESTION_RE.test(compact.replace(WILLING_RE, '|')) && !SUBSCRIBE_ASK_RE.test(compact)) return rule('help');
  if (HELP_WORD_RE.test(compact) && !c.code) return rule('help');
  // 不是我报的名, 那个不是我报的: an application denied (someone else used the phone) — unknown.
  if (/^(这个|那个|那|这)?(名)?(不是我|不是本人)(自己)?(报|报名|申请)(的)?(名)?(的)?(啊|哦|嘛|呀)?([,.!?]?是(我)?(家)?(媳妇|老婆|老公|儿子|女儿|姑娘|妈|爸|孙子|孙女|家里人|别人|亲戚|朋友)(报|帮我报|替我报)?(的)?(名)?(的)?)?$/.test(compact)) return rule('unknown');
  // 刚才那条莫管它, 当我没说: the last text taken back, nothing asked.
  if (/^(刚才|刚刚|上一条|前面|之前)?(那条|那个|这条|发的|说的|那句)?(短信|信息|消息|话)?(你们)?(就)?(莫管|别管|不用管|不要管|莫理|别理|不用理|不要理|忽略|作废|不算)(它|了|哈|嘛|啊|掉)*$|^当我没(说|讲|问|发)(过)?(吧|哈|嘛|啊)?$/.test(compact)) return rule('unknown');
  // 打电话给我, 给我回个电话: a call asked for, nothing said about what — unknown (the short help
  // answering it gives the number).
  if (/^(请|麻烦)?(你们)?(打电话给我|给我打(个|一个)?电话|打我电话|(给我)?回(个|一个)?电话(给我)?|打(个|一个)电话给我|来个电话)(吧|嘛|哈|啊|呢)?$/.test(compact)) return rule('unknown');
  // 有没得打电话问的, 能不能打电话咨询: a person on the phone to explain (eyes, reading) — help.
  if (!c.code && /(有没有|有没得|有不有)(电话|号码|电话号码)(可以|能)?(打)?(过去|过来)?(问|咨询|联系)|(有没有|有没得|有不有|能不能|可不可以|可以|能)(人|个人)?(打电话|打个电话|电话)(给我|过来)?(问|咨询|联系|讲|说|教)|(打|来|回)(个)?电话(来)?(问|咨询|讲一下|说一下|教一下)(的|吗|不|嘛|一下)?$/.test(compact)) return rule('help');
  // 你们是哪个单位的 人社局的吗, 这是哪个部门 是不是政府的 (Round 22): who runs the service, then whether it is an
  // official body — whether it can be trusted (help), as 靠得住不 after it is; either clause alone stays unknown.
  if (!c.code && /(哪个|哪家|什么|哪里的|哪里)(单位|部门|公司|机构)?(的)?[\s,.!?]*(是不是|是)?(政府|人社|人社局|劳动局|就业局|公家|官方|国家)(的|部门|办的|搞的)?(吗|不|吧|么|嘛|呢)?$/.test(reading.trim()) && /你们|这是|这个号|这个短信|你是/.test(compact)) return rule('help');
  // 这个短信是政府发的还是厂里发的 靠得住不: whether the service can be trusted — help (its
  // short help says who runs it); 骗子 and 是不是骗人的 stay as they were (unknown).
  if (!c.code && /靠得住|靠不住|靠谱|可靠|信得过|可信|正不正规|正规(吗|不|么|嘛)/.test(compact) && !/骗/.test(compact) && !/(厂|公司|老板|工地|基地|中介|单位|车间|活)(子|里)?(的)?(人)?(靠|可靠|可信|信得过|正规|正不正规)/.test(compact)) return rule('help');
  if (compact.length <= 30 && SENDER_QUESTION_RE.test(compact) && !c.code && !c.skills.length && !c.hasPlace && !/收费|要钱|交钱|收钱|扣钱|话费|怎么|咋个|如何/.test(compact)) return rule('unknown');
  if (NOTHING_RECEIVED_RE.test(compact) && !/(不要|别|莫)(再)?(给我)?发/.test(compact) && !RESUME_RE.test(compact)) return rule('status');
  if ((STATUS_RE.test(compact) || OWN_SUBSCRIPTION_RE.test(reading)) && !c.code) return rule('status');
  if (HOW_TO_RE.test(compact)) return rule('help');
  // 身份证丢了还能报名吗: whether one may sign up at all, with no opening named (1003可以报吗 applies).
  if (!c.code && /(还能|还可以|能|可以|能不能|可不可以)(报名|报|订阅|登记)(吗|不|么|嘛)$/.test(compact)) return rule('help');

  // 之前说暂停的，现在可以恢复了; 暂停了好久了 恢复一下: the later word wins.
  const resumeAt = compact.search(/恢复|继续(发|接收)|(不用|不要|别|莫|不)(再)?停(了|啦)|可以(再)?(发|开|打开)了/);
  const pauseAt = compact.search(/暂停|停一下|停一段|停几天|先停|先别发|先不要发/);
  if (resumeAt >= 0 && pauseAt >= 0 && !/(回来|以后|之后|过年|过完年|年后|到时候|月底|下个月)(了)?(再|才|就)?(恢复|继续)/.test(compact) && (resumeAt > pauseAt || /(之前|以前|上次|刚才)[^,.!?]{0,4}(暂停|停)|暂停的/.test(compact)) && !/(不|别|莫)(要)?(恢复|继续)/.test(compact)) {
    return rule('resume');
  }
  // 以后有焊工招人的帮我推一下, 可以给我发招聘信息吗 我会木工, 我想接收你们的岗位信息: a standing
  // request to be sent work (a bare question about what is hiring stays a list; a move told with it
  // is a change of place).
  // (嫁到石屏去了 以后给我发石屏的: married away is a move, as 搬 is; Round 22b.)
  if (c.code === null && STANDING_SEND_RE.test(compact) && !SOFT_STOP_RE.test(compact) && !/搬|嫁|住到|地址|住址|(换|改)(到|成|为)/.test(compact)) return rule('subscribe');
  if (/^取消(报名|申请)|(报名|申请)(取消|不要了)|不(想)?报(名)?了/.test(compact)) return rule('unknown');
  // 取消那个1024的报名 去不了了: an application taken back, not the messages.
  if (/取消(那个|这个|我的|我)?[^,.!?]{0,8}?(的)?(报名|申请)/.test(compact) && !/订阅|短信|信息|消息|推送|td|退订/.test(compact)) return rule('unknown');
  // English commands in words (update skills cooking, change my location to Mengzi, turn alerts
  // back on): the word for what changes decides.
  if (/^[a-z]/.test(compact)) {
    if (ENGLISH_RESUME_RE.test(compact)) return rule('resume');
    if (ENGLISH_PAUSE_RE.test(compact)) return rule('pause');
    // ... unless the text also asks for work (i live in gejiu, any jobs?).
    const asksWork = /subscribe|lookingfor|find(me)?(a)?(work|job)|need(a)?(work|job)|want(a)?(work|job)|any(jobs?|work)|hiring/.test(compact);
    if (ENGLISH_SKILLS_RE.test(compact) && !asksWork) return rule('update_skills');
    // I want a job, I can weld, I live in Mengzi: asking to be told of work, with what and where.
    // job pls, cook, Mengzi: work asked for politely, with what and where, is the same sign-up.
    if (/(want|need|lookingfor|find(me)?)(a|some)?(job|work)|subscribe|signmeup|^(a|some)?(jobs?|work)(pls|please|plz)/.test(compact) && (c.skills.length > 0 || c.hasPlace) && !/any(jobs?|work)|hiring|arethere|isthere/.test(compact)) return rule('subscribe');
    if (ENGLISH_PLACE_RE.test(compact) && !asksWork) return rule('update_place');
  }
  // 报名 找工作 我会养猪, 我要报个名 有活通知我: "signing up" with no opening, to be told of
  // work, is a subscription (the worker has no code to apply to).
  if (c.code === null && APPLY_RE.test(compact) && SIGN_UP_FOR_WORK_RE.test(compact) && !/岗位|这个活|那个活|这个厂|那个厂|招的|那个|这个/.test(compact)) return rule('subscribe');
  // 我想报个名 我会插花, 帮我妈报个名 她会刺绣: "signing up" and what the worker can do (会…), no
  // code and no opening pointed at — a subscription (voice fillers 那个, 这个 point at nothing).
  if (c.code === null && c.skills.length > 0 && APPLY_RE.test(compact) && SELF_DESCRIBED_RE.test(compact) && !OPENING_POINTED_RE.test(compact)) return rule('subscribe');
  // 加我一个 摘果子的 绿春大兴, 算我一个 会砌砖: counted in with the work or the place and no code or
  // opening pointed at — a sign-up.
  if (c.code === null && (c.skills.length > 0 || c.hasPlace) && /加我一个|算我一个|算上我|也算我一个|我也整一个|我也来一个/.test(compact) && !OPENING_POINTED_RE.test(compact)) return rule('subscribe');
  // 请问这个是招工的吗 我想加入 我在元阳南沙 会开货车: a wish to join, with the work and the place —
  // a sign-up, whatever the worker first asks about the service.
  if (c.code === null && c.skills.length > 0 && c.hasPlace && /(想|要|愿意)(加入|参加|入伙)|加入(你们|一个)/.test(compact) && !/(有没有|有没得|有不有)[^,.!?]{0,14}$/.test(compact)) return rule('subscribe');
  // 对 就是元阳新街镇那个, 是的 就是这个: a yes that points at what was asked about — an answer, read as
  // the conversation reads a yes (unknown, affirmative), not a sign-up for the place it names.
  if (!c.code && /^(对|对的|是|是的|嗯|嗯嗯|好|好的|没错|对头)+[,.!?\s]*(就是|是)[^,.!?]{0,12}(那个|这个|那里|这里|那点|这点|那家|这家)(的)?(啊|呀|哦|嘛|哈)?$/.test(compact.replace(/\s/g, ''))) return rule('unknown');
  // 回复什么报名, 不是本人的话能报名吗, 报名了要去面试不: how applying works, asked with no opening
  // named — help.
  if (c.code === null && APPLY_HOW_RE.test(compact)) return rule('help');
  // 我想报名做电焊工 在大屯: "signing up" to do a kind of work, with where the worker lives or is — a
  // subscription (报名 鸡街的叉车 describes an opening: applying).
  if (/(报名|报个名)(去)?(做|当|学|干)/.test(compact) && /(^|[,.!?\s])(我)?(在|住)|住在|住/.test(reading) && c.code === null && c.skills.length > 0 && c.hasPlace && !OPENING_POINTED_RE.test(compact)) return rule('subscribe');
  // 不会电脑 只有力气 能做什么, 我没文化 能干啥活 (Round 22): what work there is for someone like the worker,
  // asked at the end — a list (女的能做哪样 is WHO_CAN_DO_RE's).
  if (!c.code && /(能|可以|还能|能够)(做|干|找)(点)?(什么|哪样|啥|啥子|哪些)(活|工作|事|工)?(呢|啊|嘛|哦)?$/.test(compact) && /不会|只有|只会|没有|没得|没文化|不识字|年纪|岁|力气|身体/.test(compact) && !/订阅|登记|报名|技能|这个号|短信|退|td|用这个/.test(compact)) return rule('list_jobs');
  const lead = leadCommand(reading);
  // BM1024不去了, 报名1024 算了: the application is taken back, nothing to do.
  if (lead === 'apply' && c.code !== null && /^(号|的|这个|那个)?(我)?(不去|不报|不干|不做|算了|取消|不要了|不要$)/.test(compact.slice(compact.indexOf(c.code) + c.code.length))) return rule('unknown');
  if (lead) return rule(lead);

  // 搬家了 … 以后给我发开远的活, 嫁到石屏去了 以后给我发石屏的: from now on, the new place — not a pause.
  if (PAUSE_RE.test(compact) && !(c.hasPlace && /搬家|搬到|搬去|搬来|嫁到|嫁去|嫁过|嫁来|住到|地址|住址/.test(compact) && !/(再|才)(发|联系|通知)/.test(compact))) return rule('pause');
  if (RESUME_RE.test(compact)) return rule('resume');
  if (c.code !== null) {
    // A question about an opening (1003在哪里, 2048工资多少, 1003包吃住吗) or turning it down.
    const rest = compact.replace(c.code, '');
    // 我要去那个服装厂 编号是3017吗: going there said, the code asked back to be sure — applying.
    if (/(我要去|我想去|我去|要报|想报|我报|我要报|报这个|去这个)/.test(compact.slice(0, compact.indexOf(c.code))) && /^(号)?(吗|吧|对吧|是吧|对不对|是不是|没错吧|对吗|哈|嘛)?$/.test(compact.slice(compact.indexOf(c.code) + c.code.length)) && !/不去|不报|取消/.test(compact)) return rule('apply');
    // 我想去1517那个 要得不, 我要去 BM5544 这个明天能上班吗: going there said, and whether that is all
    // right or when to start asked — applying (the answer comes with the opening's details).
    if (/(我要去|我想去|我去|要报|想报|我报|我要报|bm|报名)$/.test(compact.slice(0, compact.indexOf(c.code))) && /^(号)?(那个|这个)?[,.!?]?((要得|行|可以|得|好)(不|吗|么|嘛)|行不行|可不可以|好不好|得不得|(明天|今天|后天|马上|哪天|什么时候|啥时候)?(就)?(能|可以|能不能|可不可以)?(上班|去|来|开工|报到)(吗|不|么|嘛|没)?)$/.test(compact.slice(compact.indexOf(c.code) + c.code.length)) && !/不去|不报|取消|没人|结果/.test(compact)) return rule('apply');
    if ((/^[^报bm]{0,6}(不去|不报|不要|不干|算了)/.test(rest) || /(我|我们)?(不去|不报|不干|不做)了?$/.test(rest)) && !APPLY_RE.test(rest)) return rule('unknown');
    if (/^取消(报名|申请)|(报名|申请)取消/.test(compact)) return rule('unknown');
    // 报名的1087什么时候去上班: asks about an application already made.
    if (/(报名|报)的/.test(compact) && /什么时候|啥时候|哪天|几号|怎么样|结果|通过|录取|录用|录上|选上|成了没|成功|有人联系|有消息/.test(rest)) return rule('status');
    if (!APPLY_RE.test(compact) && JOB_QUESTION_RE.test(rest)) return rule('list_jobs');
  }
  if (/^取消(报名|申请)|(报名|申请)(取消|不要了)|不(想)?报(名)?了/.test(compact)) return rule('unknown');
  // 我想报个名 我会踩缝纫机 在新街住: "signing up" with no opening, only skills and a place,
  // is a subscription (the worker has no code to apply to).
  if (APPLY_RE.test(compact) && c.code === null && c.skills.length > 0 && c.hasPlace && /找工作|找活|工作的|登记|订阅|信息|短信|有活/.test(compact) && !/岗位|这个活|那个活|这个厂|那个厂|招的/.test(compact)) return rule('subscribe');
  // 等一下 别急着给我报: applying put off, not asked for.
  if (c.code === null && /(别|不要|莫|不用|甭)(急着|着急|忙着|先)?(给我|帮我|替我)?报(?!警|销|道|纸|告)/.test(compact)) return rule('unknown');
  if (APPLY_RE.test(compact) && !/不是我报|报错/.test(compact)) return rule('apply');
  // A number alone (1024, 5555, 2026, 123456) may be a code, a year or anything: unknown here; the
  // conversation, which knows what was sent, tries it as a code (conversation.ts).
  if (c.code !== null && /^[0-9]+$/.test(compact)) return rule('unknown');
  if (c.code !== null && isBareCode(core, c.code)) return rule('apply');
  // 我去 answering an alert: applying to the job just sent, whose code the conversation knows.
  if (/^(好的?|可以|行)?(我去|去|我要去|要去|想去|我想去|我报|报一个)$/.test(core)) return rule('apply');
  if (c.code !== null && /^(好的?|可以|行|要得|嗯)?[^,.!?]{0,4}$/.test(core.replace(c.code, ''))) return rule('apply');
  // A story that ends in a question (…现在在家带孙子 想问一下你们那边有没有什么活路是老年人可以
  // 做的): the question is what the worker asks, whatever the story says about past work.
  if (BURIED_JOB_QUESTION_RE.test(compact) && !SUBSCRIBE_ASK_RE.test(compact) && !/(搬|换|改)[^,.!?]{0,4}(到|成|为|地址|技能)/.test(compact)) return rule('list_jobs');
  // 技能填错了 她是做质检的: what was written wrong is the skill.
  if (/(技能|工种|手艺|技术)[^,.!?]{0,4}(写错|填错|搞错|弄错|错了)/.test(compact) && !/地址|住址|地方|搬/.test(compact)) return rule('update_skills');
  // (…我想找个工作嘛 我会开叉车的 … 现在回蒙自了: where the worker is now, told in a sign-up with the
  // work wanted, is the sign-up's place — no move asked.)
  const signUpWithPlace = WANTS_WORK_RE.test(compact) && c.skills.length > 0 && !/搬|换|改|地址|住址|地点|不(在|住)/.test(compact);
  if (!signUpWithPlace && (UPDATE_PLACE_RE.test(compact) || (c.hasPlace && /📍/u.test(c.normalized))) && !/地址(在哪|是哪|在什么)|(厂|车间|活|岗位|工作|工地)[^,.!?]{0,4}(在哪|(地址|地点)(在哪|是哪|是什么|呢|多少|发))/.test(compact) && (c.hasPlace || /地址|住址|搬|换地方|改地方/.test(compact) || (/写错|填错/.test(compact) && c.skills.length === 0)) && !/(有没有|有没得|吗)$/.test(compact)) return rule('update_place');
  // 别给我发搬运的活, 不要发编织的了 我想做缝纫: the kind of work sent changes.
  if (narrows && (c.skills.length > 0 || c.mentions.length > 0) && !SUBSCRIBE_COMMAND_RE.test(compact)) return rule('update_skills');
  // 不要发外地的了 我只在蒙自找: far places refused from what is sent, and the place wanted.
  if (narrows && softStop && /发|推|通知/.test(softStop[0]) && c.hasPlace && !SUBSCRIBE_COMMAND_RE.test(compact)) return rule('update_place');
  // 订阅 包装 蒙自 after other words (我不要夜班，只要白班，订阅 包装 蒙自): the command decides.
  if (SUBSCRIBE_COMMAND_RE.test(compact) && (c.skills.length > 0 || c.hasPlace) && !/技能|改|换|搬|地址|不是这个|要的是/.test(compact)) return rule('subscribe');
  if (isAddingSkill(c)) return rule('update_skills');
  // 地址帮我改一下 技能不变: the skills said to stay are no change of them.
  if (/技能|记能|jineng|改技能|换技能|加技能|增加技能|添加技能|又学会|新学会|刚学会|学会了|学会[^,.!?]{1,6}了|拿到[^,.!?]{0,3}(驾照|驾驶证|电工证|焊工证|证)了|(驾照|驾驶证|电工证|焊工证|叉车证|厨师证|证)[^,.!?]{0,2}(拿到|考到|考起|考上|办下来|下来)了|考(了|到|上|起)[^,.!?]{0,3}(驾照|驾驶证|电工证|焊工证|叉车证|厨师证|证)|改做|改干|换个工种|工种|(手艺|行当|本事|活路)(换|改|变)(了|掉了|啦)|(以前|原来|之前|过去)的(活|手艺)?(不要|不做|不干|莫要|去掉|不要了|作废)/.test(compact.replace(SKILLS_KEPT_RE, ''))) return rule('update_skills');
  if (CHANGE_RE.test(compact)) {
    if (c.skills.length > 0) return rule('update_skills');
    if (c.hasPlace) return rule('update_place');
  }
  // …想找个在附近的活 她会做饭也会种菜 我们住在新安所: a wish to work, with what and where, is a
  // sign-up even when a preference in it (最好是包吃的) sounds like a question about openings.
  if (WANTS_WORK_RE.test(compact) && c.skills.length > 0 && c.hasPlace && !/(吗|么|嘛|没|不|呢)$|有没有|有没得|有不有|哪里有|哪点有|哪儿有/.test(compact)) return rule('subscribe');
  // 不要夜班的 找白班的活: a kind refused and the work wanted said after it — a sign-up with a
  // preference, not a question about openings.
  if (!c.code && c.skills.length === 0 && /(^|[\s,.!?])(我)?(不要|不做|不干|不想做|不想干|不上)[^,.!?\s]{1,6}的(活|工作|班)?(了)?[\s,.!?]+(我)?(就|只)?(找|想找|要找|只找|想做|要做)[^,.!?]{1,8}(活|工作|班)/.test(reading) && !SOFT_STOP_RE.test(compact) && !/(有没有|有没得|有不有|吗|么|嘛|呢)$/.test(compact)) return rule('subscribe');
  // 蒙自的工作发给我看看: the list now, not a standing request.
  if ((/(工作|活|活路|岗位|招工)[^,.!?]{0,2}(发|推)(给|过来给)?(我|来|过来)?(看看|看一下|看下|瞧瞧|瞅瞅)/.test(compact) || /(发|推|拿)(过)?来(给我)?(看看|看一下|看下|瞧瞧|瞅瞅|瞄一下)$|^(发|推)(给我|我)(看看|看一下|看下|瞧瞧)$/.test(compact)) && !SUBSCRIBE_COMMAND_RE.test(compact)) return rule('list_jobs');
  // 我会踩缝纫机 住新街 有活路喊我: a standing request to be told, not a question now.
  if (SUBSCRIBE_ASK_RE.test(compact) && !/(有没有|有没得|有不有|吗|么)[^,.!?]{0,3}$/.test(compact)) return rule('subscribe');
  // 屏边那哈有香蕉地要人摘没得: whether anyone somewhere wants hands — a list.
  if (/有[^,.!?]{1,12}(要人|招人|缺人|请人|找人|要工人)[^,.!?]{0,4}(没得|没有|吗|不|么|没)$/.test(compact) && !SUBSCRIBE_COMMAND_RE.test(compact)) return rule('list_jobs');
  // 莫慌 想问哈 有没有在家做的手工: whether work of a kind exists, the kind ending the text — a list.
  if (/(有没有|有没得|有不有)[^,.!?]{0,14}$/.test(compact) && !SUBSCRIBE_COMMAND_RE.test(compact) && !/(通知|告诉|喊|叫|联系|发给?)(我|他|她)/.test(compact) && c.mentions.some((m) => m.end >= reading.length - 12 && reading.slice(m.end).replace(/[\s,.!?~]/g, '').replace(/^(的)?([^,.!?]{0,8}?(那种|这种|那样|这样))?(的)?(活|活路|工作|厂)?(吗|呢|啊|哦|嘛)?$/, '') === '')) return rule('list_jobs');
  // 不要烤烟的了 要采摘, 不做缝纫了 改包装: one kind refused and another wanted — the skills change
  // (the refused one is no skill read).
  if (c.skills.length > 0 && REFUSE_THEN_WANT_RE.test(reading) && !SUBSCRIBE_COMMAND_RE.test(compact)) return rule('update_skills');
  // 不拘哪样活都做得, 啥子活都干: any work will do — said of oneself, no question about work.
  const listCompact = compact.replace(ANY_WORK_RE, '|');
  const listReading = reading.replace(ANY_WORK_RE, '|');
  if ((LIST_JOBS_RE.test(listCompact) || LIST_JOBS_RE.test(listReading) || JOB_AVAILABLE_RE.test(listReading)) && !/^(订阅|dy)/.test(compact)) return rule('list_jobs');
  // 工作 采摘, 活路 蒙自 电焊: the word for work and then only skills or places, typed as keywords
  // like 岗位 采摘 — a look at what there is.
  if ((c.skills.length > 0 || c.hasPlace) && /^(工作|活路|活计|招工|零工)(\s|$)/.test(reading.trim()) && c.placesIn && !/[^\s]/.test(reading.trim().replace(/^(工作|活路|活计|招工|零工)/, '').split(/\s+/).filter((w) => w !== '' && !c.mentions.some((m) => reading.slice(m.start, m.end) === w) && !c.placesIn?.(w)).join(''))) return rule('list_jobs');
  // 找工作, 找活 alone: what the help text calls GW (岗位), a look at what there is.
  // (找活路, 找事做, 找个活干: the help's 回1找工作, a sign-up; 找工作 and 找活 alone stay a look.)
  if (/^(我)?(找工作|找活|找工|zhaogongzuo|zhaohuo|工作|活路|岗位|招工)$/.test(core) && !/想|要/.test(compact)) return rule('list_jobs');
  // 请问屏边最近有招什么工, 那个采果子的活路现在还有没有: a question about what is hiring now, with a
  // place or a kind — a list, not a standing request (which says send, tell or push).
  if (!c.code && /(有|在)招(什么|啥|哪样|哪些|啥子)(工|人|活|工种)?|(活路|活|工作|岗位|活计)[^,.!?]{0,6}(还有没有|还有没得|还有不有|还有吗|还在不在|还招不招|还招吗|还要人不|还要不要人)/.test(compact) && !SUBSCRIBE_ASK_RE.test(compact) && !STANDING_SEND_RE.test(compact) && !SUBSCRIBE_COMMAND_RE.test(compact)) return rule('list_jobs');
  // Round 26 (reader-kinds-26.ts): 再添一个养猪, 技术改司机, 我家搬了 屏边, 住芷村了 以前冷泉.
  const late26 = readLate26(c);
  if (late26) return rule(late26);
  const positive = compact.replace(NOT_LOOKING_RE, '|');
  if (SUBSCRIBE_RE.test(positive) || c.skills.length > 0 || c.hasPlace) return rule('subscribe');
  // A bare ? asks nothing in particular: unknown (the conversation's short help answers it).
  if (/^\?+$/.test(reading.replace(/\s/g, ''))) return rule('unknown');
  if (compact.length <= 20 && (GREETING_RE.test(core) || GREETING_RE.test(compact))) return rule('unknown');
  // 女的能做哪样, 五十多岁的能干啥: work for someone like the worker asked for.
  if (WHO_CAN_DO_RE.test(compact)) return rule('list_jobs');
  if (HELP_RE.test(compact)) return rule('help');
  // Yes-words, thanks, emoji and bare menu numbers mean something only as an answer: unknown
  // here, and the conversation uses `affirmative` or `menuChoices` when a dialog asked.
  if (c.affirmative || c.menuChoices.length > 0 || compact.length === 0 || SMALL_TALK_RE.test(compact)) return rule('unknown');
  if (/^[0-9]+$/.test(compact)) return rule('unknown');
  // Menu picks in words (选第二个) and account commands the conversation reads itself
  // (微信接收, 绑定13812345678).
  if (compact.length <= 12 && /^(选|我选|要|选择)?第?[一二两三四五六七八九](个|号|项)?$/.test(compact)) return rule('unknown');
  if (compact.length <= 24 && /^(改|改成|改为|换成|用|要|我要)?(微信|短信)(接收|收|通知|提醒|发)$|^(绑定|绑|bd|bangding)/.test(compact)) return rule('unknown');
  // A preference about what is sent and nothing else (不要发外省的): nothing to act on.
  if (narrows) return rule('unknown');
  return null;
}

/**
 * 我也会开叉车, 还会绣花, 帮我加上包装: a skill added to a subscription. Not when the text
 * lists skills from the start (我会开叉车也会开货车) or names a place (a subscription).
 */
function isAddingSkill(c: Clues): boolean {
  // (原来登记的是保洁 我还会煮饭 帮我加上: the registration told of is the old skill, not a sign-up.)
  if (c.hasPlace || /订阅|dy|注册|登记|找工作|找活/.test(c.compact.replace(/(以前|原来|之前|上次|上回)(我|她|他|只|就|是)*(填|写|登记|订|订阅|报)(的|了的|了|过)?|登记(上|起|进去)/g, '|')) || /(吗|么|不)$|吗|有人要|要人/.test(c.compact)) return false;
  // 有其他的活也可以发给我: any other work, no skill added.
  if (/(其他|其它|别的)(的)?(活|活路|工作|事)?(也|都)(可以|行|要)/.test(c.compact)) return false;
  // 我五十六了 还能做活: still able to work, no skill added.
  if (/(还|也)(能|可以)(做|干)(活|事|工|得动|动)/.test(c.compact) && !/加|添|增/.test(c.compact)) return false;
  const m = ADD_SKILL_RE.exec(c.compact);
  if (!m) return false;
  if (/^(我|我也|也|还|另外|我还|而且|并且)(会|能|可以|做过|干过)/.test(m[0]) && /会|能|做过|干过/.test(c.compact.slice(0, m.index))) return false;
  // 会煮饭 食堂帮厨也行: a second kind of work offered after the first one said — a sign-up's list.
  if (/^也(行|可以)$/.test(m[0]) && /(?<!还|也)(会|做过|干过)/.test(c.compact.slice(0, m.index)) && !/加|添|增|还会|也会|学会/.test(c.compact)) return false;
  return c.skills.length > 0 || /帮我加|加上|添上|添加|增加|再加/.test(m[0]);
}

// What follows a stop word that narrows what is sent: a short kind ending in 的 (外省的, 夜班的,
// 太远的), not these messages (这种的, 你们的).
// Where work is, said as a kind rather than a name (不用发县城的了, 莫推城里的): narrows by place.
const TOWN_KINDS = '县城|城里|城头|市里|州里|街上|镇上|乡上|县上|坝子|山上|山区|外头|外边';
const NARROW_KINDS =
  '外省|外地|省外|出省|要出省|县外|外县|外市|市外|外面|国外|昆明|广东|浙江|太远|很远|远|那么远|离家远|远处|远地方|远的地方|夜班|晚班|白班|加班|倒班|两班倒|三班倒|长期|短期|临时|工资低|工资太低|低工资|钱少|工钱少|钱给得少|给得少|给钱少|钱太少|工资少|工钱低|工价低|没保险|不包吃住|不包住|不包吃|包吃住|包住|包吃|管吃住|管住|住宿|宿舍|夫妻房|重活|太累|累|体力|站着做|要出远门|[0-9]+(块|元)?以下|[0-9]+(块|元)?以内|低于[0-9]+|不到[0-9]+';
/**
 * 夜班的不需要了 不要发了, 这种活不要发了, 住宿不需要了 不要发包住的: a kind of job named beside a
 * stop, so perhaps only that kind is refused. Not sure enough to end a subscription: the reader
 * makes such a stop unclear, so alerts stop at once and the worker is asked (docs/reader.md);
 * TD, 退订 and words for all of it (全部, 再也, 骚扰) stay sure.
 */
export const kindBesideStop = (compact: string): boolean => KIND_BESIDE_STOP_RE.test(compact) && !EXPLICIT_STOP_RE.test(compact);
const KIND_BESIDE_STOP_RE = new RegExp(`(${NARROW_KINDS}|这种活|那种活|这种工作|那种工作|这类活|这种的|那种的|这样的活)`);
// (麻烦取消一下我的订阅 已经在外省找到工作了: the subscription named is all of it, whatever the reason says; Round 22b.)
const EXPLICIT_STOP_RE = /td|退订|退定|取消订阅|取消(一下|一哈|下|掉)?(我的|我们的|我家的|这个|你们的)?(订阅|定阅)|(订阅|定阅)(给我|帮我)?(取消|退掉|删掉)|拒收|删|注销|永久|永远|再也|全部|都不要|统统|所有|什么都|啥都|哪样都|骚扰|举报|投诉|别再发短信|不要再发短信/;
const NARROWING_RE = new RegExp(`^(那种|这种|那些|这些)?(${NARROW_KINDS}|${TOWN_KINDS})[^,.!?\\s]{0,2}的`);
// What is refused, said before the refusal (采摘的不要发了, 外地的活莫发, 太远的别推): a kind of work and
// the word for it (的, 的活, 的信息), then only particles before 不要发.
const KIND_TAIL = '(那种|这种|之类|方面|一类|类)?(的)?(活|活路|活计|工作|岗位|信息|短信|消息|招工|招聘|通知|厂|地方|那边|那里)?(的)?(就|都|也|你们|以后|再|我|先|暂时|统统|全部)*$';
const NARROW_KIND_BEFORE_RE = new RegExp(`(${NARROW_KINDS}|${TOWN_KINDS})${KIND_TAIL}`);
const ONE_EMPLOYER_BEFORE_RE =
  /(这个|那个|这家|那家|这些|那些)(厂|工厂|公司|老板|基地|工地|单位|车间|地方|果园|园子|饭店|餐馆)(子)?(的)?(活|活路|信息|短信|消息|招工|招聘|岗位)?(的)?(就|都|也|你们|以后|再|我)*$/;
const KIND_WORD_RE = /的|活|工作|岗位|信息|短信|消息|招工|招聘|通知|厂|地方|那边|那里/;
const TIMING_REFUSED_RE =
  /(不要|别|莫|甭|不用)(再)?(给我)?(发|推|通知)?(得)?(太|那么|这么|很)(早|晚)(了|就)?(发|推)?(了|啊|嘛|哦)?|(不要|别|莫|甭)(在)?(半夜|大半夜|半夜三更|深夜|夜里|一大早|大清早|清早|凌晨|天不亮)(就)?(给我)?(发|推)(了|啊|嘛|哦)?|(太|那么|这么)(早|晚)(了)?(就|都|也)?(不要|别|莫|甭)(给我)?(发|推)(了|啊|嘛|哦)?|(?<![0-9一二两三四五六七八九十])[0-9一二两三四五六七八九十]+点(半|钟)?(以后|之后|过后|后|以前|之前|前)(就|都|也)?(不要|别|莫|甭)(再)?(给我)?(发|推)(了|啊|嘛|哦)?/g;
// 晚上莫发, 半夜不要发, 10点以后别发: when to send, not whether.
const TIME_OF_DAY_BEFORE_RE =
  /((晚上|晚间|夜里|夜间|半夜|深更半夜|大半夜|三更半夜|早上|清早|大清早|一大早|早晨|中午|午休|周末|星期天|星期日|礼拜天|星期六|礼拜六|节假日)|(睡觉|休息|上班|干活|做活|开会)(?=的时候|时间|时候))(的时候|时间|时候|以后|之后|[0-9一二两三四五六七八九十半]+点(半|钟)?(以后|之后|后|前|以前|过后)?)?(的)?(就|都|也|你们|请|最好|能不能|可不可以|千万)*$/;
const ENGLISH_PAUSE_RE = /(hold|pause|stop|suspend|mute|nomore|no|dontsend|donotsend)(me)?(anything|any)?(the|my|all|your|sending)?(messages?|texts?|alerts?|notifications?|sms|jobs?|it|them)?(till|until|untill|til|for|fornow|awhile|this(week|month)|next(week|month)|today|tomorrow)|(hold|pause|suspend|mute)(the|my|all|your)?(messages?|texts?|alerts?|notifications?|sms)|takeabreak|notfornow|^(hold|pause|suspend)$/;
const ENGLISH_TIME_RE = /till|until|til|nextweek|nextmonth|thisweek|thismonth|today|tomorrow|fornow|awhile|for(a|one|two|three|four|[0-9]+)(day|week|month)|(a|one|two|three|four|[0-9]+)(day|week|month)s?/;
// Someone else's phone and its owner away (Round 25): a third person — the relative named or 他/她 — not at
// home, out, at work or in hospital (我不在家, the worker's own absence, is not this: it is their own pause).
const OWNER_AWAY_RE =
  /(?:儿子|女儿|姑娘|老公|老婆|媳妇|爱人|爸|妈|爹|爷爷|奶奶|孙子|孙女|哥|姐|弟|妹|侄|外甥|家里人|(?<!其)他|她)(?:的手机|的电话|的号)?[^,.!?]{0,8}?(?:不在家|不在|没在家|没在|出去了|出门了|出远门|外出|去外地|在外地|(?:出去|外面)?打工去了|出去打工|上班去了|在上班|住院|去医院|去学校|在学校|走亲戚|还没回来)/;
// ... and the answer or the sending left until they are back (等他回来再回你们, 她回来了我让她回你们).
const OWNER_BACK_LATER_RE = /(?:回来|回家|到家|有空)[^,.!?]{0,8}?(?:再|才|就|让[他她]|叫[他她]|喊[他她])(?:给你们|跟你们)?(?:回|回复|说|联系|告诉|看|处理|打|发|推|通知)/;

const ENGLISH_RESUME_RE = /(turn|switch|put)(the|my|all|your)?(alerts?|messages?|notifications?|texts?|sms|it|them)?(back)?on|(start|resume|restart|continue|keep)(sending|again|the(alerts|messages)|alerts|messages|notifications)|sendagain|sendmeagain|unpause|backon|imback|iamback/;
const ENGLISH_SKILLS_RE = /(update|change|set|edit|add|new|modify|switch)(my|the)?(skills?|worktype|jobtype|trade)|myskills?|^skills?(are|is)?[a-z]/;
const ENGLISH_PLACE_RE = /(update|change|set|edit|new|modify|switch)(my|the)?(location|address|place|area|town|village|city|county)|^my(location|address|place)|ilive(in|at)|imnowin|iamnowin|nowlivingin|movedto|relocatedto|ihavemoved|imoved/;
const SUBSCRIBE_COMMAND_RE = /订阅|定阅|(?:^|[^a-z])dy(?![a-z])/;
const FACTORY_NEWS_RE =
  /(厂|车间|工厂|公司|工地|基地|老板)[^,.!?]{0,6}(停产|停工|停业|倒闭|关门|关了|跑路|搬走|不开了)|(停产|停工|停业|倒闭|关门)[^,.!?]{0,6}(厂|车间|工厂|公司|工地|基地)/;
const LOST_OR_SEEN_RE = /(牛|猪|羊|狗|鸡|鸭|马|猫)(又)?跑(了|出去了|掉了)|跑丢|走丢|丢了|弄丢|搞丢|不见了|跑掉了|(有人|谁|哪个|哪位)(看到|看见|见到|见过|捡到|拾到)/;
// What an opening is like: pay and how it is counted, meals and a bed, the papers asked for,
// who is taken (age, men or women), the hours, where the workplace is, wages owed.
const JOB_DETAIL_RE = new RegExp(
  [
    '(工资|工钱|薪水|待遇|月薪|底薪|计件|提成)[^,.!?]{0,6}(多少|几多|好多|咋个算|怎么算|咋算|如何算|高不高|咋样|怎么样|什么时候|啥时候|哪天|几号|发不发|给不给|按天|按月|按件|还是|开多少|有多少|一天|一个月)',
    '(包不包|管不管|包没包|管没管)(吃|住|饭|吃住|住宿)|(包吃|包住|管吃|管住|管饭|包饭|吃住|住宿|宿舍)[^,.!?]{0,4}(吗|不|么|嘛|没|没有|没得|呢|咋个|怎么|如何)$',
    '(要不要|需不需要|用不用|要|需要|得|还要|要带|得带)(带)?(身份证|证件|健康证|体检|户口本|照片|押金|学历|毕业证|驾照|驾驶证|电工证|焊工证|上岗证|证)(吗|不|么|没|嘛|呢|啊)?$',
    '(身份证|健康证|体检|押金|证件)[^,.!?]{0,3}(要不要|要吗|需要吗|需不需要|要交|要带|得带)',
    // 要不要会说普通话, 需不需要识字: a skill the opening asks of its workers.
    '(要不要|需不需要|要求|是不是要|得不得|必须)会(说|讲|写|认|用|开|骑|识|看|打|算)',
    '(要|需要|得)(带|交|准备|办|提供)(些)?(什么|哪些|啥|哪样|啥子)(证|证件|材料|资料|东西|手续)',
    // 要不要穿工作服, 发不发工装, 要自己带铺盖吗: what the worker wears or brings.
    '(要不要|需不需要|用不用|要|得|需要|还要)(自己)?(穿|戴|带|买|准备)(工作服|工装|安全帽|劳保鞋|劳保|手套|胶鞋|雨鞋|口罩|帽子|铺盖|被子|被褥|碗筷|饭盒|工具)(吗|不|么|嘛|呢|没)?$|(发不发|给不给|有没有|有没得|发|给)(工作服|工装|劳保用品|劳保|安全帽)(吗|不|么|嘛|呢)?$',
    '(一个月|一天|一小时|每个?月|每天|每小时|一件|月薪|日薪|时薪)(给|开|发|有|能拿|拿|能挣|挣)?(多少|几多|好多)(钱|块)?',
    '(要不要|收不收|要|收)[^,.!?]{0,4}((?<![0-9一二三四五六七八九十几])[0-9一二三四五六七八九十几]+多?岁|年纪大|岁数大|上了年纪|老人|女的|男的|妇女|夫妻|两口子|学生|残疾)(的)?(人)?(吗|不|么|嘛|没|没有|啊|哦)?$',
    '(招不招|招)[^,.!?]{0,4}((?<![0-9一二三四五六七八九十几])[0-9一二三四五六七八九十几]+多?岁|年纪大|岁数大|上了年纪|老人)(的)?(人)?(吗|不|么|嘛|没|没有|啊|哦)?$',
    '((?<![0-9一二三四五六七八九十几])[0-9一二三四五六七八九十几]+多?岁|年纪大的?|岁数大的?|女的|男的|女人|男人|两口子|夫妻)[^,.!?]{0,6}(要不要|要吗|收不收|招不招|能不能去|可以去|能去|行不行|可以吗|能做吗|得不得|要不|收吗|招吗)',
    '\\|接送\\||(车接|接送|班车|车来接)(吗|不|么|没|嘛|呢)?$|能不能去学|可不可以去学|能去学(吗|不)',
    '(过年|春节|节日|国庆|中秋)?放(几天|多少天|多久|好久|几天的)(的)?假|放不放假',
    '(日结|月结|周结|现结|结不结|当天结)(的)?(吗|不|么|没|嘛|呢|还是)|(几点|什么时候|啥时候)(上班|下班|开工|收工)|(一天|每天)(做|干|上|上班)?几个?(小时|钟头)|加不加班|要不要加班|(上|有)夜班(吗|不|没|么)$|休息几天(?=$|吗|呢|啊|嘛|[?])|一个月(休|放)几天',
    '(工资|工钱|钱)[^,.!?]{0,10}(还没给|没给|不给|拖欠|欠着|没结|不结|还没结|还没到)',
    // 伙食费扣多少, 押金怎么扣, 一个月扣多少伙食费 (Round 22): what an opening docks, asked — a detail, not a report.
    '(伙食费|生活费|饭钱|餐费|住宿费|房租|床位费|水电费|管理费|押金|服装费|体检费)[^,.!?]{0,4}(扣多少|扣几多|扣好多|怎么扣|咋个扣|咋扣|要扣吗|扣吗|扣不扣|怎么算|咋个算|多少钱?)|扣(多少|几多|好多)(钱)?(伙食费|生活费|饭钱|餐费|住宿费|房租|床位费|水电费|管理费|押金)',
  ].join('|'),
);
// Where the workplace is, asked of a job named by no code, skill or place (这个厂在哪点).
const WORKPLACE_WHERE_RE =
  /^[^,.!?]{0,8}(这个|那个|这家|那家|你们的?|该|那)(厂|车间|工厂|公司|基地|工地|活|岗位|地方|单位)(子)?(到底|具体)?(在|是在|地址在|开在)?(哪|哪里|哪点|哪儿|哪块|什么地方|哪个地方|哪个村|哪个乡|哪个镇|哪边)[^,.!?]{0,6}$|(厂|车间|工厂|工地|基地)(子)?(离|到)[^,.!?]{1,6}(远不远|多远|有多远)|^[^,.!?]{0,6}(厂|车间|工厂|工地|基地|地方)(子)?[^,.!?]{0,3}(远不远|多远|有多远|近不近|好不好找|好找不)[^,.!?]{0,4}$/;
// Asked whether such work exists, or asked to be told of it: a list, not a detail.
const ASKS_FOR_JOBS_RE =
  /有没有|有没得|有不有|有无|哪里有|哪点有|哪儿有|哪个地方有|哪边有|还有|有哪些|有什么|有啥|推荐|哪里(招|要|收)|哪点(招|要|收)|还(在)?招|招人(吗|不|没)|招工(吗|不|没)|要人(吗|不|没)|缺人|有(合适|好)的|找(活|工作|事)|订阅|登记|报名|我想去|我要去|想报|要报|的有(吗|没)|有[^,.!?]{1,10}的(吗|没|没得|没有|么|嘛)$|有[^,.!?]{1,10}的(厂|厂子|活|活路|工作|岗位|事做|地方|老板|单位|公司|工地|基地)(吗|没|没得|没有|么|嘛|不)$/;

const WORK_ASKED_FIRST_RE = /^[^,.!?]{0,8}(?<![没莫])有(那种|这种|什么|啥)?[^,.!?]{0,6}?(的)?(活|活路|工作|事做|零工)(吗|么|嘛|没有|没得)[,.!?\s]*(那个|请问)?(工资|工钱|待遇|包吃|包住|管吃|管住|吃住|一天|一个月|多少)/;
const CONTACT_BY_TEXT_RE = /(别|不要|莫|不用|甭)(给我)?(打|来)电话(了)?[,.!?\s]*(发|用|回)?(短信|信息)(就行|就可以|就好|联系|通知|告诉)?(我)?(就行|就可以|就好)?/;
function isJobDetailQuestion(c: Clues): boolean {
  // 厂里包吃住吗 3344: the code is the opening asked about, not part of the question.
  // 有没得车接, 有没有宿舍: a detail asked with 有没有, not work asked for; 还有就是 is "and also".
  const compact = (c.code ? c.compact.replace(c.code, '') : c.compact)
    .replace(/(有没有|有没得|有不有)(车接|车子接|车来接|接送|班车|宿舍|食堂|饭吃|住的地方|保险|五险)/g, '|接送|')
    .replace(/还有就是|还有一个|还有个|还有一点|还有啊/g, '|');
  if (ASKS_FOR_JOBS_RE.test(compact)) return false;
  // 草坝镇有那种打包的活吗，工资多少, 有活吗 工资高不高 (Round 23): work asked for in a question of its own, then
  // what it pays or gives — a list asked for, its details with it.
  if (WORK_ASKED_FIRST_RE.test(compact) && !c.code) return false;
  if (JOB_DETAIL_RE.test(compact)) return true;
  // (工地, 厂里 are words of 普工, and here only the workplace.)
  return !c.code && !c.skills.some((s) => s !== '普工') && !c.hasPlace && WORKPLACE_WHERE_RE.test(compact);
}

// What became of something the worker did: an application nobody answered (报了名咋个没人打电话,
// 报了三次怎么没反应), a pause or a change asked for (恢复了没, 地址改好了吗).
const OWN_ACTION_RESULT_RE =
  /(报名|报了名|报了|报上)(以后|之后|后)[^,.!?]{0,6}(会|会不会)(有人)?(打电话|来电话|联系|通知|回复)(我)?(不|吗|么|没)|(报了|报过|报名了|报的|申请了|申请的|报名的?(那个|这个))[^,.!?]{0,10}?(有人|有没有人|有没得人|会不会有人|会有人|什么时候有人|啥时候有人|哪个)(联系|打电话|来电话|通知|回复|回话)|(报了|报过|报名|报上|报的|申请|投)(了|过|名)?[^,.!?]{0,14}?(怎么|咋个|咋|为什么|为啥|还|都|一直|到现在)?(是|也)?(没|没有|不见|莫得|没得)(有)?(人|个人)?(给我|跟我|和我|找我)?(打电话|来电话|打过来|联系|回音|回复|回话|反应|消息|通知|动静|下文|理|管|回|通过|结果)|(恢复|暂停|改|换|修改|更改|订阅|订|登记|取消暂停)(弄|搞|整|办|设置)?(好|成功|上|过来)?了(没有|没得|没|吗|么|不|嘛)$|(恢复|暂停|改|换|订阅)(弄|搞|整|办|设置)?(好|成功)(没有|没得|没|吗|么|不)$/;

// 把搬运删掉 只留厨师, 养猪那个拿掉: a skill taken off the subscription, not the worker.
function isSkillRemoved(c: Clues): boolean {
  if (/号码|电话|手机|短信|信息|消息|推送|订阅|登记|名字|资料|td|退订/.test(c.compact)) return false;
  return c.mentions.some((m) => /^\s*(那个|这个|那样|这样|那项|这项|的活|的)?\s*(删掉|删了|删除|去掉|拿掉|划掉|不要了|取掉)/.test(c.reading.slice(m.end, m.end + 12)) && !WORK_IN_GENERAL.has(c.reading.slice(m.start, m.end)));
}
const APPLICATION_RESULT_RE =
  /(报了|报过|报名了|报上了|报的|报名的?|申请了|申请的)[^,.!?]{0,10}?(有消息|有回音|有回复|有结果|有下文|有人联系|成功|通过|录上|选上|成了|报上)(了)?(没有|没得|没|吗|么|不|嘛)|(报名|报|申请)(成功|上|通过)(了)?(没有|没得|没|吗|么)/;
const WAGE_QUESTION_RE = /(工资|工钱|薪水|待遇)[^,.!?]{0,4}(多少|几多|咋个算|怎么算|高不高|好不好|咋样|怎么样|什么时候|啥时候|哪天|几号|发不发)/;
// Questions about an opening a code names.
const JOB_QUESTION_RE =
  /在哪|哪里|哪点|哪儿|多少|几多|几点|远不远|多远|怎么走|咋个走|怎么去|包吃|包住|限|要不要|要(女|男)|招几|还招|还要|工资|工钱|时间|几号|什么时候|吗$|么$|不$|呢$|没有$|没得$/;
// Availability questions in any order: 摘石榴的活有没有, 今天有零工吗 搬运的, 要人不, 哪里要烤烟的.
const JOB_AVAILABLE_RE =
  /(^|[\s,.!?])(有吗|有没有|有没得|有不有|有么|有嘛|有没)[?]*$|(?<=^|[\s,.!?])(?!我|订阅|登记)[一-龥]{2,6}(还)?(有吗|有没有|有没得|有不有|有么|有嘛|有没)[?]*$|(活|活路|工作|岗位|事做|的|工)(还)?(有吗|有没有|有没得|有不有|有不|有么|有嘛|有没)(?=$|[\s,.!?]|就是|那个|呢|啊|嘛|哦|哈|我|在|的话)|^(今天|这几天|最近|现在|附近|这边|那边|明天)?(有没有|有没得|有不有)|有[^,.!?\s]{0,8}(工|活|活路|事做|岗位)(吗|么|没有|没得|不|嘛)(?=$|[\s,.!?])|有[^,.!?\s]{1,8}的(吗|么|没有|没得|没|不)(?=$|[\s,.!?])|(哪里|哪点|哪儿|哪个地方|哪家|哪个厂|谁家)(要|招|收|缺)|要人(不|吗|没|么|嘛)|(哪里|哪点|哪儿|哪个地方|哪边)有(?=$|[\s,.!?])|(有没有|有没得|有不有)[^,.!?\s]{0,4}(招|要人|缺人|收人)|招[^,.!?\s]{1,6}(吗|么|不|没有|没得)(?=$|[\s,.!?])|(看看|问问)?(你们|你们那边|那边|那里|这边)(有没有|有没得|有不有)(活|活路|工作)?$|any ?jobs?|jobs? (near|in|around)|(some|any) work|(要不要|招不招|收不收|缺不缺)[^,.!?\s]{1,8}的(人|工人)?(?=$|[\s,.!?])|(要不要|招不招|缺不缺)(小工|工人|帮工|零工|临时工|杂工|人手)|(哪里|哪点|哪儿|哪个地方|哪边)有[^,.!?\s]{0,8}(招|要|收|缺)[^,.!?\s]{0,6}的|(?<=[一-龥])有(没有|没得|不有)[?]*$|有[^,.!?\s]{1,8}的(厂|厂子|活|活路|工作|事做|岗位|地方|基地|公司|工地|单位|车间|大棚|园子|果园)(吗|么|没有|没得|没|不)(?=$|[\s,.!?])|(工作|活|活路|岗位|招工)[^,.!?\s]{0,2}(发|推)(给|过来给)?(我|来|过来)?(看看|看一下|看下|瞧瞧|瞅瞅)/;
// 有活路喊我, 有活告诉他: sign me up.
const BURIED_JOB_QUESTION_RE = /(问一下|问问|想问|请问|打听一下|打听)[^,.!?]{0,12}(有没有|有没得|有不有|有什么|有哪样|有啥|还有)[^,.!?]{0,16}(活|活路|工作|事做|事情做|岗位|招工|招人)/;
const OWN_STATE_RE =
  /^(我|我们|他|她|我妈|我爸)?(报名|报了名|报上名|报好名)了?(吗|没|没有|没得|么)$|(是不是|有没有|有没得)(已经)?(报上|报好|报进|报成|报名成功|登记上|订上)|(报上|登记上|订上)(名)?了?(没|吗|没有|没得|不)|^我的(订阅|登记|资料)(信息|情况)?$|我的(订阅|登记)[^,.!?]{0,3}(是)?(什么|哪样|啥|看看|查一下|查查)|(怎么|咋个|为什么|为啥|咋)(还)?(没|没有)(收到|收着|接到)|^(我)?(怎么|咋个|咋)(我)?(就|都|还|一直|老是|总是)?(收不到|接不到|收不着)(任何)?(短信|信息|消息|你们的?短信|岗位|工作|活|活路|招工|通知)?(信息|消息|短信)?(了|啦|呢|啊)?$|(别人|人家)[^,.!?]{0,4}(都)?收到了/;
const SERVICE_QUESTION_RE =
  /(收费|要钱|交钱|收钱|付钱|给钱|花钱|费用|押金|手续费|介绍费|中介费|免费)[^,.!?]{0,4}(吗|不|没|吧|嘛|么|\?)|(收费|要钱|交钱)$|(要不要|收不收|用不用|给不给)(钱|费|交钱|付钱|花钱)|(要|收|交|花)(多少)?钱(吗|不|没|吧|嘛|么|\?|$)|(要|还要|得)(钱|交钱)不|不(要|收)钱(的)?吧|(不识字|不认字|文盲|年纪大|老人|残疾|女的|男的|外地人|不是本地人|不是本地的|不是这边的人|外乡人|外县人|(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]+岁)[^,.!?]{0,6}(能不能|可不可以|可以|能|行不行|要不要)[^,.!?]{0,4}(报名|订阅|报|登记|用|订)|你们是(干什么|做什么|干嘛|什么|哪样)|(这个|你们)是不是(找工作|招工)|(别的|其他|其它|外)(县|乡|镇|地方|州|省|村|寨)(的)?(人)?[^,.!?]{0,4}(报得了|报得成|报得到|能报|可以报|能用|可以用|用得了|能不能报|可不可以报|能不能用|能订|可以订)|(不会打字|不识字|不会写字|打不来字)?[^,.!?]{0,4}(发|用|说|讲)(语音|话|视频|图片|照片|截图)(可以|行|能|得行|要得)(吗|不|么|嘛|没)|(可以|能|能不能|可不可以)(发|用|回)(语音|视频|图片|照片|截图)(吗|不|么|嘛)?$/;
// What the worker will put up with, said of themselves (给钱就干, 有钱就做, 不停干都行, 通宵都得): terms offered,
// not a question about fees or hours.
const WILLING_RE = /(给钱|有钱|钱给够|钱够|钱到位|工资高|工钱高|工资给够)(了)?(就|都|我就|我都)(干|做|去|来|行|得|要得)|(不停|通宵|熬夜|加班|多久|几点|多累|多远|再累|再远)(的)?(干|做|上班)?(都|也)(行|可以|得|干|做|得行|要得|没事|没问题|不怕)/g;
const STANDING_SEND_RE =
  /(以后|今后|往后|以后有|有(?=[^,.!?]{1,12}(招人|招工|要人)))[^,.!?]{0,12}(帮我|给我)(推|发|推送|通知)(一下|下|过来)?(吧|哈|嘛|啊|哦)?(?!(几个|看看|看一下|看下))|有[^,.!?]{1,12}的(岗位|活|活路|工作|信息)[^,.!?]{0,2}(给我|帮我)(发|推|推送)(一下|下|过来)?(吧|哈|嘛|啊|哦)?$|(可以|能|能不能|可不可以|请)(给我|帮我)(发|推|推送)(招聘|招工|岗位|工作|活路)(的)?(信息|消息|短信|通知)|(?<![不别莫没])(想|要|愿意|申请)(接收|收)(你们的?)?(岗位|招聘|招工|工作)(的)?(信息|消息|短信|通知)/;
const SUBSCRIBE_ASK_RE = /(招[^,.!?]{0,6}?|要人|缺人|有活|有工作|有活路)(的话|的时候|了|的(?=就|都))(就|都)?[^,.!?]{0,4}(发给我|发我|告诉我|通知我|喊我|叫我|说一声|讲一声|吱一声|喊一声|叫一声|喊一下|喊我一声)|(以后|今后|往后)(有)?(招工|招人|活|工作)(的|的信息)?(都|就)?(发|推|告诉|通知)(给)?我|有(合适的?)?(活|活路|工作|事做|岗位)(了)?[^,.!?]{0,6}(说一声|说一下|讲一声|讲一下|吱一声|喊一声|叫一声|喊一下|喊我一声|打个电话|打电话|知会|招呼|发我|发给我|告诉我|通知我)|有(合适的?)?(活|活路|工作|事做|岗位)[^,.!?]{0,4}(喊|叫|通知|告诉|联系|发给|打电话给)(我|他|她|我们)|(活|活路|工作|事做|岗位)有(了)?(就|的话|的时候)?(喊|叫|通知|告诉|联系)(我|他|她|我们)|(订|收|接收|要|想收|想要)[^,.!?不别莫]{0,6}(招工|工作|活路|招人)的?(信息|短信|消息|通知)/;
// Work words that are not a wish to work: 不想干了, 今天不去上班, 别人家都出去打工了.
const NOT_LOOKING_RE = /(不|没|不想|不去|不能|不要|走不开|没法|没办法)(去|出去)?(打工|上班|干|做工)|(在|已经|正在)(上班|打工|干活)(了)?|别人[^,.!?]{0,8}(打工|上班)|(不要|不想|不)订阅/g;

/** Whether a run of letters splits into pinyin syllables (gei, wode, baoming). */
function isPinyinRun(word: string): boolean {
  const ok: boolean[] = [true];
  for (let i = 1; i <= word.length; i++) {
    ok[i] = false;
    for (let j = Math.max(0, i - 6); j < i && !ok[i]; j++) if (ok[j] && PINYIN_SYLLABLES.has(word.slice(j, i))) ok[i] = true;
  }
  return ok[word.length] === true;
}

function leadCommand(reading: string): Intent | undefined {
  const text = stripLeadFillers(reading);
  const ascii = /^([a-z]+)(?![a-z])/.exec(text.slice(0, 64));
  if (ascii?.[1]) {
    const word = ascii[1];
    const direct = LEAD_ASCII.get(word);
    if (direct) return direct;
    // "ding yue", "bao ming": pinyin typed syllable by syllable.
    const next = /^ ([a-z]+)(?![a-z])/.exec(text.slice(word.length, word.length + 64))?.[1];
    if (next) return LEAD_ASCII.get(word + next);
    // gwa, bmm: a two-letter command typed with a vowel or a letter doubled, alone in the text and
    // no pinyin (gei, bao and wode stay words): its consonants are the command.
    if (text.trim() === word && word.length <= 5 && !isPinyinRun(word)) {
      const skeleton = word.replace(/[aeiouv]/g, '').replace(/(.)\1+/g, '$1');
      if (skeleton.length === 2 && skeleton[0] === word[0] && skeleton !== 'td') return LEAD_ASCII.get(skeleton);
    }
    return undefined;
  }
  // 订阅的时候写错了: a command word followed by 的 is a noun in a sentence, not a command.
  for (const [word, intent] of LEAD_COMMANDS) if (text.startsWith(word) && text[word.length] !== '的') return intent;
  return undefined;
}

// (莫管哪样活 只要离家近: "whatever the work", said with the kind left open and no 都 after it.)
const ANY_WORK_RE = /(不拘|不管|莫管|随便|无论|不论)?(哪样|什么|啥子|啥|哪种|哪点|哪里|哪儿)的?(活|活路|工作|事|地方)?(都|也)(做得|能做|可以|行|干|做|得行|要得|干得|能干|会|去|成|得(?![到了]))|(不拘|不管|莫管|管他|管它)(是)?(哪样|什么|啥子|啥|哪种)的?(活|活路|工作|事)/g;

// Words of the 普工 skill that name work in general or where it is done (厂里, 进厂): no kind.
const WORK_IN_GENERAL = new Set(['厂里', '工厂里', '进厂', '进厂打工', '在家做', '拿回家做', '带回家做', '普工', '普通工人']);
const PAST_TIME_RE =
  /(去年|前年|前几年|那几年|那年|以前|之前|早先|上次|上回|当时|那时候?|刚开始|开始的时候)[^,.!?]{0,16}|(回来|回家|过年|春节|过节)[^,.!?\s]{0,4}(登记|订|报|弄|注册|办|填)的|(做了|干了|打了|上了|待了|呆了|去了|住了|跑了)[^,.!?]{0,3}(一段时间|一阵子?|几天|几个月|几年|[0-9一二两三四五六七八九十半几]+个?(天|月|年))/g;
const NO_LONGER_NEEDED_RE = /(不需要|用不上|用不着|不想要|不要)(了|啦|咯)(?![^,.!?]{0,2}的)/;
const AWAY_FOR_GOOD_RE =
  /(今年|明年|这辈子|以后|再|暂时|短时间|一时半会儿?)?(过年|春节)?(都|也|就|是)?(不回来|回不来|回来不了|回去不了|不回去|回不去|不会回来|不打算回来|不想回来|不回家|不回老家|不会回去|不打算回去)(了|啦|咯)?/g;

/**
 * A refusal of one kind of what is sent, said before the refusal: 采摘的不要发了 (a skill: the
 * skills change), 太远的莫发 我只在牛角寨附近做 (distance, with the place wanted: the place changes),
 * 蒙自的别发了 只要个旧的 (a place), 晚上莫发 (a time of day: nothing to act on). Null when the text
 * refuses everything, or refuses again after (采摘的不要发了 什么都不要发了).
 */
function refusedBefore(before: string, after: string, c: Clues): Intent | null {
  // 你们那些工地的信息不消发了: every employer the service sends, whatever kind is named — a stop.
  if (/(你们|你们的)(那些|这些|所有的?|全部的?)[^,.!?]{0,8}$/.test(before)) return null;
  if (SOFT_STOP_RE.test(after) || /td|退订|拒收|取消/.test(after)) return null;
  if (TIME_OF_DAY_BEFORE_RE.test(before)) return 'unknown';
  // 这个厂的别发了 太远, 那家老板的莫推: one employer refused, the others still sent.
  // ... but 你们那些厂的信息不要发了 names every employer the service sends: a stop.
  if (ONE_EMPLOYER_BEFORE_RE.test(before) && !/(你们|你们的|你们那边的?)(那些|这些|所有的?|全部的?)(厂|工厂|公司|老板|基地|工地|单位)/.test(before)) return 'unknown';
  const wantsPlace = c.placesIn ? c.placesIn(after) : false;
  const kind = NARROW_KIND_BEFORE_RE.exec(before);
  // 我在县城租房子了 建水临安 离家远的就别发了: a move told before far work is refused — the place changes.
  const movedBefore = c.hasPlace && /远/.test(kind?.[0] ?? '') && UPDATE_PLACE_RE.test(before);
  if (kind && KIND_WORD_RE.test(kind[0].slice((kind[1] as string).length))) return wantsPlace || movedBefore ? 'update_place' : c.skills.length > 0 ? 'update_skills' : 'unknown';
  // A skill (not work in general: 厂里, 进厂) named just before the refusal.
  for (const m of c.mentions) {
    if (WORK_IN_GENERAL.has(c.reading.slice(m.start, m.end))) continue;
    const word = c.reading.slice(m.start, m.end).replace(/[\s\p{P}\p{S}]/gu, '');
    const at = before.lastIndexOf(word);
    if (at >= 0 && new RegExp(`^${KIND_TAIL}`).test(before.slice(at + word.length))) return 'update_skills';
  }
  // A place named just before the refusal, and another wanted after it.
  const placed = /(\p{Script=Han}{2,8}?)(那边|那里|那块|附近)?的(活|活路|活计|工作|岗位|信息|短信|消息|招工|厂)?(的)?(就|都|也|你们|以后|再)*$/u.exec(before);
  if (placed?.[1] && wantsPlace && c.placesIn?.(placed[1])) return 'update_place';
  return null;
}

// Another skill kept after one taken off (只留缝纫, 保留厨师, 就要缝纫的, 缝纫的留着).
const SKILL_KEPT_AFTER_RE = /只留|保留|留下|留着|只要|就要|只做|还要|换成|改成/;
// Only one kind stopped (只退订…的, 只取消…的), or the rest kept (其他照发, 别的照常).
const ONLY_STOP_RE = /只(是)?(想|要)?(退订|退掉|退|取消|不要|不收|不接收|屏蔽|停掉|停)(掉)?[^,.!?]{1,10}?的/;
// 退订 但是有缝纫的工作还是发给我, 不要发了 不过保洁的照样推: one kind kept after the stop.
const KIND_KEPT_RE = /(但是|但|不过|可是|只是|就是|除了)[^,.!?]{1,12}?((还是|照样|照常|继续|还|也|可以|就)(要|发|推|通知|告诉)|照发|照推)|(?<=[^,.!?]{2})除了[^,.!?]{1,10}?的(活|工作|信息)?(以外|之外)?$|(保留|留着|留下|发点|发些|改发|换发|推点|推些)/;
const OTHERS_KEPT_RE = /(其他|其它|别的|其余|剩下|剩余)(的)?[^,.!?]{0,4}(照发|照常|照样|继续|还要|还是要|要的|可以发|留着|不变|不动)/;

function partialStop(c: Clues): Intent | null {
  const { compact } = c;
  // 退订保安的, 取消搬运的活: a stop word and one kind after it, the kind ending in 的.
  const lead = /^(退订|退掉|取消|屏蔽|不收|拒收|停发|停掉)(掉)?(那些|这些|那种|这种)?/.exec(compact);
  if (lead) {
    const rest = compact.slice(lead[0].length);
    const words = c.mentions.map((m) => c.reading.slice(m.start, m.end).replace(/[\s\p{P}\p{S}]/gu, '')).filter((w) => !WORK_IN_GENERAL.has(w));
    if (rest.length <= 12 && /的(活|活路|信息|工作|短信|岗位)?(了|吧|啊|哈)*$/.test(rest) && words.some((w) => rest.startsWith(w))) return 'update_skills';
    // 取消裁剪 只留缝纫, 退掉搬运 保留厨师: one skill taken off and another kept — the skills change.
    if (words.some((w) => rest.startsWith(w)) && SKILL_KEPT_AFTER_RE.test(rest) && c.mentions.length > 1) return 'update_skills';
  }
  const only = ONLY_STOP_RE.exec(compact);
  if (!only && !((OTHERS_KEPT_RE.test(compact) || KIND_KEPT_RE.test(compact)) && /退订|退掉|取消|不要|别|莫|不发|停|屏蔽|不收|拒收|td/.test(compact))) return null;
  // 全部退订 其他的也不要: everything stops.
  if (/全部|统统|所有|都不要|都别|什么都|啥都|一律/.test(compact)) return null;
  const part = only ? only[0] : compact;
  if (c.mentions.some((m) => !WORK_IN_GENERAL.has(c.reading.slice(m.start, m.end)) && part.includes(c.reading.slice(m.start, m.end).replace(/[\s\p{P}\p{S}]/gu, '')))) return 'update_skills';
  if (new RegExp(NARROW_KINDS).test(part)) return c.placesIn?.(compact.slice(only ? (only.index + only[0].length) : 0)) ? 'update_place' : 'unknown';
  // 不要发建水那边的了 改发石屏: what is sent instead is a place.
  const kept = /(改发|换发|改推|换推|改成发|改成)/.exec(compact);
  if (kept && c.placesIn?.(compact.slice(kept.index + kept[0].length))) return 'update_place';
  if (c.placesIn?.(part)) return 'unknown';
  return null;
}

function startsWithSkill(after: string, c: Clues): boolean {
  const skillWords = c.mentions.map((m) => c.reading.slice(m.start, m.end));
  const rest = after.replace(/^(送|送给我|给我)?(那些|这些|什么|那种|这种|啥|做|干|搞)?/, '');
  return skillWords.some((w) => rest.startsWith(w));
}

function isBareCode(core: string, code: string): boolean {
  if (core.length > 40) return false;
  const rest = core.replace(code, '').replace(/号|的|这个|那个|工作|岗位|活/g, '');
  return rest === '' || APPLY_WITH_CODE_RE.test(rest) || /^(去|我去|要|我要|选|就)$/.test(rest) || CONFIRM_WORDS.has(rest);
}
