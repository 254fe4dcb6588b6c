/**
 * The opt-out reading of the message reader (message-reader.ts): the words and patterns that
 * stop messages, the texts that hold 不/别/停 about something else, and the fillers around a
 * command (您好, 谢谢, 了) that do not change it.
 */

import { isServiceEnded } from './reader-kinds-26.js';
import { isTerminated } from './reader-kinds-28.js';

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
  '屏蔽', '屏蔽了', '屏蔽掉', '拉黑', '拉黑了', 'tuichu', 'shanchu', 'buyao', 'buyaole', 'biefa', 'biefale', 'tingzhi', 'jushou', 'dt', 'tdd', 'ttd', '删号', '销号', '删号码',
]);

// Stop words strong enough to stop as a clause of their own in a longer text (不要 and no are not;
// 退 is what is left of 退了吧 once its particles go).
const STOP_CLAUSES = new Set(['td', '退订', '退', '退定', '退掉', '退了', '退出', '取消', '取消订阅', '拒收', '删掉', '删除', '注销', 'stop', 'unsubscribe', '别发了', '莫发了', '不要发了', '别再发了', '不要再发了', '莫要发了']);

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

// 不退订, 我不是要退订, 别删我, 不要取消我的订阅: the worker says the opposite.
export const NEGATED_OPT_OUT_RE =
  /(?<![能可行要会好])(不|别|不要|不想|没|没有|莫|不用|不会|不是要|不是想|不是|没想|没有想|没说|没说要|没有说|没说过|没讲|不打算|并不|不能)(要|想)?(把我|给我|帮我|把我的?号码?)?(退订|退定|退丁|退出|取消订阅|取消(一下|一哈|下|掉)?(我的|我们的|我家的|这个|你们的)?(订阅|定阅)|删(除|掉|了)?我?|拒收|td|t$)|(不要|别|莫|不用|不能|不许)(停|停止|停发|断)(?!电|水|网|车|工)|(没|没有)(说|讲)(过)?(要)?(不要|别发|莫发|不收|退|停)/;
// 别给我退了, 莫退我: a bare 退 refused (not a TD question's 不要退, which NEGATED_OPT_OUT_RE leaves
// to the rest of the text). Read with a slip named (我刚才回错了) as a subscription again.
export const BARE_RETREAT_REFUSED_RE = /(别|莫|不要|不用|甭)(再)?(把我|给我|帮我)(的号码?)?退(?!休|钱|款|货|烧)(了|掉|我)?|(别|莫|甭)(再)?退(了|掉|我)|(不要|不用)(再)?退我/;
// An earlier opt-out taken back: 上次发了退订 现在又想收了, 之前退订了 能重新订吗, 刚才说退订是开玩笑的.
export const PAST_OPT_OUT_RE = /(上次|之前|以前|刚才|刚刚|昨天|前几天|前面|那天|早上|先前)[^,.!?]{0,5}(td|退订|退定|取消)/;
export const TAKEN_BACK_RE = /又想|想收|还想|重新|再订|还能|能不能再|能不能重新|能重新|继续|开玩笑|玩笑|不算|发错|撤回|恢复|又要|还要|再发|要收/;
// A mistaken TD being corrected: 刚才发TD是发错了, 手滑按了退订.
export const OPT_OUT_MISTAKE_RE =
  /(发错|误发|按错|点错|打错|错发|错按|错点|不小心|手滑|搞错|弄错|乱发|乱按|小孩|娃娃|孙子|孙女|发着玩|开玩笑|无意)[^,.!?]{0,12}(td|退订|退定|t\b)|(td|退订|退定)[^,.!?]{0,10}(发错|误发|按错|点错|打错|搞错|弄错|错了|不小心|手滑|不算|作废|无效|撤回|收回|乱按|乱发|乱点|小孩|孩子|孙子|孙女|娃娃|(?<!号|号码|手机|电话|卡)不是我|开玩笑|玩笑)/;
// A question about what TD (or R, 0000, 退订) means or does: help, not a request.
export const OPT_OUT_QUESTION_RE =
  /(?:^|[^a-z])(?:whatis|whats|whatdoes|whatdo|whatwill|meaningof|whatsthemeaningof)(?:td|t|r|stop|unsubscribe)(?:mean|means|do|does|for|meaning|happen)?$|(?:td|退订|0000|拒收请回复r|回r|\br\b|\bt\b)[^,.!?但可只就]{0,3}是[^,.!?]{1,4}还是|(?:td|退订|0000|拒收请回复r|回r|拒收|取消订阅|\br\b|\bt\b)[^,.!?]{0,6}?(?:是什么|是啥|是哪样|啥意思|什么意思|哪样意思|是么子|是干什么|干什么用|干嘛用|是干嘛|有什么用|代表什么|指什么|什么东西|会怎么样|会怎样|会咋个|会不会|是不是|是退订吗|是退订的意思|怎么用|咋个用|怎么回|咋个回|怎么发|是啥子|是(?:拒收|退订|取消)(?:吗|嘛|的意思))|(?:什么是|什么叫|啥叫|啥是|哪样是|哪样叫)(?:td|退订)|(?:退订|td|拒收|取消订阅|退(?=了))(?:了|以后|之后|后)[^,.!?]{0,8}(?:还能|能不能|可不可以|还可以|会不会|还会|还收|还有)|(?:和|跟|与)(?:退订|td|暂停)[^,.!?]{0,6}(?:区别|不同|一样)|(?:td|退订|\br\b)[^,.!?]{0,4}(?:有用|管用|有没有用|有效|好使)(?:没|吗|不|没有|嘛)|(?:退订|td|暂停)(?:和|跟|与)[^,.!?]{0,6}(?:区别|不同|一样)|(?:td|退订|退定|0000|\bt\b|\br\b)[^,.!?]{0,6}?(?:要钱|收钱|收费|扣钱|扣费|花钱|付费|交费|交钱|要交|缴费|要不要钱|收不收钱|收不收费|扣不扣|扣话费|要话费|算钱|收不收话费|要不要话费|收话费)|(?:td|退订|退定|拒收|取消)(?:要|得|该|是)?(?:回复?|发|按|打|输入)(?:哪个|什么|啥|哪样|哪些|几)(?:字母|字|键|数字|号)?|(?:回复?|发|按|打)(?:哪个|什么|啥|哪样)(?:字母|字|键|数字)?(?:才|就|可以|能)(?:能)?(?:退订|退掉|取消|不发)|(?:是不是|是否|会不会)(?:只要)?(?:回复?|发|按)(?:了|个)?(?:td|退订|\bt\b|\br\b)|(?:回复?|发|按)(?:了|个)?(?:td|退订|\bt\b|\br\b)(?:以后|之后|后)?(?:就|是不是就|会不会就)?(?:不|不会|收不到|没有)[^,.!?]{0,4}(?:吗|吧|么|嘛|对吧|是吧|对不对)|(?:td|\bt\b|\br\b)(?:就)?是(?:退订|拒收|取消)(?:对吧|是吧|吧|对不对|没错吧|哈)|(?:退订|取消|拒收)(?:是|要)(?:回|发|按)(?:td|\bt\b|\br\b|[0-9])(?:吗|嘛|么|对吧|是吧)|(?:回|发)了?(?:td|退订)?(?:以后|之后)[^,.!?]{0,6}(?:还能|能不能|可不可以|还可以)(?:再)?(?:订|订阅|收|接收)/;

// Am I unsubscribed (already)? A status question, not a request.
export const OPT_OUT_STATUS_RE = new RegExp(
  [
    String.raw`(?:是不是|有没有|是否)(?:已经|被|给我|把我)?(?:退订|取消|退出|停)(?:了|掉了)?(?:吗|呢|没有|没)?$|(?:是不是|有没有|是否)(?:已经|被|给我)(?:退订|取消|退出)|我没(?:有)?退订`,
    // 是不是把我退掉了 好久没收到: whether the worker was stopped.
    '(?:是不是|有没有|是否)(?:已经|被)?(?:把我|给我|将我)(?:的号)?(?:退订|取消|退出|停|退掉|退|删|删掉|删除)(?:了|掉了|掉)',
    // 取消了吗, 退订成功了没有, 退掉了没: whether a stop sent before worked (the whole text).
    '^(?:请问|问一下)?(?:我|我的)?(?:已经)?(?:退订|取消|退掉|退|td|停掉)(?:了|掉了|成功了?|好了|弄好了|搞好了|办好了)(?:吗|没有|没|没得|么|嘛|不)$',
    // 我好像被退订了 怎么一直没收到: the worker believes someone stopped them.
    '(?:好像|是不是|可能|难道|会不会|怎么|咋个|为什么|为啥)(?:已经)?被(?:你们|人|别人)?(?:退订|退掉|退了|取消|删|停)',
    // 是谁帮我退订了, 哪个把我取消了: someone else stopped the worker's messages.
    '(?:谁|哪个|哪位)(?:帮我|给我|把我|替我)?[^,.!?]{0,4}(?:退订|退掉|退了|取消)(?:了|的)',
    // 我没退过, 我从来没有回过TD: the worker did not stop.
    // (Without 我, 从来 or 过 the words may be two sentences: 一个月都没发 退订 is a complaint and a stop.)
    '我?(?:从来|从)?没(?:有)?(?:退|回|发)过(?:td|退订)?|(?:我|从来|从)没(?:有)?(?:回|发)(?:过)?(?:td|退订)|没(?:有)?回(?:td|退订)',
    // 我这个号还在不在, 还收得到吗 after a TD someone else sent.
    '(?:号|号码|手机|我)[^,.!?]{0,6}(?:还在不在|还在吗|还在没有?|还有效吗?|还订着|还收得到|还能收到|还能不能收)',
    // 现在还在名单上吗: whether the worker is still on the list.
    '还在(?:名单|系统|你们(?:那|这)?)(?:上|里|里面)?(?:吗|没|不|没有|嘛|不在)',
  ].join('|'),
);

const OPT_OUT_ANYWHERE_RE = new RegExp(
  [
    '退订|退定|退丁|推订|退訂|退群|退出群|退出(?:这个|你们|归雁|订阅|平台|服务|系统|招工|招聘|岗位|短信|信息|消息|推送|通知|名单|提醒)',
    // WeChat: 取关, 取消关注 (the account itself unfollowed)
    '取关|取消关注',
    // The messages named as spam: 垃圾短信, 骚扰短信, 广告短信
    '(?:垃圾|骚扰|广告)(?:短信|信息|消息|推送|电话)',
    // English and Chinese mixed: no 再发, no more 短信, stop 发, dont 发
    '^(?:no|nomore|dont|donot|stop|never)(?:再|短信|信息|消息|发|推|给我发)',
    // Permanence: 永久停止, 以后都不要发, 以后也别发, 再也别发
    '(?:永久|永远|彻底|以后都|以后也|以后再也|再也|从此|一辈子|从今天起|从今天开始|从今往后|从今以后|从现在起|从现在开始|从明天起|从明天开始|明天开始|明天起|今后|(?<![完过年节来院家前后天月])以后就)(?:就|都|再)*(?:不要|别|莫|不用|不|停|停止|取消|退|拒)(?!(?:要|用)?(?:再)?(?:给我)?(?:发|推|推送|介绍)(?!你们|这|那|短信|信息|消息|垃圾|广告)[^,.!?\s]{1,6}的(?:活|工作|岗位)?(?:了|啦)?(?:$|[,.!?\s]))(?!(?:要|用|做|干)?[^,.!?\s发推你们这那]{1,6}的(?:活|工作|岗位|班)?(?:了|啦)?(?:$|[,.!?\s]))',
    // The subscription itself removed: 撤销订阅, 订阅取消, 把订阅删了, 号码删除
    '(?:撤销|撤掉|撤了|退掉|删掉|删除|删了|取消掉|去掉|解除|终止|结束|停止|停掉)(?:我的)?(?:订阅|定阅|登记|注册|这个订阅)',
    '(?:订阅|定阅|登记|短信|推送|通知|号码|手机号|电话号码?)[^,.!?]{0,4}(?:取消|撤销|删除|删掉|删了|退掉|不要了|关掉|注销)',
    // 把这个号取消, 我的号退掉: the number itself taken off (号 alone, after 这个/我的/把).
    '(?:把|将)(?:这个|我的|我家的|我们的|这)?号(?:给我)?(?:取消|撤销|删除|删掉|删了|退掉|退了|注销)',
    // 那个订阅的给我退了嘛: the subscription, then who does it, then 退.
    '(?:订阅|定阅)的(?:那个|这个)?(?:给我|帮我|也)?(?:退了|退掉|退)(?!休|钱|款|货)',
    '(?:把|将)[^,.!?]{0,16}(?:号码|电话|手机号?|名字|我|订阅|这个)[^,.!?]{0,6}(?:删|移除|移出|去掉|拿掉|除名|注销|划掉|退了|退掉|踢出)',
    '(?:移出|移除|踢出|撤出|划出|拿出)(?:你们的?)?(?:名单|列表|系统|群|通讯录|名册)',
    '取消(?:订阅|定阅|订购|短信|信息|消息|推送|服务|关注|通知|发送|提醒|登记|注册|我的订阅|掉|了吧)',
    // 麻烦取消一下我的订阅, 帮我取消下这个订阅: politeness between the verb and the subscription (Round 22b).
    '取消(?:一下|一哈|下|掉)?(?:我的|我们的|我家的|我妈的|我爸的|这个|你们的|你们这个)?(?:订阅|定阅|短信推送|推送|短信通知)',
    '拒收|拒绝接收|拒接|不再接收|不再接受|unsubscribe|optout',
    // Removal: 把我删了, 删除我的号码, 从名单里去掉, 注销账号
    '(?:删除|删掉|删了|删去|移除|除名|去掉|拿掉|注销|划掉|踢掉|踢出)(?:我|我的|号码|手机|电话|账号|帐号|信息|名字|资料|订阅|登记)',
    '(?:把我|将我|我的号码|我的号|我的电话|我的手机号?|我的名字|我的信息|我的资料|我的账号|把号码|把电话|把手机号?|把名字)[^,.!?]{0,10}(?:删|移除|去掉|拿掉|除名|注销|划掉|踢|撤掉|撤了|撤下)',
    // (从你们名单里去掉, Round 30: the list's owner said between.)
    '(?:从|在)(?:(?:你们的?|你们那个|你们这个)?(?:名单|列表|通讯录|系统|群|名册|花名册)|你们那|你们这)[^,.!?]{0,6}(?:删|去掉|拿掉|移除|除名|踢|撤)',
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
    // 不想再收到任何招工信息: what is no longer wanted named whole (any job news), to the end.
    '(?:不想|不愿意|不愿|不要|不需要)(?:再)?(?:收|接收|收到|接到)(?:任何|一切|所有|你们的?|这些|这种|的)+(?:招工|招聘|工作|岗位|找工作|打工)?(?:的)?(?:短信|信息|消息|通知|推送)(?:了|啦|咯)?$',
    // English, spaces gone: remove me, don't send, no more messages, leave me alone
    'removeme|deleteme|dontsend|donotsend|take(?:my|me|this|our)(?:number|no|num|phone|name|info|details)?(?:off|out)|takeoff(?:my|me)|(?:remove|delete|erase|drop|clear)(?:my|me|this|our)(?:number|phone|name|info|details|account|contact)|offyour(?:list|system)|outofyour(?:list|system)|(?:turn|switch|shut)(?:off|down)(?:the|your|all|my)?(?:alerts|messages|notifications|texts|sms)|(?:turn|switch)(?:the|your|all|my)?(?:alerts|messages|notifications|texts|sms)off|nomore(?:alerts|jobs|notifications|msgs)|(?:dont|donot|idont|idonot)(?:want|need)(?:any|these|your|the|those)?(?:more)?(?:job|jobs|work)?(?:messages|texts|sms|alerts|notifications)|donttextme|dontsms|stopalert|stopnotif|stopthe(?:messages|texts|alerts)|dontmessage|donotmessage|donttext|donotcontact|dontcontact|nomoremessage|nomoresms|nomoretext|stopsending|stopmessag|stoptext|leavemealone|donotdisturb|dontdisturb|takemeoff|unsubscrib|cancelsubscri|optmeout|notinterested',
  ].join('|'),
);
// Tokens that opt out wherever they stand; single letters (t, r, n) only count as the whole text,
// so that T恤 or an R in a sentence is not an opt-out.
export const OPT_OUT_TOKENS = new Set(['td', 'stop', 'unsubscribe', 'unsub', 'tuiding', 'optout', 'dnd']);

// "Don't send any more": an opt-out unless the worker says when to start again (then a pause)
// or narrows what is sent (不要发编织的了). 发 must not start another word (发工资, 发货).
export const SOFT_STOP_RE =
  /(不要|别|莫要|莫|不用|甭|勿|不准|不许|不必|不消得|不消|不需要|停止|停掉|停|少)(再|继续|老是|总是|一直|每天|天天|乱|在|再来)?(给我|跟我|向我|帮我|和我|对我|来|给[^,.!?]{1,4}?)?(发(?!工资|钱|货|工钱|红包|快递|烧|芽|财|展|现|明|生|火|票|脾气|错|语音|视频|图片|照片|微信|定位|位置)|传(?:简讯|讯息|短信|信息)|推送|推(?!荐)|打扰|通知(?!书)|联系|骚扰|烦|短信)|(不想|不愿意|不再|不要再?|不需要再?)(收|接收|接到|看到)(短信|信息|消息|通知)?|(?:你们|给我|给她|给他|帮我|帮她|帮他|就|都|干脆)停(?:了|掉|下来)?(?:吧|嘛|算了|好了)|(?<![厂工产电水车雨网])停(?:了|掉)(?:吧|嘛|算了|好了)(?:谢谢|感谢|多谢)?$|(?:给|帮)(?:我|她|他)[^,.!?]{0,4}停(?:了|掉)(?:吧|嘛)?(?:谢谢|感谢|多谢)?$|拉黑|骚扰|烦死|好烦|别烦|滚|不(再)?找(工作|活|活路|事做)?了|(不要|别|莫|不用|甭|不消)(再)?(给我|帮我)?(推荐|介绍)(工作|活|活路|岗位)?(了|啦|咯)(?![^,.!?]{0,4}(的|远|外))|不需要(工作|找工作|了)|不打工了|投诉|举报/;

// Complaints that may be a request to stop: too many texts, never signed up, who gave you my
// number. Alerts stop at once and the worker is asked (回TD退订，回1继续接收).
// Wrong person (发错人了, 你们发错了, 我不是找工作的): the number is not a worker's, or not this
// worker's; alerts stop and the worker is asked, as for the complaints below.
const UNCLEAR_OPT_OUT_RE =
  /(^|[\s,.!?]|家|们)(已经)?(不需要|不用|用不着)(再)?(打工|找工作|找活|找活路)了[\s,.!?]*$|(?<![别莫要怕免])发错人|(?<![别莫要怕免])(你们|你)(发错(了|人|号)|打错人)|(?<![别莫要怕免没])(你们|你)?找错(人|对象)(了)?|(^|[^要想还])我(又)?不是(找|要找|来找)(工作|活|活路|事做)的(?=$|[\s,.!?]|了|啊|呀|哦|嘛|哈)|(太多|好多|这么多|那么多|老是|总是|天天|每天|一直|整天|成天|又)(在)?(给我|跟我)?(发|发来|来短信|来信息|收到)(短信|信息|消息|这些|这种)?(了|啊|呀|哦|嘛|烦|干什么|干嘛|做什么|搞哪样|整哪样)*$|(短信|信息|消息)[^,.!?]{0,4}(太多|好多|多死|(?<!麻)烦)|(从来)?(没|没有|从没|不曾)(订|订阅|登记|注册)过|^我?没(有)?(订|订阅|登记|注册)(啊|呀|嘛|的)?$|(没|没有)(订|订阅|登记|注册)(过)?[^,.!?]{0,4}(怎么|为什么|为啥|咋个|凭什么)(还)?(发|给我发|老是发)|不是我(订|登记|注册)的|(谁|哪个)(给我|帮我)?(订|登记|注册)的|(怎么|哪来|哪里来|从哪)(有|知道|弄到|搞到|拿到)?我(的)?(号码|电话|手机号)|^算了(吧|算了)*$|没用|不想找了|不找了|没意思|别管我|有完没完|没完没了|烦不烦|够了没|够了吧|发个不停|发个没完|还有完没|还让不让人/;
// News that the worker found work: alone it may mean "stop" (ask); with thanks, a place, who
// found it or how it went it is news to share, not a request (谢谢 我在家附近找到活了).
export const FOUND_WORK_RE = /(?<!想|要|能|才能|可以|帮我|没|没有|还没)(找到了(工作|活|活路|事做|厂)|找到(工作|活|活路|事做|厂|事情做)了|(有|找着)(工作|活|活路|事做|(活|活路|事)(做|干))了|(工作|活|活路)(找到|找好|落实)了)(?![^,.!?]{0,4}(吗|没有|没得|么))(?![^,.!?]{0,3}(就|跟我|和我|给我|告诉|通知|喊|叫|说一声|联系|打电话|发我))/;
export const WORK_NEWS_RE = /(做|干|上|上班|上工|打工)得(很|挺|蛮|还|好)?(好好的|挺好|很好|还好|不错|安逸|开心|可以)|(说|道)(声|一声)谢谢|(去|在|到)[^,.!?]{0,8}上(班|工)了|上班去了|(已经|开始)上(班|工)了/;
export const LATER_RE = /(晚上|晚点|等一下|等下|等会|等哈|等一哈|等下下|一会儿?|回头|改天|有空|空了|忙完)(回来|回家|到家|下班|收工)?再(说|聊|回|联系|看|讲)/;
const FOUND_WORK_NEWS_RE = /谢|感谢|多谢|感恩|辛苦|帮助|帮忙|好人|有用|附近|家门口|旁边|离家|在[^,.!?]{1,8}(找到|上班|做)|(女儿|儿子|老公|媳妇|孙|侄|妹|姐|哥|弟|家人|亲戚|老乡|邻居|朋友)|工资|一个月|每天|开心|高兴|满意|不错|挺好|很好/;

// Not a request to us at all: politeness, declining a job, a power cut, a channel preference,
// wages owed by an employer. They hold 不/别/停 and must not read as stop.
const NOT_FOR_US_RE =
  /^(莫|别|不要|不用|甭)(慌|急|着急|担心|怕|操心)|(莫|别|不要)(再)?(发|弄|搞|写|打|记)错|^(不用|不要|莫|别|甭)(回|回复|回信|回我)(了|啦|咯)?$|^(不客气|不用客气|别客气|莫客气|不用谢|不消谢|不谢|不谢谢|没事|没事了|没事没事|莫得事|没得事|莫事|不要紧|不碍事|没关系|没有|没有了|不是我|不是我发的|不好意思|发错了|打错了|不好意思发错了|不好意思打错了)+$|^(不去|不去了|我不去了?|那个不去了?)(不去)*(太远了?|谢谢)?$|(停|断)[^,.!?]{0,4}(电|水|网|信号)|(不要|别|莫|不用)(打电话|打我电话|发语音|语音|视频|微信)(?![^,.!?]*(短信|信息|消息)(也)?(不要|别|莫))|(用|发)(短信|信息)(发)?(就行|就可以|就好|可以)|(工资|工钱|退休金|补贴|我的钱|我们的钱|那点钱|血汗钱)[^,.!?]{0,6}(不发|没发|什么时候发|啥时候发|哪天发|几号发)|(老板|厂里|厂)[^,.!?]{0,4}(不发|没发)|(不|没|没有)发(工资|工钱)|^别人(叫|介绍|喊|让|推荐|带)[^,.!?]{0,6}(来的|的)$|^(那个|这个)?(岗位|厂|活|工作)?(我)?(不去|不干|不做)了?$/;
// Turning down an opening: 这个活我不要了, 那个厂不去了. Not the messages.
export const JOB_DECLINE_RE = /(活|岗位|工作|厂)[^,.!?]{0,3}(我)?(不要|不去|不干|不做)了/;

export function isNotForUs(compact: string): boolean {
  if (compact.length > 40) return NOT_FOR_US_RE.test(compact.slice(0, 40)) && !OPT_OUT_ANYWHERE_RE.test(compact);
  return NOT_FOR_US_RE.test(compact) && !OPT_OUT_ANYWHERE_RE.test(compact) && !/(td|退订)/.test(compact);
}

export function isUnclearOptOut(compact: string): boolean {
  if (UNCLEAR_OPT_OUT_RE.test(compact)) return true;
  return FOUND_WORK_RE.test(compact) && !FOUND_WORK_NEWS_RE.test(compact);
}

const SHORT_PAUSE_RE = /^(请|麻烦|你们)?(先|暂且|暂时)?(停|歇|缓)(一下|一下下|下下|一停|一歇|一缓|会儿|一会儿?|一阵子?|一下子|两天|几天)(再说|再发)?(吧|嘛|哈|啊|哦|了|先|喔|嘞|谢谢|感谢|多谢)*$/;

export function isOptOut(c: { compact: string; core: string; reading: string }): boolean {
  const { compact, core, reading } = c;
  // 停一下, 先停会儿, 停一停: a stop for a moment is a pause (the fillers would leave 停).
  if (SHORT_PAUSE_RE.test(compact)) return false;
  if (OPT_OUT_WORDS.has(compact) || OPT_OUT_WORDS.has(core)) return true;
  // 谢谢 不用了: thanks before the refusal reads as thanks after it (不用了 谢谢).
  const afterThanks = compact.replace(/^(谢谢你们|谢谢你|谢谢您|谢谢了|谢谢|多谢|感谢|谢了)+/, '');
  if (afterThanks !== compact && OPT_OUT_WORDS.has(stripTrailing(afterThanks))) return true;
  // A phrase of its own that says only "don't want" after a complaint or a word for the
  // messages (咯是要天天发 不要了, 🚫短信 不要, 我 短信 收 不要): the refusal is of the texts.
  if (reading.length <= 60 && /(^|[\s,.!?])(我)?(都|就)?不要(了|啦|咯)?$/.test(reading) && /短信|信息|消息|发|收|不要了.*不要|这个/.test(compact)) return true;
  // ... and with the separator left out (你们一天发那么多条不要了, 整哪样天天发不要了): 不要了 ending a
  // complaint about the sending, not a kind refused (搬运的不要了).
  if (reading.length <= 60 && /(发|短信|信息|消息)[^,.!?]{1,10}?(我)?(都|就)?不要(了|啦|咯)$/.test(compact) && !/的(活|工作)?(我)?(都|就)?不要(了|啦|咯)$/.test(compact)) return true;
  // 谁让你们发的退掉, 我爷爷看不懂这些帮他退了: a stop word closing the text is a clause of its own
  // even when spaces and punctuation are left out; not what is returned (押金退掉) or a stop refused.
  const closing = CLOSING_STOP_RE.exec(compact);
  if (closing && closing.index > 0 && !RETURNED_OR_REFUSED_BEFORE_RE.test(compact.slice(0, closing.index))) return true;
  // 我要退出不用问我为什么 (Round 22): the wish to get out opening a run-together text, whatever follows (not
  // an application or money: 我要退出报名).
  if (/^(我)?(要|想|就要|现在就要|马上)(退出|退订)(?!群|了吗|了没|了吧|以后|之后)/.test(compact) && !HOW_TO_QUIT_OTHER_RE.test(compact)) return true;
  // 老是一大早发吵醒娃娃取消 (Round 22): 取消 closing a complaint about the sending, run together — a clause of
  // its own (a kind before it, 夜班的取消, is read as one kind stopped before this).
  if (/(发|推|短信|信息|消息)[^的]{1,14}取消(掉)?(了|吧|嘛|啊)*$/.test(compact) && !/的取消|报名|申请|暂停|[0-9]{3,6}/.test(compact)) return true;
  // 可以不发了吗, 能不能别发了: a stop asked politely.
  if (/^(你们)?(可以|能不能|可不可以|能)(不|别)(要)?(再)?(给我)?(发|推)(了)?(吗|不|嘛|吧|么|啊)?$/.test(compact)) return true;
  // 00000: a mistyped 0000, never a job code.
  if (/^0{3,}$/.test(compact)) return true;
  // TTT, td td, no no (Round 22): the same opt-out typed again because the first one "did not work".
  if (compact.length <= 24 && /^(td|t|r|n|no|停)\1+$/.test(compact)) return true;
  if (OPT_OUT_ANYWHERE_RE.test(compact) && !NEGATED_OPT_OUT_RE.test(compact)) return true;
  // 解绑这个手机号, 结束服务, 服务不用了 (Round 26, reader-kinds-26.ts): the number unbound or the service ended.
  if (isServiceEnded(compact)) return true;
  // 终止, 中止订阅, 终止短信 (Round 28, reader-kinds-28.ts): terminate, alone or with the service as its object.
  if (isTerminated(compact)) return true;
  // 谁让你们发的，退掉: a clause of its own that is a stop word.
  if (reading.split(/[\s,.!?;~]+/).some((part) => STOP_CLAUSES.has(part) || STOP_CLAUSES.has(stripFillers(part)) || RELATIVE_STOP_RE.test(part) || (HOW_TO_QUIT_CLAUSE_RE.test(part) && !HOW_TO_QUIT_OTHER_RE.test(compact)))) return true;
  // 怎么才能不收到这个短信, 要咋个做才收不到: how to stop receiving, asked — as 怎么退订.
  if (/(怎么|咋个|咋|如何|怎样)(做|弄|搞|整|办)?(才|才能|才可以|可以|能)(不再?|不会再?)(收到|收|接到|接收)|(怎么|咋个|咋|如何|怎样)(做|弄|搞|整|办)?(才|才能|才可以)(收不到|接不到|不会收到|不会再收到)/.test(compact) && !HOW_TO_QUIT_OTHER_RE.test(compact)) return true;
  // zen me tui, zagetui: how to get out, in pinyin.
  if (/^(zenme|zenmo|zemme|zage|zaige|zenyang|ruhe|zmme|怎么|咋个|咋|如何|怎样)(cai|neng|才|才能)?(tui|tuidiao|tuichu|tuichulai)(a|ne|ya|ma)?$/.test(compact)) return true;
  // ... and in a voice run-on, where the next clause starts with who is speaking or their age.
  if (HOW_TO_QUIT_RUN_ON_RE.test(compact) && !HOW_TO_QUIT_OTHER_RE.test(compact.replace(/[0-9一二三四五六七八九十]+(岁|了)/g, ''))) return true;
  for (const m of reading.matchAll(/[a-z]+/g)) if (OPT_OUT_TOKENS.has(m[0]) || isEnglishStopTypo(m[0])) return true;
  // st0p, 5top, unsubscr1be: a digit typed for the letter it looks like (Round 22b).
  for (const m of reading.matchAll(/[a-z0-9]+/g)) if (isLeetStop(m[0])) return true;
  // 我都说了不要了, 说过好多次别发: a refusal said before and repeated now.
  if (/(说了|讲了|说过|讲过|说好|告诉过|讲好)[^,.!?]{0,8}(不要|别发|莫发|不收|不想收|不接收|退订|别再)/.test(compact) && !/(说了|讲了|说过|讲过)[^,.!?]{0,8}不要(夜班|外省|太远|晚班|加班|[^,.!?了]{1,4}的)/.test(compact)) return true;
  // English with spaces: "stop it", "remove me", "no more", "do not send".
  if (/\b(stop|cancel|remove|unsubscribe|quit)\b/.test(reading) && !/\b(bus|dont|don't|do not|never)\s+stop\b/.test(reading)) return true;
  // 取消 opening a short text (取消吧) is an opt-out unless it cancels something else (取消 缝纫 is
  // made unclear before this: reader-scope.ts).
  if (/^取消/.test(core) && !/^取消(暂停|报名|申请|\d)/.test(core) && core.length <= 8) return true;
  return false;
}

// A stop word closing a text (…退掉, …删掉, …帮他退了, …给我退了), and what may come before it that
// makes it something else: a thing returned (押金, 衣服), an application, a negation or a question how.
const CLOSING_STOP_RE =
  /(?:退掉|删掉|删除|注销掉?|退订|(?:帮|给|替)(?:我|他|她)?(?:家)?(?:爸|妈|爸爸|妈妈|老爸|老妈|爷爷|奶奶|外公|外婆|老公|老婆|老人)?(?:的)?(?:号|号码|手机)?(?:也|都)?(?:退|退掉|退了|退订|停掉|删掉|删了))(?:了|掉|吧|嘛|啊|哈|算了)*$/;
const RETURNED_OR_REFUSED_BEFORE_RE =
  /(押金|钱|款|货|费|票|房|衣服|裤子|鞋|东西|照片|图片|视频|报名|申请|名额|[0-9]{3,6}(号|的|那个)?)(也|都|就)?(给我|帮我|要|的)?$|(不|别|莫|没|甭|不用|不要|不想|不能|怎么|咋个|咋|如何|怎样|是不是|有没有|谁|哪个)(是|有|要|想|用|能|会|曾)?(才能|才)?(把我|给我|帮我)?$/;

// How to get out, as a clause of its own with nothing after 退 (这个东西咋个退, 怎么退掉, 咋个才退得掉):
// the reader keeps 怎么退订 a stop, and the bare 退 asks the same (怎么退钱, 退货 name what is returned).
const HOW_TO_QUIT_CLAUSE_RE =
  /^(这个|这个东西|这东西|这个短信|这些短信|这个服务|你们这个|这个号)?(要|该|到底)?(怎么|咋个|咋|如何|怎样|怎么样)(才能|才可以|可以|能|才)?(退|退掉|退出|退出来|退出去|退了|退得掉|退得了|退得出来|关掉|取消掉)(它|嘛|呢|啊|哦|哈|吗|了)*$/;

const HOW_TO_QUIT_RUN_ON_RE =
  /(这个|这个东西|这东西|这个短信|这些短信|这个号|这个号码|你们这个)(要|该|到底)?(怎么|咋个|咋|如何|怎样)(才能|才可以|可以|能|才)?(退|退掉|退出|退出来)(?=我|他|她|人|老|身体|现在|年纪|岁数|$)/;
// ... unless what is returned is named elsewhere in the text (怎么退 押金, 报名了 咋个退).
export const HOW_TO_QUIT_OTHER_RE = /押金|钱|款|货|费|票|房|宿舍|工作服|工装|证|衣服|裤子|鞋|东西买|买的|报名|报了名|报的|不想去|不去了|名额|申请|1[0-9]{3}|[0-9]{4}/;

// A stop asked for someone else, as a clause of its own: 帮他退了, 给我妈退掉吧, 把我爷爷的号退了.
const RELATIVE_STOP_RE =
  /^(请|麻烦|你们|就)*(帮|给|替|把)(我|他|她|我们|他们)?(家)?(爸|妈|爸爸|妈妈|老爸|老妈|爷爷|奶奶|外公|外婆|公公|婆婆|老公|老婆|媳妇|老人|老人家|爹|娘|阿爸|阿妈|舅舅|姑妈)?(的)?(号|号码|手机|电话|手机号)?(也|都)?(退|退掉|退了|退订|停掉|停了|删掉|删了)(了|掉|吧|嘛|啊|哈|算了|谢谢)*$/;

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

// Digits typed for the letters they look like (st0p, 5top, cance1): 0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t.
const LEET: Readonly<Record<string, string>> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't' };

/** A stop word with a digit or two typed for letters; never a code (bm1003) or a plain number. */
function isLeetStop(token: string): boolean {
  if (token.length < 4 || !/[0-9]/.test(token) || (token.match(/[a-z]/g) ?? []).length < 2 || (token.match(/[0-9]/g) ?? []).length > 2) return false;
  return ['i', 'l'].some((one) => {
    const word = token.replace(/[0-9]/g, (d) => (d === '1' ? one : LEET[d] ?? d));
    return !/[0-9]/.test(word) && (OPT_OUT_TOKENS.has(word) || ENGLISH_STOP_WORDS.includes(word) || isEnglishStopTypo(word));
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

const SEPARATOR_RE = /[\s\p{P}\p{S}]/u;

/** Fillers off the front, by index: one slice at the end, so a long text costs O(n). */
export function stripLeadFillers(reading: string): string {
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

export function stripTrailing(compact: string): string {
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

export function stripFillers(compact: string): string {
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

/** Everything sent refused: 停止所有通知, 一样都莫发了, 什么都不要发, 以后通知都不消发 (not 不要停止所有通知, nor a kind: 以后都不要发搬运的了). */
const REFUSES_ALL_RE =
  /(?<!不要|不|别|莫|甭)(停止|取消|关掉|关闭)(所有|全部|一切)的?(通知|信息|短信|消息|推送|服务)|(所有|全部|一样|什么|啥子?|哪样|任何)(的)?(通知|信息|短信|消息|推送|东西)?(都|也)(不要|别|莫|不消|不用|甭)(再)?(给我)?(发|推|通知)(?![^,.!?\s]{0,6}的)|以后(的)?(通知|短信|信息|消息)?(都|全|一律)(不要|别|莫|不消|不用|甭)(再)?(给我)?(发|推|通知)(?![^,.!?\s]{0,6}的)/;

/**
 * A refusal of everything sent (停止所有通知, 算了一样都莫发了, 以后通知都不消发): a stop whatever reason or complaint comes
 * before it, so message-reader.ts lets it win over the rule that read the reason (docs/reader.md "A red team's stop texts").
 */
export function refusesEverythingSent(compact: string): boolean {
  return REFUSES_ALL_RE.test(compact);
}
