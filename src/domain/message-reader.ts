import type { PlaceCandidate, PlaceIndex } from './places.js';
import { classifyText, type ModelGuess } from './reader-model.js';
import {
  CN_DIGIT,
  createLexiconCorrector,
  joinSpacedCharacters,
  numbersToDigits,
  stripEmoji,
  stripPinyinTones,
  type LexiconCorrector,
} from './reading-text.js';
import { findSkillMentions, SKILLS } from './skills.js';
import { normalizeText } from './text-normalize.js';

export type Intent =
  | 'subscribe'
  | 'unsubscribe'
  | 'help'
  | 'list_jobs'
  | 'apply'
  | 'pause'
  | 'resume'
  | 'status'
  | 'update_skills'
  | 'update_place'
  | 'confirm'
  | 'unknown';

/** How long a worker asked not to be sent alerts. */
export type PauseLength = { days: number } | { until: 'after_spring_festival' };

/** What a worker's text says, as far as words alone can tell. */
export interface ReadMessage {
  /**
   * What the text asks for. `confirm` is no longer produced: a yes-word means something only
   * as the answer to a question, so it reads `unknown` with `affirmative` set.
   */
  intent: Intent;
  /** Canonical skill names, in order of mention. */
  skills: string[];
  /** Places mentioned, in order of mention, the best candidate of each first. */
  places: PlaceCandidate[];
  /** The application code (a job's number), digits only. */
  code: string | null;
  /** Only for the pause intent; null there when no length was given (先别发). */
  pause: PauseLength | null;
  normalized: string;
  /**
   * Bare numbers such as "1 3" or "1,3": answers to a numbered menu. The intent is then
   * unknown, because only the conversation knows what the menu was.
   */
  menuChoices: number[];
  /**
   * For the unsubscribe intent: 'sure' when the words leave no doubt (TD, 退订, 别再发了),
   * 'unclear' when the text may be a request to stop (天天发烦死了, 我没订过): alerts then stop at
   * once and the worker is asked to confirm (回TD退订，回1继续接收). Null for other intents.
   */
  optOut: 'sure' | 'unclear' | null;
  /** A yes-word (好, 可以, 要得, 👍): the answer to a question if a dialog asked one. */
  affirmative: boolean;
  /**
   * Neither the rules nor the model could tell what the text wants: the bot asks a numbered
   * question (回1找工作 2查岗位 3暂停 4退订) instead of guessing. The intent is then unknown.
   */
  clarify: boolean;
  /** Where the reading came from: a rule, the statistical model, or neither. */
  source: 'rule' | 'model' | 'none';
  /** The text as read: emoji out, pinyin and homophones of known words corrected. */
  reading: string;
}

// ---------------------------------------------------------------------------------------------
// Opt-out. Carriers and the MIIT rules on commercial SMS require T, TD, R, N and 0000 (and the
// words 退订, 取消, STOP) to stop messages whatever else is going on, so these checks run first
// and are deliberately generous: recall comes first (docs/reader.md).

const OPT_OUT_WORDS = new Set([
  't', 'td', 'r', 'n', '0000', 'stop', 'unsubscribe', 'unsub', 'tuiding', 'quxiao', 'qx', 'qxdy', 'tdtd',
  '退订', '退定', '退丁', '推订', '退订阅', '退定阅', '退掉', '退', '退出', '取消', '取消订阅', '取消定阅',
  '不要', '不用', '不需要', '不用了', '不需要了', '停止', '停止发送', '停', '停发', '别发', '莫发', '不要发',
  '拒收', '拒绝', '解除', '注销', '删除', '删掉', '删了', '不订', '不订阅', '不订了', '没兴趣', '不感兴趣',
  '退订td', 'td退订', 't退订', '退订t', '不要再发', '别再发', '不要发短信', '不要了', '莫要了', '不消了',
  '算了不要了', '不收', '不收了', '不接收', '不接受', '不要短信', '不要信息', '不要消息', '不想要了', '关掉',
  '关闭', '别发了', '莫发了', '不消发了', '甭发了', 'no', 'nomore', 'cancel', 'quit', 'end', 'remove', 'optout',
  'tuichu', 'shanchu', 'buyao', 'buyaole', 'biefa', 'biefale', 'tingzhi', 'jushou', 'dt', 'tdd', 'ttd', '删号', '销号', '删号码',
]);

// Words around an opt-out that do not change it: politeness, particles, the object.
const LEAD_FILLERS = [
  '您好', '你好', '老板', '老师', '师傅', '喂', '哎', '嗯', '那个', '麻烦你', '麻烦您', '麻烦', '请你',
  '请您', '请帮我', '请', '帮我', '给我', '我要', '我想', '我需要', '想要', '要', '想', '马上', '立即', '立刻',
  '赶紧', '赶快', '直接', '回复', '回', '全部', '都', '统统', '把', '就', '我', 'please', 'pls', 'plz',
];
const TRAIL_FILLERS = [
  '谢谢你', '谢谢您', '谢谢啦', '谢谢了', '谢谢', '谢啦', '多谢', '感谢', '拜托', '好吗', '可以吗', '行吗',
  '好不好', '一下', '了', '吧', '啊', '呀', '哦', '噢', '嘛', '呢', '哈', '啦', '下', '掉', '我', '吗',
  '短信', '信息', '消息', '服务', '通知', '推送', '的', '哇', '喔', '啰', '咯', 'please', 'pls', 'plz', 'thanks',
  'thankyou', 'thx', 'now',
];

// 不退订, 我不是要退订, 别删我: the worker says the opposite.
const NEGATED_OPT_OUT_RE =
  /(不|别|不要|不想|没|没有|莫|不用|不会|不是要|不是想|不是|没想|没有想|没说|没说要|不打算|并不|不能)(要|想)?(退订|退定|退丁|退出|取消订阅|删除?我|拒收|td|t$)|(不要|别|莫|不用|不能|不许)(停|停止|停发|断)(?!电|水|网|车|工)/;
// An earlier opt-out taken back: 上次发了退订 现在又想收了, 之前退订了 能重新订吗, 刚才说退订是开玩笑的.
const PAST_OPT_OUT_RE = /(上次|之前|以前|刚才|刚刚|昨天|前几天|前面|那天|早上|先前)[^,.!?]{0,5}(td|退订|退定|取消)/;
const TAKEN_BACK_RE = /又想|想收|还想|重新|再订|还能|能不能再|能不能重新|能重新|继续|开玩笑|玩笑|不算|发错|撤回|恢复|又要|还要|再发|要收/;
// A mistaken TD being corrected: 刚才发TD是发错了, 手滑按了退订.
const OPT_OUT_MISTAKE_RE =
  /(发错|误发|按错|点错|打错|错发|错按|错点|不小心|手滑|搞错|弄错|乱发|乱按|小孩|娃娃|孙子|孙女|发着玩|开玩笑|无意)[^,.!?]{0,12}(td|退订|退定|t\b)|(td|退订|退定)[^,.!?]{0,10}(发错|误发|按错|点错|打错|搞错|弄错|错了|不小心|手滑|不算|作废|无效|撤回|收回|乱按|乱发|乱点|小孩|孩子|孙子|孙女|娃娃|不是我|开玩笑|玩笑)/;
// A question about what TD (or R, 0000, 退订) means or does: help, not a request.
const OPT_OUT_QUESTION_RE =
  /(?:td|退订|0000|拒收请回复r|回r|\br\b|\bt\b)[^,.!?]{0,6}?(?:是什么|是啥|是哪样|啥意思|什么意思|哪样意思|是么子|是干什么|干什么用|干嘛用|是干嘛|有什么用|代表什么|指什么|什么东西|会怎么样|会怎样|会咋个|会不会|是不是|是退订吗|是退订的意思|怎么用|咋个用|怎么回|咋个回|怎么发|是啥子|是(?:拒收|退订|取消)(?:吗|嘛|的意思))|(?:什么是|什么叫|啥叫|啥是|哪样是|哪样叫)(?:td|退订)|(?:退订|td)(?:了|以后|之后|后)[^,.!?]{0,8}(?:还能|能不能|可不可以|还可以|会不会)|(?:和|跟|与)(?:退订|td|暂停)[^,.!?]{0,6}(?:区别|不同|一样)|(?:td|退订|\br\b)[^,.!?]{0,4}(?:有用|管用|有没有用|有效|好使)(?:没|吗|不|没有|嘛)|(?:退订|td|暂停)(?:和|跟|与)[^,.!?]{0,6}(?:区别|不同|一样)/;
// A command word asked about (BM是什么, ZT是啥 HF是啥, DY什么意思): help.
const COMMAND_QUESTION_RE =
  /(?:(?:^|[^a-z])(?:bm|dy|gw|zt|hf|wd|jn|dz|bz|td)|(?:回复?|发|打|输入|按|写)(?:报名|订阅|暂停|恢复|岗位|状态|帮助)|^(?:报名|订阅|暂停|恢复|岗位|状态)(?:这个|这两个字|两个字)?)(?:这个|这两个字母?|两个字母?|到底|又|究竟|的|字母){0,2}(?:是什么|是啥|是哪样|啥意思|什么意思|哪样意思|是干什么|干什么用|是么子|是啥子|代表什么|指什么|是干嘛|干嘛的|干嘛用|做什么的|是干哪样|干哪样的|是做什么|做哪样|干哪样|有什么用|有啥用|有哪样用|什么用|用来干|啥子意思|是哪样东西|是什么东西)/;
// How to do something: 怎么报名, 咋个订, 请问怎么找工作 (not 怎么退订: that asks to stop).
const HOW_TO_RE =
  /(怎么|咋个|如何|怎样|咋)(才能|才可以|可以|能|去)?(找工作|找活|报名|报|订阅|订|登记|用|弄|操作|暂停|恢复|改|查|回复?|看)(?!了)|(编号|代码|号码)[^,.!?]{0,2}(在哪|哪里|哪点|怎么)(看|找|查|知道)|是不是就|会不会就|(哪里|谁|哪个|什么地方|哪家)(发|发来)的|(有没有|有没得|要)(人工|客服)|(不用|没有|没得|不要)[^,.!?]{0,6}(可以|能|能不能)(报名|订阅|用|报)(吗|不|么)?/;
// What did I (or my mother) sign up for: 我订阅的是哪样, 我填的地址是哪里, 我妈订的是哪样活.
const OWN_SUBSCRIPTION_RE =
  /(我|我妈|我爸|我家|他|她|我老公|我老婆|我儿子|我女儿|我们)[^,.!?\s]{0,4}(订|订阅|定|登记|填|报)(的|了)((是|那个)?[^,.!?\s]{0,10}|\s(是|那个)[^,.!?\s]{0,10})(哪样|什么|啥|哪里|哪个|哪些|哪点|哪儿|信息|资料)|(报名|报)的[^,.!?]{0,14}(什么时候|啥时候|哪天|几号|怎么样|结果)|(订|登记|注册)(的|了|过)[^,.!?]{0,12}(没收到|收不到|没有收到|没发|不发|没动静)/;
// Am I unsubscribed (already)? A status question, not a request.
const OPT_OUT_STATUS_RE = /(?:是不是|有没有|是否)(?:已经|被|给我|把我)?(?:退订|取消|退出|停)(?:了|掉了)?(?:吗|呢|没有|没)?$|(?:是不是|有没有|是否)(?:已经|被|给我)(?:退订|取消|退出)|我没(?:有)?退订/;

const OPT_OUT_ANYWHERE_RE = new RegExp(
  [
    '退订|退定|退丁|推订|退訂|退群|退出群|退出(?:这个|你们|归雁|订阅|平台|服务|系统)',
    // Permanence: 永久停止, 以后都不要发, 再也别发
    '(?:永久|永远|彻底|以后都|以后再也|再也|从此|一辈子)(?:不要|别|莫|不用|不|停|停止|取消|退|拒)',
    // The subscription itself removed: 撤销订阅, 订阅取消, 把订阅删了, 号码删除
    '(?:撤销|撤掉|撤了|退掉|删掉|删除|删了|取消掉|去掉|解除|终止|结束|停止|停掉)(?:我的)?(?:订阅|定阅|登记|注册|这个订阅)',
    '(?:订阅|定阅|登记|短信|推送|通知|号码|手机号|电话号码?)[^,.!?]{0,4}(?:取消|撤销|删除|删掉|删了|退掉|不要了|关掉|注销)',
    '(?:把|将)[^,.!?]{0,16}(?:号码|电话|手机号?|名字|我|订阅|这个)[^,.!?]{0,6}(?:删|移除|移出|去掉|拿掉|除名|注销|划掉|退了|退掉|踢出)',
    '(?:移出|移除|踢出|撤出|划出|拿出)(?:你们的?)?(?:名单|列表|系统|群|通讯录|名册)',
    '取消(?:订阅|定阅|订购|短信|信息|消息|推送|服务|关注|通知|发送|提醒|登记|注册|我的订阅|掉|了吧)',
    '拒收|拒绝接收|拒接|不再接收|不再接受|unsubscribe|optout',
    // Removal: 把我删了, 删除我的号码, 从名单里去掉, 注销账号
    '(?:删除|删掉|删了|删去|移除|除名|去掉|拿掉|注销|划掉|踢掉|踢出)(?:我|我的|号码|手机|电话|账号|帐号|信息|名字|资料|订阅|登记)',
    '(?:把我|将我|我的号码|我的号|我的电话|我的手机号?|我的名字|我的信息|我的资料|我的账号|把号码|把电话|把手机号?|把名字)[^,.!?]{0,10}(?:删|移除|去掉|拿掉|除名|注销|划掉|踢|撤掉|撤了|撤下)',
    '(?:从|在)(?:名单|列表|通讯录|系统|你们那|你们这|群|名册|花名册)[^,.!?]{0,6}(?:删|去掉|拿掉|移除|除名|踢|撤)',
    // Refusal: 不接收, 我不收你们的短信, 不要你们的信息
    '不(?:想|再)?(?:接收|接受|收|要|看|需要)(?:你们|你|这些|这种|这个|这类|此类|任何|的|这样的)*(?:短信|信息|消息|推送|通知|广告|招聘信息|岗位信息|简讯|讯息)',
    // The service itself refused: 我不要这个了, 这个不要了, 退了退了, 莫整了
    '不要这个(?:了|啦)|这个(?:我)?不要了|^(?:退了|退吧|退掉)+$|莫整了|莫要整了|别整了',
    '不(?:再)?(?:接收|接受)(?:了|啦|吧)?$',
    '(?:我|本人)(?:不收|不要|不需要|不接)(?:了|啦)?$',
    // Pushes off: 关掉推送, 把通知关了
    '(?:关|关掉|关闭|关了|停掉|停了|屏蔽|取消)(?:你们的?)?(?:推送|通知|提醒|短信提醒|消息提醒|订阅|短信通知|信息推送)',
    '(?:推送|通知|提醒|短信|消息|订阅)[^,.!?]{0,4}(?:关掉|关了|关闭|关上|停掉|取消掉)',
    // Do not disturb
    '(?:别|不要|莫|莫要|勿|请勿|不准|不许|不想被|不愿被|不要再|别再|莫再)(?:再)?(?:来)?(?:打扰|骚扰|烦我|吵)',
    '免打扰|勿扰|拉黑|黑名单|屏蔽你们|屏蔽这个',
    // Subscription ended: 不订了, 不想订了, 不要订了
    '(?:不|不想|不要|莫|别)(?:再)?(?:订|订阅|定阅|登记|关注)(?:了|啦|咯|这个|你们)',
    '(?:不想|不愿意|不愿|不要|不需要|不用|不消)(?:再)?(?:收|接收|接|收到|看到|接到)(?:你们|你|这些|的)*(?:短信|信息|消息|通知|推送)?(?:了|啦)',
    // English, spaces gone: remove me, don't send, no more messages, leave me alone
    'removeme|deleteme|dontsend|donotsend|dontmessage|donotmessage|donttext|donotcontact|dontcontact|nomoremessage|nomoresms|nomoretext|stopsending|stopmessag|stoptext|leavemealone|donotdisturb|dontdisturb|takemeoff|unsubscrib|cancelsubscri|optmeout|notinterested',
  ].join('|'),
);
// Tokens that opt out wherever they stand; single letters (t, r, n) only count as the whole text,
// so that T恤 or an R in a sentence is not an opt-out.
const OPT_OUT_TOKENS = new Set(['td', 'stop', 'unsubscribe', 'unsub', 'tuiding', 'optout']);

// "Don't send any more": an opt-out unless the worker says when to start again (then a pause)
// or narrows what is sent (不要发编织的了). 发 must not start another word (发工资, 发货).
const SOFT_STOP_RE =
  /(不要|别|莫要|莫|不用|甭|勿|不准|不许|不必|不消|不需要|停止|停掉|停|少)(再|继续|老是|总是|一直|每天|天天|乱|在|再来)?(给我|跟我|向我|帮我|和我|对我|来|给[^,.!?]{1,4}?)?(发(?!工资|钱|货|工钱|红包|快递|烧|芽|财|展|现|明|生|火|票|脾气|错|语音|视频|图片|照片|微信|定位|位置)|传(?:简讯|讯息|短信|信息)|推送|推(?!荐)|打扰|通知(?!书)|联系|骚扰|烦|短信)|(不想|不愿意|不再|不要再?|不需要再?)(收|接收|接到|看到)(短信|信息|消息|通知)?|拉黑|骚扰|烦死|好烦|别烦|滚|不找(工作|活|活路|事做)?了|不需要(工作|找工作|了)|不打工了|投诉|举报/;
const PAUSE_CUE_RE =
  /先|暂时|暂且|这几天|这段时间|这阵子|这个月|最近|过几天|过段时间|过一段时间|晚点|晚些|以后再|之后再|后再|再说|等[^,.!?]{0,10}(再|后|完|了)|过完年|过了年|过年|年后|春节|农忙|忙完|几天|(过|停|等|暂停|歇|休息)[^,.!?]{0,2}[0-9一二两三四五六七八九十半几]+个?(天|周|星期|礼拜|月)|(?<![0-9一二两三四五六七八九十半几])[0-9一二两三四五六七八九十半几]+个?(天|周|星期|礼拜|月)(以后|之后|后|再|才)|个把月|下个?月|下个?(周|星期|礼拜)|明年|回来|(收|烤|摘|栽|种|割|挖|掰)完|月底|年底|节后|过节|暂停|住院|生病|坐月子|带孩子/;
// Pauses: a word for it, or a time or event after which to start again.
const PAUSE_EVENT =
  '过完年|过了年|过年后|过年以后|过年|年后|春节后|春节过后|过完春节|过了春节|元宵节?后|忙完|农忙完|农忙|忙过|这几天忙|这段时间忙|最近忙|等[^,.!?]{1,10}|以后|之后|过段时间|过一段时间|过几天|过两天|晚点|晚些时候|下个?月|下个?(?:周|星期|礼拜)|月底|年底|明年|回来|回家|出院|节后|过节|(?:收|烤|摘|栽|种|割|挖|掰|薅)完[^,.!?]{0,4}|[^,.!?]{1,8}?(?:过完|过了|完了|结束)|(?<![0-9一二两三四五六七八九十半几])[0-9一二两三四五六七八九十半几]+个?(?:天|周|星期|礼拜|月)(?:以后|后|之后)?';
const PAUSE_RE = new RegExp(
  `暂停|暂挺|站停|暂亭|停几天|停一段|停一下|停一阵|歇几天|歇一段|先停|zanting|过\\s*([0-9]+|[一两二三四五六七八九十几]+)\\s*个?(天|周|星期|礼拜|月)\\s*(再|才)|停\\s*([0-9]+|[一二两三四五六七八九十半几]+)\\s*个?(天|周|星期|礼拜|月)|(${PAUSE_EVENT})了?(再|才)(说|发|联系|找|看|打工|上班|通知|推|订|要|接收|收|给我发|来|讲|做)|(${PAUSE_EVENT})(再|才)?(联系|通知|发给?我|给我发|找我|喊我)|先(不要|别|莫|不用|不消|停)[^,.!?]{0,4}(发|推|通知|联系)|(这几天|这段时间|这阵子|这个月|最近|暂时)(不要|别|莫|不用|不消|先别|先不要)(再)?(给我)?(发|推|通知|联系)|暂时不(要|用|需要|找|收)`,
);
const RESUME_RE =
  /^继续$|恢复|恢服|取消暂停|不暂停|暂停结束|结束暂停|解除暂停|huifu|继续(发|推送|推|接收|通知|订阅|收)|重新(发|推送|接收|开始|通知)|可以(再)?发了|(又|再)可以|开始发|接着发|打开推送|又想(找|打工|上班)|继续找|(回来|忙完|过完年|收完[^,.!?]{0,3})了[^,.!?]{0,6}(发|推|通知|找活|找工作)|(还是|还|又)(要|想)(收|接收)|可以(给我)?发(了|啦)|发吧$|照常发|(?<!不|别|莫|不要|不用|不需要|不消)(又|再)(给我)?发|继续接收|开通/;
const APPLY_RE = /报名|报个名|(都|一起|帮我们?|给我们?)报上|报上(去|吧|嘛)?$|报一个|报明|抱名|保名|报铭|baoming|应聘|申请|我报|帮我报|要报|想报|apply|面试|帮(我|他|她)(爸|妈|老公|老婆|媳妇|儿子|女儿|哥|姐|弟|妹)?报|我要去(这个|那个)?(厂|活|岗位|上班)|我去(这个|那个)/;
const APPLY_WITH_CODE_RE = /(报|去|要|选|想去|参加|做|干)$/;
// The worker's own subscription: what did I sign up for, am I still on it, did it work.
const STATUS_RE =
  /(报名|报的|申请)[^,.!?]{0,6}(怎么样|结果|情况|进度|有消息|有回音|成功)|怎么样了|有结果|录取|录用|通过了吗|有回音|有回复吗|我订了什么|查询|查一下我|查看我|wode|status|我?(订|订阅|定|登记|注册)(了|的|过)(哪样|什么|啥|哪些|些什么|啥子)|(还|是不是|有没有|有没得)(在)?(订|订阅|登记)(着|上|成功)?(没有|没得|吗|不|没|嘛|着的)|(订|订阅|登记|注册)(上|成功|好|过)?了?(没有|没得|吗|没|不)$|(订|订阅|登记|注册)(上|成功|好|过)?了(没有|没得|吗|没)|(订|订阅|登记|注册)过(没有|没得|吗|没)|是(暂停|恢复|订阅|退订)(了|的|着)?还是|(是不是|是否|有没有)(已经|被)?暂停(了|着)?|暂停(着|中)(吗|没有|没|的吗)|(有没有|有没得|是不是)(订|订阅|登记)(上|成功|好)?(了)?$|没(订|订阅|登记)上|my(subscription|status|account)|amisubscribed|whatdidi|还在(订|订阅|接收|收)|(我|我的)(订阅|登记)(还在|有效|成功)|订阅(状态|情况|信息)|我(的)?(技能|地址)是(什么|哪样|啥)|查(下|一下)?(我的)?(订阅|状态|登记)/;
const STATUS_WHOLE_RE =
  /^(查询?|查看|查一下|看看|看一下)?我的(信息|资料|订阅|状态|报名|设置|账号|情况|技能|地址|记录)?(是什么|是哪里|是哪样|是啥|是哪个|有哪些|呢)?$|^(状态|订阅状态|我的状态|zhuangtai)$/;
const UPDATE_PLACE_RE =
  /地址|住址|地点|住的地方|住的是|地方改|改地方|(写|填|搞|弄)错|dizhi|搬到|搬去|搬来|搬家|搬了家|换地方|换个地方|换地址|改地址|现在住在?|现在在[^,.!?]{2,8}(住|了)|改到|换到|回到[^,.!?]{2,8}(住|了)|(住|在)[^,.!?]{2,8}了$|(地方|地址|住址)[^,.!?]{0,2}(换|改|变)|现在(在|住)[^,.!?]{2,8}$|不在[^,.!?]{2,8}了|租房|租了房|以后发(那边|这边|那里|这里)|回(老家|家)(了|来了)|以后(发|推)[^,.!?]{1,6}的|moved?to|movedto|nowlivein|livenowin|📍/;
const ADD_SKILL_RE = /(我也|也|还|另外|我还|而且|并且)(会|能|可以|做过|干过)|不只|不光|不止|除了|(又|新|刚|才)学(了|会)|也行$|也可以$|帮我加|(加|添)上|加一(个|样|项)|再加|添加|增加|多加|也加|顺便加|一起加/;
const CHANGE_RE = /改成|换成|改为|换为|只要|只做|只想|想改|想换|改一下|换一下|不是[^,.!?]{1,8}是|不做[^,.!?]{1,6}了?(改|换|做)/;
const LIST_JOBS_RE =
  /岗位|岗为|港位|gangwei|职位|jobs?\b|工作机会|(有什么|有啥|有没有|有没得|有无|哪里有|哪有|哪点有|哪儿有|哪个地方有|还有|有哪些|有不有|啥子|有哪样|哪样)[^,.!?]{0,10}(工作|活|岗位|事做|厂|班上|招工|招人|职位|单位|事情做)|招人|招工|招聘|缺人|要人吗|收人|(工作|活|活路|岗位|事做|班上|活计|事情做)(吗|么|没|没有|不|呢|嘛|没得|不有)$|的有吗$|的有没有$|的有没得$|看看(工作|岗位|活)|推荐|招不招|还招|要不要人|还要人|缺不缺人|(有没有|有没得|有不有)[^,.!?]{0,12}的(吗|呢)?$|有活路|活路(多|有)|有[^,.!?]{0,8}(活|活路|工作|事)(做)?(没得|没有|不|吗|么|嘛)|(在|是)(哪里|哪点|哪儿|什么地方|哪个地方|哪个村|哪个乡|哪个镇|啥地方|哪块)|地址在哪|地点在哪|(厂|车间|活|岗位|工作|工地|基地)[^,.!?]{0,4}(在哪|远不远|近不近|多远|怎么走|咋个走|咋个去|怎么去)|(远不远|多远|怎么走|咋个走)$|(工资|工钱)(多少|几多|咋个算|怎么算|高不高)|包吃|包住|夜班吗|要不要(女|男)|(什么活|哪样活|啥活)(?!都)|有事做/;
const SUBSCRIBE_RE =
  /订阅|定阅|订月|定月|订悦|dingyue|subscribe|关注|注册|登记|报上我|找工作|找活|找事做|找个活|找份工|找点活|找个事|找份|想上班|想做|想干|想打工|打工|求职|上班|有活(通知|告诉|叫|喊|联系|发给)?我|(通知|告诉|喊|叫|联系)我|留意|帮我找|介绍(个|份)?(工作|活)|想找|要找|找点事|找事情|挣钱|赚钱|挣点钱|找个工作|找一份|找份活/;
const HELP_RE =
  /帮助|帮住|帮主|bangzhu|help|怎么用|怎么弄|怎么搞|怎么办|咋个整|咋整|咋弄|咋个弄|咋个搞|不会用|不懂|看不懂|什么意思|啥意思|哪样意思|是什么|干什么的|干嘛的|做什么的|你们是谁|你是谁|谁啊|干什么用|做什么用|有什么用|打听|为什么|为啥|咋个没|怎么没|怎么还没|整哪样|搞哪样|做哪样|干哪样|菜单|说明|人工|客服|咨询|问一下|请问|怎么回|回什么|是哪样|是哪个|哪个单位|怎么(订|报|弄|操作|回复|发)|咋个(订|报|弄|回|发|用)|收费|要钱|要不要钱|收钱|骗[^,.!?]{0,4}(吗|吧|不|么)|是不是骗|真的假的|靠谱|正规|可靠|教(我|一下)|会不会|哪样东西|是啥子|咋个回事|怎么回事|什么东西/;
const GREETING_RE = /^(在吗|在不在|在么|有人吗|有人在吗|你好|您好|喂|hi|hello|哈喽|嗨|你好啊|您好啊|老板|\?+|在没得|在不|在没有)$/;

const CONFIRM_WORDS = new Set([
  '好', '好的', '好滴', '好哒', '好嘞', '好啊', '好吧', '嗯', '嗯嗯', '恩', '恩恩', '是', '是的', '对', '对的', '对头',
  '可以', '可以的', '行', '行的', '行啊', '中', 'ok', 'okay', 'okk', 'yes', 'y', 'yeah', '确认', '确定', '同意',
  '没问题', '要得', '得行', '要', '要的', '愿意', '收到', '知道', '知道了', '晓得', '晓得了', '明白', '明白了',
  '好的好的', '可以可以', '行行', '要得要得', '对对', '嗯呢', '好了', '要得嘛', '行嘛', '好嘛', '可以嘛', '对头嘛',
  '好好', '是嘛', '就是', '中嘛', '得嘛', '得', '妥', '妥了', 'ok的', '好呢', '嗯嗯好', '好哦', '好咯', '要得嘞', '要得哦',
]);
const CONFIRM_EMOJI_RE = /^[\s👍👌✅🙆‍♀️🙆‍♂️🆗✔️☑️💪🤝]+$/u;
// Thanks, greetings, laughter and emoji carry no request of their own.
const SMALL_TALK_RE =
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
const COMMAND_TOKENS = new Set([...LEAD_ASCII.keys(), ...OPT_OUT_TOKENS, 't', 'r', 'n', 'ok', 'yes', 'quxiao']);

// Words the reader knows, for the homophone and pinyin corrector: every command and opt-out
// word (退丁 → 退订, tuiding → 退订, dingyue → 订阅) and every skill word.
const READER_WORDS = [
  '退订', '订阅', '取消', '取消订阅', '暂停', '恢复', '报名', '岗位', '帮助', '技能', '地址', '查询', '状态',
  '不要', '不要发', '不要再发', '别发', '别再发', '不要发了', '别发了', '停止', '停止发送', '拒收', '删除', '删掉',
  '退出', '注销', '打扰', '骚扰', '推送', '短信', '信息', '消息', '通知', '找工作', '找活', '打工', '上班', '我的订阅',
  '工作', '有活路', '活路', '没得', '哪样', '咋个', '哪点', '要得', '过完年', '过年', '春节', '下个月', '下周',
  '继续', '继续发', '接收', '不接收', '不收', '屏蔽', '拉黑', '报个名', '什么意思', '怎么用', '我也会', '还会',
  '加上', '搬到', '住在', '有活吗', '有活', '有工作吗', '有活路吗', '有没有活', '找活路', '现在在', '改成', '换成', '谢谢', '你好', '招工', '招人', '工资', '在哪里', '面试',
  '申请', '应聘', '登记', '注册', '关注', '不需要', '不用了', '不想收', '免打扰', '勿扰', '烦死了',
];
// Command words so rarely meant otherwise that any spelling with their sound is taken for them
// (推定 → 退订, 保命 → 报名): voice input and older users' phones pick the first candidate.
const SOUND_ALIKE_WORDS = ['退订', '订阅', '暂停', '报名', '岗位', '拒收', '取消订阅', '不要发了'];
// Command words also taken in a near sound, one character off (帮组 → 帮助, 技嫩 → 技能).
const NEAR_SOUND_WORDS = ['帮助', '退订', '订阅', '暂停', '报名', '岗位', '技能', '状态', '拒收', '找工作', '找活路'];
// Everyday words that sound like lexicon words: never corrected.
const PROTECTED_WORDS = [
  '回复', '恢复', '回信', '回来', '回家',
  '收工', '手套', '事实', '实施', '时候', '是否', '工资', '公司', '公式', '工人', '供应', '上班', '报告', '保证',
  '包子', '包括', '报道', '宝宝', '表哥', '表姐', '面包', '退休', '退钱', '退款', '退货', '推荐', '推车', '停车',
  '停电', '停水', '停工', '别人', '别的', '别处', '不过', '不会', '不是', '部分', '不知', '不行', '不错', '知道',
  '信心', '相信', '通知书', '新街', '以后', '之后', '已经', '一定', '一起', '电话', '手机', '老板', '老公', '老婆',
  '工作', '作业', '做饭', '订单', '订货', '订婚', '定金', '一定', '决定', '规定', '安定', '肯定', '固定', '定位',
  '名字', '明天', '明白', '有名', '报名表', '报纸', '保持', '保护', '报销', '爆发', '头发', '发现', '发生', '开发',
  '出发', '发财', '发展', '理发', '沙发', '头发', '发票', '发货', '发工资', '再说', '在说', '现在', '在家', '再见',
  '技术', '记得', '几天', '几个', '继续', '结婚', '介绍', '时间', '地方', '地点', '第一', '弟弟', '底薪',
];

/**
 * Builds the reader; the place index is the only dependency, so reading is pure. The model
 * (reader-model.json) is imported, not read from disk, so creating a reader does no I/O.
 */
export function createMessageReader(deps: { places: PlaceIndex }): (text: string) => ReadMessage {
  const skillWords = SKILLS.flatMap((s) => [s.name, ...s.synonyms]);
  const corrector: LexiconCorrector = createLexiconCorrector(
    [...READER_WORDS, ...skillWords, ...(deps.places.soundKeys ?? [])],
    PROTECTED_WORDS,
    SOUND_ALIKE_WORDS,
    NEAR_SOUND_WORDS,
  );
  return (text: string): ReadMessage => readWith(deps.places, corrector, text);
}

/** The reading text: see reading-text.ts. Exported for the training script. */
export function toReading(normalized: string, corrector?: LexiconCorrector): string {
  const base = numbersToDigits(joinSpacedCharacters(stripPinyinTones(stripEmoji(normalized))))
    // O for 0 inside a code (BM3O21): the keys sit side by side on phone keypads.
    .replace(/([0-9]|bm)(o+)(?=[0-9])/g, (_, lead: string, os: string) => lead + '0'.repeat(os.length))
    // Voice fillers between a verb and its object (编那个竹子, 绣那种花): the object is the word.
    .replace(/(?<=[编绣织做摘采开装包砌焊养种烤剥踩车缝剪烫搬])(那个|这个|那种|这种|那些)(?=\p{Script=Han})/gu, '');
  return corrector ? corrector.correct(base) : base;
}

function readWith(places: PlaceIndex, corrector: LexiconCorrector, text: string): ReadMessage {
  const normalized = normalizeText(text);
  const reading = toReading(normalized, corrector);
  const compact = compactOf(reading);
  const core = stripFillers(compact);
  const mentions = findSkillMentions(reading);
  const skills = withoutQualifiers(unique(mentions.map((m) => m.name)), mentions, reading);
  let found = places.findInText(maskForPlaces(reading, mentions));
  const code = findCode(reading);
  const menuChoices = code === null ? readMenuChoices(reading) : [];
  const affirmative = isAffirmative(normalized, compact, core);
  const clues: Clues = { normalized, reading, compact, core, skills, mentions, hasPlace: found.length > 0, code, menuChoices, affirmative };
  const verdict = classify(clues);
  const intent = verdict.intent;
  if (intent === 'update_place' && found.length > 1) found = newPlace(places, reading, mentions) ?? found;
  return {
    intent,
    skills,
    places: found,
    code: intent === 'unsubscribe' ? null : code,
    pause: intent === 'pause' ? readPause(compact) : null,
    normalized,
    menuChoices: intent === 'unknown' ? menuChoices : [],
    optOut: intent === 'unsubscribe' ? (verdict.unclear ? 'unclear' : 'sure') : null,
    affirmative,
    clarify: verdict.clarify ?? false,
    source: verdict.source,
    reading,
  };
}

/** What the classifier looks at, computed once per message. */
interface Clues {
  normalized: string;
  reading: string;
  compact: string;
  core: string;
  skills: string[];
  mentions: { start: number; end: number }[];
  hasPlace: boolean;
  code: string | null;
  menuChoices: number[];
  affirmative: boolean;
}

interface Verdict {
  intent: Intent;
  source: 'rule' | 'model' | 'none';
  unclear?: boolean;
  clarify?: boolean;
}

const rule = (intent: Intent, unclear = false): Verdict => ({ intent, source: 'rule', unclear });

/** How sure the model must be to decide alone; below it the bot asks (Rasa's fallback). */
export const MODEL_THRESHOLD = 0.55;
/** An opt-out the model sees with at least this probability stops alerts and asks. */
const MODEL_OPT_OUT_ASK = 0.5;

function classify(c: Clues): Verdict {
  const byRule = classifyByRules(c);
  if (byRule) return byRule;
  // Nothing a rule is sure of: the statistical layer decides, or the bot asks.
  if (!isSubstantial(c.compact)) return { intent: 'unknown', source: 'none' };
  const guess: ModelGuess = classifyText(c.reading);
  // The model may say stop or pause only when the text holds a word that can mean it: its
  // character n-grams otherwise take T in TCL or 三个月 in 做了三个月 for one.
  const plausible = (intent: Intent): boolean =>
    intent === 'unsubscribe' ? STOP_CUE_RE.test(c.compact) : intent === 'pause' ? PAUSE_CUE_WORDS_RE.test(c.compact) : true;
  const ranked = (Object.entries(guess.probabilities) as [Intent, number][]).filter(([i]) => plausible(i)).sort((a, b) => b[1] - a[1]);
  const [best, p] = ranked[0] ?? ['unknown', 0];
  if (best === 'unsubscribe' && p >= MODEL_OPT_OUT_ASK) return { intent: 'unsubscribe', source: 'model', unclear: true };
  if (p >= MODEL_THRESHOLD) return { intent: best, source: 'model' };
  return { intent: 'unknown', source: 'none', clarify: true };
}

// Words without which a text cannot be a request to stop or to pause.
const STOP_CUE_RE = /不|别|莫|停|退|删|取消|关|烦|拒|甭|勿|够了|算了|stop|td|no|cancel|quit|remove/;
const PAUSE_CUE_WORDS_RE = /暂|先|停|歇|再说|再发|再联系|以后|之后|等|过完|过了|忙|回来|别发|不要发|莫发|下个|下周|月底|年后|过年/;

/** A text with something to read: a few characters of words, not only digits or laughter. */
function isSubstantial(compact: string): boolean {
  const letters = compact.replace(/[0-9]/g, '');
  if (letters.length < 3) return false;
  if (/^[a-z]+$/.test(letters) && letters.length < 5) return false;
  return !SMALL_TALK_RE.test(compact);
}

function isAffirmative(normalized: string, compact: string, core: string): boolean {
  if (compact.length > 24) return false;
  if (CONFIRM_WORDS.has(compact) || CONFIRM_WORDS.has(core) || CONFIRM_WORDS.has(stripTrailing(compact))) return true;
  // 嗯，好的 / 行，可以: several yes-words in a row.
  const parts = normalized.split(/[\s\p{P}]+/u).filter((p) => p.length > 0 && !/^(谢谢|多谢|感谢|谢啦)/.test(p));
  if (parts.length > 1 && parts.every((p) => CONFIRM_WORDS.has(p) || CONFIRM_WORDS.has(stripTrailing(p)))) return true;
  return CONFIRM_EMOJI_RE.test(normalized);
}

function classifyByRules(c: Clues): Verdict | null {
  const { reading, compact, core } = c;
  // A question about TD, or a TD sent by mistake: never an opt-out, whatever else it holds,
  // unless the rest of the text asks to stop in its own words.
  const question = OPT_OUT_QUESTION_RE.exec(compact);
  // 我怕按错了 fears a mistake; it does not report one.
  const mistake = OPT_OUT_MISTAKE_RE.test(compact) && !/(怕|担心|不敢|万一|以免)(按|发|点|打)错/.test(compact);
  if (PAST_OPT_OUT_RE.test(compact) && TAKEN_BACK_RE.test(compact) && !/(我要|帮我|给我|请|再说一遍)(退订|取消)|(还|怎么)(在|又)发|还发/.test(compact)) {
    return rule(/收|发|恢复|继续|玩笑|不算|发错|撤回/.test(compact) ? 'resume' : 'subscribe');
  }
  if (question || mistake) {
    const rest = question ? compact.slice(0, question.index) + '|' + compact.slice(question.index + question[0].length) : compact;
    const restClues = { ...c, compact: rest, core: stripFillers(rest.replace('|', '')) };
    const asksToo = /(我要|我想|帮我|给我|请|麻烦|马上|现在就|直接|那就|那我)(退订|退定|td|取消|退出)|(不要|别|莫)再?(给我)?发/.test(rest) && !/不想退|不要退|别退|只是问|问问/.test(rest);
    if (!mistake && asksToo && isOptOut(restClues)) return rule('unsubscribe');
    if (mistake || NEGATED_OPT_OUT_RE.test(compact)) return rule(/还要|继续|接着|要收|还想|想收|照常|不要停|别停/.test(compact) || mistake ? 'resume' : 'help');
    return rule('help');
  }
  if (OPT_OUT_STATUS_RE.test(compact) && !/(我要|帮我|给我|请)(退订|取消)/.test(compact)) return rule('status');
  if (isNotForUs(compact)) return rule('unknown');
  if (JOB_DECLINE_RE.test(compact) && !/短信|信息|消息|发|退订|td|推送/.test(compact)) return rule('unknown');
  if (isOptOut(c)) return rule('unsubscribe');
  if (/取消暂停|不暂停|暂停结束|结束暂停|解除暂停/.test(compact)) return rule('resume');
  // 不是退订 我是要订阅: the negation corrects the command; the rest of the text says which.
  const corrected = NEGATED_OPT_OUT_RE.test(compact) ? compact.replace(NEGATED_OPT_OUT_RE, '|') : '';
  if (corrected && /(要|想|我)(订|登记)|订阅/.test(corrected) && !/不想|不要/.test(corrected)) return rule('subscribe');
  if (NEGATED_OPT_OUT_RE.test(compact) && !PAUSE_RE.test(compact) && !/(要|想|我)报名/.test(corrected)) {
    return rule(/还要|继续|接着|要收|还想|想收|照常|找活|找工作|在找/.test(compact) ? 'resume' : 'unknown');
  }

  const softStop = SOFT_STOP_RE.exec(compact);
  if (softStop) {
    // 不要发编织的了: the worker narrows what is sent, not whether.
    const after = compact.slice(softStop.index + softStop[0].length, softStop.index + softStop[0].length + 16);
    // ... but 这边的活我用不上了 不要再给我发了: a stop that ends the text narrows nothing.
    const ends = /^(了|啦|咯|嘛|啊|呀|哦|吧|哈|噢|好不好|行不行|可以吗|谢谢|[,.!?~\s])*$/.test(after);
    if (c.hasPlace && UPDATE_PLACE_RE.test(compact) && !ends) return rule('update_place');
    if (c.skills.length > 0 && (CHANGE_RE.test(compact) || startsWithSkill(after, c))) return rule('update_skills');
    return PAUSE_CUE_RE.test(compact) || PAUSE_RE.test(compact) ? rule('pause') : rule('unsubscribe');
  }
  if (isUnclearOptOut(compact)) return rule('unsubscribe', true);
  // 谢谢 上次报的那个厂我去上班了; 我在地里干活呢 晚上再说: news and "later", not a request.
  if ((WORK_NEWS_RE.test(compact) || LATER_RE.test(compact)) && !JOB_QUESTION_RE.test(compact) && !c.code && !/也想|还想|也要|还要|帮我|给我找|想找|要找|再找|订阅|报名|暂停|停|别发|不要发/.test(compact)) return rule('unknown');
  if (FOUND_WORK_RE.test(compact) && !JOB_QUESTION_RE.test(compact) && !c.code && !/也想|还想|也要|还要|帮我|给我找|想找|要找|再找|订阅|报名/.test(compact)) return rule('unknown');
  if (compact.length <= 40 && (STATUS_WHOLE_RE.test(core) || STATUS_WHOLE_RE.test(compact))) return rule('status');
  if (/(报名|报的|申请)[^,.!?]{0,6}(怎么样|结果|情况|进度)|怎么样了|录取|录用|有结果/.test(compact)) return rule('status');
  // 是不是已经报上名了, 我的订阅是什么, 别人都收到了我怎么没收到: questions about one's own state.
  if (OWN_STATE_RE.test(compact) && !/(我要|帮我|给我|请)(退订|取消)/.test(compact)) return rule('status');
  if (COMMAND_QUESTION_RE.test(compact)) return rule('help');
  // Questions about the service itself: does it cost money, is it real, who may use it, who
  // you are (订阅收费不, 报名要不要交钱, 莫要骗人的哈 是真的招人吗, 不识字的能不能报名).
  if (SERVICE_QUESTION_RE.test(compact) && !SUBSCRIBE_ASK_RE.test(compact)) return rule('help');
  if ((STATUS_RE.test(compact) || OWN_SUBSCRIPTION_RE.test(reading)) && !c.code) return rule('status');
  if (HOW_TO_RE.test(compact)) return rule('help');

  // 之前说暂停的，现在可以恢复了; 暂停了好久了 恢复一下: the later word wins.
  const resumeAt = compact.search(/恢复|继续(发|接收)/);
  const pauseAt = compact.search(/暂停|停一下|停一段|停几天|先停|先别发|先不要发/);
  if (resumeAt >= 0 && pauseAt >= 0 && (resumeAt > pauseAt || /(之前|以前|上次|刚才)[^,.!?]{0,4}(暂停|停)|暂停的/.test(compact)) && !/(不|别|莫)(要)?(恢复|继续)/.test(compact)) {
    return rule('resume');
  }
  if (/^取消(报名|申请)|(报名|申请)(取消|不要了)|不(想)?报(名)?了/.test(compact)) return rule('unknown');
  const lead = leadCommand(reading);
  if (lead) return rule(lead);

  if (PAUSE_RE.test(compact)) return rule('pause');
  if (RESUME_RE.test(compact)) return rule('resume');
  if (c.code !== null) {
    // A question about an opening (1003在哪里, 2048工资多少, 1003包吃住吗) or turning it down.
    const rest = compact.replace(c.code, '');
    if ((/^[^报bm]{0,6}(不去|不报|不要|不干|算了)/.test(rest) || /(我|我们)?(不去|不报|不干|不做)了?$/.test(rest)) && !APPLY_RE.test(rest)) return rule('unknown');
    if (/^取消(报名|申请)|(报名|申请)取消/.test(compact)) return rule('unknown');
    // 报名的1087什么时候去上班: asks about an application already made.
    if (/(报名|报)的/.test(compact) && /什么时候|啥时候|哪天|几号|怎么样|结果|通过|录取/.test(rest)) return rule('status');
    if (!APPLY_RE.test(compact) && JOB_QUESTION_RE.test(rest)) return rule('list_jobs');
  }
  if (/^取消(报名|申请)|(报名|申请)(取消|不要了)|不(想)?报(名)?了/.test(compact)) return rule('unknown');
  // 我想报个名 我会踩缝纫机 在新街住: "signing up" with no opening, only skills and a place,
  // is a subscription (the worker has no code to apply to).
  if (APPLY_RE.test(compact) && c.code === null && c.skills.length > 0 && c.hasPlace && /找工作|找活|工作的|登记|订阅|信息|短信|有活/.test(compact) && !/岗位|这个活|那个活|这个厂|那个厂|招的/.test(compact)) return rule('subscribe');
  if (APPLY_RE.test(compact) && !/不是我报|报错/.test(compact)) return rule('apply');
  if (c.code !== null && isBareCode(core, c.code)) return rule('apply');
  // 我去 answering an alert: applying to the job just sent, whose code the conversation knows.
  if (/^(好的?|可以|行)?(我去|去|我要去|要去|想去|我想去|我报|报一个)$/.test(core)) return rule('apply');
  if (c.code !== null && /^(好的?|可以|行|要得|嗯)?[^,.!?]{0,4}$/.test(core.replace(c.code, ''))) return rule('apply');
  // A story that ends in a question (…现在在家带孙子 想问一下你们那边有没有什么活路是老年人可以
  // 做的): the question is what the worker asks, whatever the story says about past work.
  if (BURIED_JOB_QUESTION_RE.test(compact) && !SUBSCRIBE_ASK_RE.test(compact) && !/(搬|换|改)[^,.!?]{0,4}(到|成|为|地址|技能)/.test(compact)) return rule('list_jobs');
  if ((UPDATE_PLACE_RE.test(compact) || (c.hasPlace && /📍/u.test(c.normalized))) && !/地址(在哪|是哪|在什么)|(厂|车间|活|岗位|工作|工地)[^,.!?]{0,4}(在哪|地址|地点)/.test(compact) && (c.hasPlace || /地址|住址|搬|换地方|改地方|写错|填错/.test(compact)) && !/(有没有|有没得|吗)$/.test(compact)) return rule('update_place');
  if (isAddingSkill(c)) return rule('update_skills');
  if (/技能|记能|jineng|改技能|换技能|加技能|增加技能|添加技能|又学会|新学会|刚学会|学会了|改做|改干|换个工种|工种/.test(compact)) return rule('update_skills');
  if (CHANGE_RE.test(compact)) {
    if (c.skills.length > 0) return rule('update_skills');
    if (c.hasPlace) return rule('update_place');
  }
  // 我会踩缝纫机 住新街 有活路喊我: a standing request to be told, not a question now.
  if (SUBSCRIBE_ASK_RE.test(compact) && !/(有没有|有没得|有不有|吗|么)[^,.!?]{0,3}$/.test(compact)) return rule('subscribe');
  if ((LIST_JOBS_RE.test(compact) || LIST_JOBS_RE.test(reading) || JOB_AVAILABLE_RE.test(reading)) && !/^(订阅|dy)/.test(compact)) return rule('list_jobs');
  // 找工作, 找活 alone: what the help text calls GW (岗位), a look at what there is.
  if (/^(我)?(找工作|找活|找活路|找事做|找工|zhaogongzuo|zhaohuo|工作|活路|岗位|招工)$/.test(core) && !/想|要/.test(compact)) return rule('list_jobs');
  const positive = compact.replace(NOT_LOOKING_RE, '|');
  if (SUBSCRIBE_RE.test(positive) || c.skills.length > 0 || c.hasPlace) return rule('subscribe');
  if (compact.length <= 20 && (GREETING_RE.test(core) || GREETING_RE.test(compact) || /^\?+$/.test(reading.replace(/\s/g, '')))) return rule('help');
  if (HELP_RE.test(compact)) return rule('help');
  // Yes-words, thanks, emoji and bare menu numbers mean something only as an answer: unknown
  // here, and the conversation uses `affirmative` or `menuChoices` when a dialog asked.
  if (c.affirmative || c.menuChoices.length > 0 || compact.length === 0 || SMALL_TALK_RE.test(compact)) return rule('unknown');
  if (/^[0-9]+$/.test(compact)) return rule('unknown');
  // Menu picks in words (选第二个) and account commands the conversation reads itself
  // (微信接收, 绑定13812345678).
  if (compact.length <= 12 && /^(选|我选|要|选择)?第?[一二两三四五六七八九](个|号|项)?$/.test(compact)) return rule('unknown');
  if (compact.length <= 24 && /^(改|改成|改为|换成|用|要|我要)?(微信|短信)(接收|收|通知|提醒|发)$|^(绑定|绑|bd|bangding)/.test(compact)) return rule('unknown');
  return null;
}

/**
 * 我也会开叉车, 还会绣花, 帮我加上包装: a skill added to a subscription. Not when the text
 * lists skills from the start (我会开叉车也会开货车) or names a place (a subscription).
 */
function isAddingSkill(c: Clues): boolean {
  if (c.hasPlace || /订阅|dy|注册|登记|找工作|找活/.test(c.compact) || /(吗|么|不)$|吗|有人要|要人/.test(c.compact)) return false;
  const m = ADD_SKILL_RE.exec(c.compact);
  if (!m) return false;
  if (/^(我|我也|也|还|另外|我还|而且|并且)(会|能|可以|做过|干过)/.test(m[0]) && /会|能|做过|干过/.test(c.compact.slice(0, m.index))) return false;
  return c.skills.length > 0 || /帮我加|加上|添上|添加|增加|再加/.test(m[0]);
}

// Complaints that may be a request to stop: too many texts, never signed up, who gave you my
// number. Alerts stop at once and the worker is asked (回TD退订，回1继续接收).
const UNCLEAR_OPT_OUT_RE =
  /(太多|好多|这么多|那么多|老是|总是|天天|每天|一直|整天|成天|又)(在)?(给我|跟我)?(发|发来|来短信|来信息|收到)(短信|信息|消息|这些|这种)?(了|啊|呀|哦|嘛|烦|干什么|干嘛|做什么|搞哪样|整哪样)*$|(短信|信息|消息)[^,.!?]{0,4}(太多|好多|多死|烦)|(从来)?(没|没有|从没|不曾)(订|订阅|登记|注册)过|^我?没(有)?(订|订阅|登记|注册)(啊|呀|嘛|的)?$|(没|没有)(订|订阅|登记|注册)(过)?[^,.!?]{0,4}(怎么|为什么|为啥|咋个|凭什么)(还)?(发|给我发|老是发)|不是我(订|登记|注册)的|(谁|哪个)(给我|帮我|让你|叫你)?(订|登记|注册|发)的|(怎么|哪来|哪里来|从哪)(有|知道|弄到|搞到|拿到)?我(的)?(号码|电话|手机号)|^算了(吧|算了)*$|没用|不想找了|不找了|没意思|别管我/;
// News that the worker found work: alone it may mean "stop" (ask); with thanks, a place, who
// found it or how it went it is news to share, not a request (谢谢 我在家附近找到活了).
const FOUND_WORK_RE = /(?<!想|要|能|才能|可以|帮我|没|没有|还没)(找到了(工作|活|活路|事做|厂)|找到(工作|活|活路|事做|厂|事情做)了|(有|找着)(工作|活|活路|事做)了|(工作|活|活路)(找到|找好|落实)了)(?![^,.!?]{0,4}(吗|没有|没得|么))/;
const WORK_NEWS_RE = /(去|在|到)[^,.!?]{0,8}上(班|工)了|上班去了|(已经|开始)上(班|工)了/;
const LATER_RE = /(晚上|晚点|等一下|等下|等会|一会儿?|回头|改天|有空|空了|忙完)再(说|聊|回|联系|看)/;
const FOUND_WORK_NEWS_RE = /谢|感谢|多谢|感恩|辛苦|帮助|帮忙|好人|有用|附近|家门口|旁边|离家|在[^,.!?]{1,8}(找到|上班|做)|(女儿|儿子|老公|媳妇|孙|侄|妹|姐|哥|弟|家人|亲戚|老乡|邻居|朋友)|工资|一个月|每天|开心|高兴|满意|不错|挺好|很好/;

// Not a request to us at all: politeness, declining a job, a power cut, a channel preference,
// wages owed by an employer. They hold 不/别/停 and must not read as stop.
const NOT_FOR_US_RE =
  /^(莫|别|不要|不用|甭)(慌|急|着急|担心|怕|操心)|(莫|别|不要)(再)?(发|弄|搞|写|打|记)错|^(不客气|不用客气|别客气|莫客气|不用谢|不消谢|不谢|不谢谢|没事|没事了|没事没事|莫得事|没得事|莫事|不要紧|不碍事|没关系|不是我|不是我发的|不好意思|发错了|打错了|不好意思发错了|不好意思打错了)+$|^(不去|不去了|我不去了?|那个不去了?)(不去)*(太远了?|谢谢)?$|(停|断)[^,.!?]{0,4}(电|水|网|信号)|(不要|别|莫|不用)(打电话|打我电话|发语音|语音|视频|微信)(?![^,.!?]*(短信|信息|消息)(也)?(不要|别|莫))|(用|发)(短信|信息)(发)?(就行|就可以|就好|可以)|(工资|工钱|退休金|补贴)[^,.!?]{0,6}(不发|没发|什么时候发|啥时候发|哪天发|几号发)|(老板|厂里|厂)[^,.!?]{0,4}(不发|没发)|不发(工资|工钱)|^别人(叫|介绍|喊|让|推荐|带)[^,.!?]{0,6}(来的|的)$|^(那个|这个)?(岗位|厂|活|工作)?(我)?(不去|不干|不做)了?$/;
// Turning down an opening: 这个活我不要了, 那个厂不去了. Not the messages.
const JOB_DECLINE_RE = /(活|岗位|工作|厂)[^,.!?]{0,3}(我)?(不要|不去|不干|不做)了/;

// Questions about an opening a code names.
const JOB_QUESTION_RE =
  /在哪|哪里|哪点|哪儿|多少|几多|几点|远不远|多远|怎么走|咋个走|怎么去|包吃|包住|限|要不要|要(女|男)|招几|还招|还要|工资|工钱|时间|几号|什么时候|吗$|么$|不$|呢$|没有$|没得$/;
// Availability questions in any order: 摘石榴的活有没有, 今天有零工吗 搬运的, 要人不, 哪里要烤烟的.
const JOB_AVAILABLE_RE =
  /(^|[\s,.!?])(有吗|有没有|有没得|有不有|有么|有嘛|有没)[?]*$|(活|活路|工作|岗位|事做|的|工)(还)?(有吗|有没有|有没得|有不有|有不|有么|有嘛|有没)(?=$|[\s,.!?]|就是|那个|呢|啊|嘛|哦|哈|我|在|的话)|^(今天|这几天|最近|现在|附近|这边|那边|明天)?(有没有|有没得|有不有)|有[^,.!?\s]{0,8}(工|活|活路|事做|岗位)(吗|么|没有|没得|不|嘛)(?=$|[\s,.!?])|有[^,.!?\s]{1,8}的(吗|么|没有|没得)(?=$|[\s,.!?])|(哪里|哪点|哪儿|哪个地方|哪家|哪个厂|谁家)(要|招|收|缺)|要人(不|吗|没|么|嘛)|(哪里|哪点|哪儿|哪个地方|哪边)有(?=$|[\s,.!?])|(有没有|有没得|有不有)[^,.!?\s]{0,4}(招|要人|缺人|收人)|招[^,.!?\s]{1,6}(吗|么|不|没有|没得)(?=$|[\s,.!?])|any ?jobs?|jobs? (near|in|around)|(some|any) work/;
// 有活路喊我, 有活告诉他: sign me up.
const BURIED_JOB_QUESTION_RE = /(问一下|问问|想问|请问|打听一下|打听)[^,.!?]{0,12}(有没有|有没得|有不有|有什么|有哪样|有啥|还有)[^,.!?]{0,16}(活|活路|工作|事做|事情做|岗位|招工|招人)/;
const OWN_STATE_RE =
  /(是不是|有没有|有没得)(已经)?(报上|报好|报进|报成|报名成功|登记上|订上)|(报上|登记上|订上)(名)?了?(没|吗|没有|没得|不)|^我的(订阅|登记|资料)(信息|情况)?$|我的(订阅|登记)[^,.!?]{0,3}(是)?(什么|哪样|啥|看看|查一下|查查)|(怎么|咋个|为什么|为啥|咋)(还)?(没|没有)(收到|收着|接到)|(别人|人家)[^,.!?]{0,4}(都)?收到了/;
const SERVICE_QUESTION_RE =
  /(收费|要钱|交钱|收钱|付钱|给钱|花钱|费用|押金|手续费|介绍费|中介费|免费)[^,.!?]{0,4}(吗|不|没|吧|嘛|么|\?)|(收费|要钱|交钱)$|(要不要|收不收|用不用|给不给)(钱|费|交钱|付钱|花钱)|(要|收|交|花)(多少)?钱(吗|不|没|吧|嘛|么|\?|$)|(要|还要|得)(钱|交钱)不|不(要|收)钱(的)?吧|骗(人|子|钱)?[^,.!?]{0,4}(吗|吧|不|么|哈|的)|真的假的|靠不靠谱|可不可靠|正不正规|(不识字|不认字|文盲|年纪大|老人|残疾|女的|男的|外地人|(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]+岁)[^,.!?]{0,6}(能不能|可不可以|可以|能|行不行|要不要)[^,.!?]{0,4}(报名|订阅|报|登记|用)|你们是(干什么|做什么|干嘛|哪个|谁|什么|哪里|哪家|哪样)|(这个|你们)是不是(找工作|招工|骗)/;
const SUBSCRIBE_ASK_RE = /有(合适的?)?(活|活路|工作|事做|岗位)[^,.!?]{0,4}(喊|叫|通知|告诉|联系|发给|打电话给)(我|他|她|我们)|(活|活路|工作|事做|岗位)有(了)?(就|的话|的时候)?(喊|叫|通知|告诉|联系)(我|他|她|我们)|(订|收|接收|要|想收|想要)[^,.!?不别莫]{0,6}(招工|工作|活路|招人)的?(信息|短信|消息|通知)/;
// Work words that are not a wish to work: 不想干了, 今天不去上班, 别人家都出去打工了.
const NOT_LOOKING_RE = /(不|没|不想|不去|不能|不要|走不开|没法|没办法)(去|出去)?(打工|上班|干|做工)|(在|已经|正在)(上班|打工|干活)(了)?|别人[^,.!?]{0,8}(打工|上班)|(不要|不想|不)订阅/g;

function isNotForUs(compact: string): boolean {
  if (compact.length > 40) return NOT_FOR_US_RE.test(compact.slice(0, 40)) && !OPT_OUT_ANYWHERE_RE.test(compact);
  return NOT_FOR_US_RE.test(compact) && !OPT_OUT_ANYWHERE_RE.test(compact) && !/(td|退订)/.test(compact);
}

function isUnclearOptOut(compact: string): boolean {
  if (UNCLEAR_OPT_OUT_RE.test(compact)) return true;
  return FOUND_WORK_RE.test(compact) && !FOUND_WORK_NEWS_RE.test(compact);
}

function isOptOut(c: Pick<Clues, 'compact' | 'core' | 'reading'>): boolean {
  const { compact, core, reading } = c;
  if (OPT_OUT_WORDS.has(compact) || OPT_OUT_WORDS.has(core)) return true;
  // A phrase of its own that says only "don't want" after a complaint or a word for the
  // messages (咯是要天天发 不要了, 🚫短信 不要, 我 短信 收 不要): the refusal is of the texts.
  if (reading.length <= 60 && /(^|[\s,.!?])(我)?(都|就)?不要(了|啦|咯)?$/.test(reading) && /短信|信息|消息|发|收|不要了.*不要|这个/.test(compact)) return true;
  // 00000: a mistyped 0000, never a job code.
  if (/^0{3,}$/.test(compact)) return true;
  // TTT, td td: the same opt-out typed again because the first one "did not work".
  if (compact.length <= 24 && /^(td|t|r|n)\1+$/.test(compact)) return true;
  if (OPT_OUT_ANYWHERE_RE.test(compact) && !NEGATED_OPT_OUT_RE.test(compact)) return true;
  for (const m of reading.matchAll(/[a-z]+/g)) if (OPT_OUT_TOKENS.has(m[0]) || isEnglishStopTypo(m[0])) return true;
  // 我都说了不要了, 说过好多次别发: a refusal said before and repeated now.
  if (/(说了|讲了|说过|讲过|说好|告诉过|讲好)[^,.!?]{0,8}(不要|别发|莫发|不收|不想收|不接收|退订|别再)/.test(compact) && !/(说了|讲了|说过|讲过)[^,.!?]{0,8}不要(夜班|外省|太远|晚班|加班|[^,.!?了]{1,4}的)/.test(compact)) return true;
  // English with spaces: "stop it", "remove me", "no more", "do not send".
  if (/\b(stop|cancel|remove|unsubscribe|quit)\b/.test(reading) && !/\b(bus|dont|don't|do not|never)\s+stop\b/.test(reading)) return true;
  // 取消 opening a short text (取消 缝纫, 取消吧) is an opt-out unless it cancels something else.
  if (/^取消/.test(core) && !/^取消(暂停|报名|申请|\d)/.test(core) && core.length <= 8) return true;
  return false;
}

// English words for stop, typed fast on a phone: a letter swapped, left out or doubled
// (stpo, unsubcribe, cancle, remvoe). Substitutions only in long words: shop or step is no stop.
const ENGLISH_STOP_WORDS = ['stop', 'unsubscribe', 'cancel', 'remove', 'unsubscribed'];

function isEnglishStopTypo(token: string): boolean {
  if (token.length < 4 || token.length > 14) return false;
  return ENGLISH_STOP_WORDS.some((w) => {
    const d = editDistance(token, w);
    // unsubscribe less a letter or two, but never subscribe itself: the un- must be there.
    if (w.length >= 9) return d <= 2 && token.startsWith('un');
    if (d !== 1) return false;
    // One edit of a short word: a swap, a letter left out or added, never one replaced.
    return token.length !== w.length || [...token].sort().join('') === [...w].sort().join('');
  });
}

/** Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((d[i - 1]?.[j] ?? 0) + 1, (d[i]?.[j - 1] ?? 0) + 1, (d[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (d[i - 2]?.[j - 2] ?? 0) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return d[a.length]?.[b.length] ?? 3;
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
    return undefined;
  }
  // 订阅的时候写错了: a command word followed by 的 is a noun in a sentence, not a command.
  for (const [word, intent] of LEAD_COMMANDS) if (text.startsWith(word) && text[word.length] !== '的') return intent;
  return undefined;
}

const SEPARATOR_RE = /[\s\p{P}\p{S}]/u;

/** Fillers off the front, by index: one slice at the end, so a long text costs O(n). */
function stripLeadFillers(reading: string): string {
  let at = 0;
  const skipSeparators = (): void => {
    while (at < reading.length && SEPARATOR_RE.test(reading.charAt(at))) at++;
  };
  skipSeparators();
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of LEAD_FILLERS) {
      // 我, 要 and 想 stay: stripping them would turn 我的 (status) into 的 and 要得 into 得.
      if (f === '我' || f === '要' || f === '想') continue;
      if (reading.startsWith(f, at)) {
        at += f.length;
        skipSeparators();
        changed = true;
      }
    }
  }
  return reading.slice(at);
}

function stripTrailing(compact: string): string {
  let end = compact.length;
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of TRAIL_FILLERS) {
      if (end > f.length && compact.endsWith(f, end)) {
        end -= f.length;
        changed = true;
      }
    }
  }
  return compact.slice(0, end);
}

function stripFillers(compact: string): string {
  let start = 0;
  let end = compact.length;
  for (let changed = true; changed && end > start; ) {
    changed = false;
    for (const f of LEAD_FILLERS) {
      if (end - start > f.length && compact.startsWith(f, start)) {
        start += f.length;
        changed = true;
      }
    }
    for (const f of TRAIL_FILLERS) {
      if (end - start > f.length && compact.endsWith(f, end)) {
        end -= f.length;
        changed = true;
      }
    }
  }
  return compact.slice(start, end);
}

function startsWithSkill(after: string, c: Clues): boolean {
  const skillWords = c.mentions.map((m) => c.reading.slice(m.start, m.end));
  const rest = after.replace(/^(那些|这些|什么|那种|这种|啥|做|干|搞)/, '');
  return skillWords.some((w) => rest.startsWith(w));
}

function isBareCode(core: string, code: string): boolean {
  if (core.length > 40) return false;
  const rest = core.replace(code, '').replace(/号|的|这个|那个|工作|岗位|活/g, '');
  return rest === '' || APPLY_WITH_CODE_RE.test(rest) || /^(去|我去|要|我要|选|就)$/.test(rest) || CONFIRM_WORDS.has(rest);
}

// ---------------------------------------------------------------------------------------------
// Entities

/** Letters, digits and CJK only: what is left when spacing, punctuation and emoji go. */
function compactOf(normalized: string): string {
  return normalized.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]/gu, '');
}

// Skill words and command tokens are blanked before place matching, so that the two
// dictionaries never share characters (and "dy" or "bm" never reach the pinyin index).
function maskForPlaces(normalized: string, mentions: readonly { start: number; end: number }[]): string {
  const chars = [...normalized.split('')];
  for (const m of mentions) for (let i = m.start; i < m.end; i++) chars[i] = '|';
  let masked = chars.join('');
  masked = masked.replace(/[a-z]+/g, (w) => (COMMAND_TOKENS.has(w) ? '|'.repeat(w.length) : w));
  return masked;
}

/**
 * The application code: 3 to 6 digits that are not a phone number, a wage, a date or a
 * duration. Spoken digits (报名一零二四) are digits already: toReading wrote them so.
 */
function findCode(normalized: string): string | null {
  for (const m of normalized.matchAll(/[0-9]+/g)) {
    const digits = m[0];
    if (digits.length < 3 || digits.length > 6) continue;
    // 666 (well done), 886 (bye), 520: chat slang, not a code (codes in alerts have four digits).
    if (digits.length === 3 && (/^(\d)\1\1$/.test(digits) || SLANG_NUMBERS.has(digits))) continue;
    const before = normalized.slice(Math.max(0, m.index - 5), m.index);
    const after = normalized.slice(m.index + digits.length, m.index + digits.length + 3);
    if (/工资|月薪|薪|工钱|收入|底薪|价|钱|电话|手机|微信|qq|¥|\$/.test(before)) continue;
    // 第1003号 is a code; 第3天 is not.
    if (/第$/.test(before) && !/^号/.test(after)) continue;
    if (/^\s*(天|日|个|年|月|周|元|块|岁|点|斤|公里|米|人|次|分|k|w|万|千|多|以上|以下|左右|一个月|一天|每|\/|-|:|\.[0-9])/.test(after)) continue;
    return digits;
  }
  // Digits typed apart after an apply word (报名 1 0 0 3, bm 2 0 4 8): elsewhere "1 3 5" is a
  // menu answer.
  const spaced = /(?:报名|报|bm|编号|号码)\s*((?:[0-9]{1,3} ){1,5}[0-9]{1,3})(?![0-9])/.exec(normalized);
  if (spaced?.[1]) {
    // BM 10 03, 报名 1 0 0 3: groups typed apart that make one code of 3 to 6 digits.
    const joined = spaced[1].replace(/ /g, '');
    if (joined.length >= 3 && joined.length <= 6) return joined;
  }
  return null;
}

const SLANG_NUMBERS = new Set(['886', '520', '521', '555', '233', '748', '995', '530', '250']);

const MENU_RE = /^(?:选|选择|回复|回|我选|要|第)?\s*([0-9]{1,2}(?:\s*(?:,|、|和|及|与|\+|\/|\.|还有|\s)\s*[0-9]{1,2})*)\s*(?:号|个|项)?$/;

function readMenuChoices(normalized: string): number[] {
  // A menu answer is a few characters; longer texts are not tried (the pattern backtracks).
  if (normalized.length > 30) return [];
  const m = MENU_RE.exec(normalized);
  if (!m?.[1]) return [];
  return unique([...m[1].matchAll(/[0-9]+/g)].map((d) => Number(d[0])));
}

/** Reads 15, 十五, 两, 半 and 二十 as numbers; null for 几 (a few), which is no length. */
function readNumber(text: string): number | null {
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (text === '半') return 0.5;
  if (/几/.test(text)) return null;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch in CN_DIGIT) {
      current = CN_DIGIT[ch] ?? 0;
    } else {
      return null;
    }
  }
  return total + current || null;
}

const UNIT_DAYS: Record<string, number> = { 天: 1, 日: 1, 周: 7, 星期: 7, 礼拜: 7, 月: 30, 年: 365 };

function readPause(compact: string): PauseLength | null {
  if (/过完年|过了年|过年后|过年以后|过年再|年后|春节后|春节以后|过完春节|等过年|正月过|元宵(节)?(过|后)|明年/.test(compact)) {
    return { until: 'after_spring_festival' };
  }
  if (/个把月|一个多月/.test(compact)) return { days: 30 };
  if (/下个?月/.test(compact)) return { days: 30 };
  if (/下个?(周|星期|礼拜)/.test(compact)) return { days: 7 };
  const m = /((?<![0-9])[0-9]+|(?<![零〇一二两三四五六七八九十百半几])[零〇一二两三四五六七八九十百半几]+)(?:个|多个|来个)?多?(天|日|周|星期|礼拜|月|年)/.exec(compact);
  const n = m?.[1] ? readNumber(m[1]) : null;
  const unit = m?.[2] ? UNIT_DAYS[m[2]] : undefined;
  if (n !== null && unit !== undefined) return { days: Math.max(1, Math.round(n * unit)) };
  // Events without a date get the time they usually take, so alerts come back on their own:
  // a harvest or the tobacco season about a month, the end of the month about two weeks, a
  // festival a week, being away or in hospital two weeks. 恢复 ends any of them earlier.
  for (const [re, days] of EVENT_PAUSES) if (re.test(compact)) return { days };
  return null;
}

const EVENT_PAUSES: readonly (readonly [RegExp, number])[] = [
  [/(收|烤|摘|栽|插|割|挖|掰|薅|种)完|农忙|秋收|春耕|烤烟|收烟|收苞谷|收谷子/, 30],
  [/月底|月末/, 15],
  [/(节|中秋|国庆|端午|火把节|十月年|长街宴)(过|完|后|以后)/, 7],
  [/回来|出院|病好|回家|坐完月子/, 14],
];

// Chinese New Year (正月初一) dates, Beijing time, from the Purple Mountain Observatory's
// published lunar calendar (as reproduced by the Hong Kong Observatory's Gregorian–lunar
// conversion tables). 元宵 (正月十五) is 14 days later. ICU's chinese calendar (Intl) agrees
// except in 2027 and 2030, where the new moon falls within minutes of Beijing midnight and its
// simpler astronomy puts 正月初一 a day off; the official calendar is the one people keep.
const CHINESE_NEW_YEAR: readonly string[] = [
  '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13', '2030-02-03',
  '2031-01-23', '2032-02-11', '2033-01-31', '2034-02-19', '2035-02-08',
];
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * When a pause ends: after N days, or at 00:00 Beijing time on the day after the Lantern
 * Festival (元宵) that closes the coming (or current) Spring Festival.
 */
export function resolvePauseUntil(pause: PauseLength, now: Date): Date {
  if ('days' in pause) return new Date(now.getTime() + pause.days * DAY_MS);
  for (const date of CHINESE_NEW_YEAR) {
    // Midnight Beijing time on the day after 元宵 = New Year's day + 15 days.
    const end = Date.parse(`${date}T00:00:00+08:00`) + 15 * DAY_MS;
    if (end > now.getTime()) return new Date(end);
  }
  // Past the table: the New Year falls between 21 January and 20 February, so 7 March (20
  // February + 15 days) is always after the festival, if up to a month late.
  const beijingYear = new Date(now.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
  const thisYear = Date.parse(`${beijingYear}-03-07T00:00:00+08:00`);
  return new Date(thisYear > now.getTime() ? thisYear : Date.parse(`${beijingYear + 1}-03-07T00:00:00+08:00`));
}

// Words for how work is paid or timed (零工, 日结, 短工) read as 普工 alone, but beside a named
// skill they only qualify it: 今天有零工吗 搬运的 asks for 搬运.
const JOB_TYPE_WORDS = new Set(['零工', '打零工', '做零工', '短工', '日结', '日结工', '临时工', '小时工', '散工', '钟点工', '长工']);

// Words that say where work is done rather than what it is (在东莞厂里面做过, 还是在家做): a
// skill only when no other skill is named.
const WHERE_WORDS = new Set(['厂里', '工厂里', '进厂', '在家做', '拿回家做', '带回家做']);

function withoutQualifiers(skills: string[], mentions: readonly { name: string; start: number; end: number }[], reading: string): string[] {
  if (skills.length >= 2) {
    const onlyWhere = (name: string): boolean => mentions.filter((m) => m.name === name).every((m) => WHERE_WORDS.has(reading.slice(m.start, m.end)));
    const kept = skills.filter((s) => !onlyWhere(s));
    if (kept.length > 0 && kept.length < skills.length) skills = kept;
  }
  if (skills.length < 2 || !skills.includes('普工')) return skills;
  const general = mentions.filter((m) => m.name === '普工');
  // 也会打零工 states it as work the worker does; 有零工吗 搬运的 asks for a kind of 搬运.
  const qualifies = (m: { start: number; end: number }): boolean =>
    JOB_TYPE_WORDS.has(reading.slice(m.start, m.end)) && !/[会做干能]$/.test(reading.slice(Math.max(0, m.start - 2), m.start));
  if (general.every(qualifies)) return skills.filter((s) => s !== '普工');
  return skills;
}

// 我原来住南沙 现在搬到县城了 蒙自: the place to keep is the one after the last word of change.
const PLACE_CHANGE_RE = /现在|搬到|搬去|搬来|改成|换成|改为|改到|换到|应该是|其实是|是在|在(?=[^,.!?]{0,8}住)/g;

function newPlace(places: PlaceIndex, reading: string, mentions: readonly { start: number; end: number }[]): PlaceCandidate[] | null {
  let last = -1;
  for (const m of reading.matchAll(PLACE_CHANGE_RE)) last = m.index;
  if (last <= 0) return null;
  const masked = maskForPlaces(reading, mentions);
  const after = places.findInText(masked.slice(last));
  return after.length > 0 ? after : null;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
