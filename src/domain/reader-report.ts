/**
 * Reports (举报) and unpaid wages (欠薪): a worker telling us an employer did not pay, took a
 * deposit, docked wages or lied about the job (docs/cases.md). Pure; message-reader.ts asks it
 * after the rules and before the statistical layer, and an opt-out the rules are sure of wins
 * unless the text is a report that asks nothing to stop (举报 1003 老板骗人 is a report, 再发就举报
 * 你们 stays an opt-out).
 *
 * Not a report: a question about pay (工资多少, 工资什么时候发, 发不发工资), a worry or a condition
 * (怕不发工资, 不发工资的厂我不去, 如果扣钱怎么办), charges for our texts (会不会扣话费), and doubt
 * about the sender (骗子, 你们是不是骗人的, 莫是骗人的哦).
 */

import { isConditionalThreat, withoutEmployerTold } from './reader-kinds-30.js';
import { isReport26 } from './reader-kinds-26.js';
import { isReport27, isSuspicionAsked } from './reader-kinds-27.js';
import { acceptedFault38, isReport38, isServiceFault38 } from './reader-kinds-38.js';

const PAY = '(工资|工钱|薪水|薪资|血汗钱|辛苦钱|工费|人工费|钱)';
// Pay words for the forms where 钱 alone would be too vague (没给钱 may be change at a shop).
const WAGE = '(工资|工钱|薪水|薪资|血汗钱|辛苦钱|工费|人工费|加班费)';

// What an employer promised (Round 22): 说好, 讲好, 说是, 答应, 承诺, and 说的 before a term of the job.
const PROMISE =
  '(?<!你们|你|您)((?<=时候|当时|那时|招工|招人|招工的|面试|老板|厂里|中介|工头)说(的是|是)?(?=不用|不加班|不要加班|包|管|有保险|双休|单休|一天|一个月|每天|月薪|日结|月结|工资|工钱|[0-9八])|说好|讲好|说号|讲号|说定|讲定|说的是|讲的是|说是|答应|承诺|保证|(说|讲)的(?=不用|不加班|不要加班|包|管|有保险|双休|单休|一天|一个月|每天|月薪|日结|月结|工资|工钱|[0-9八]))(了)?(的)?(?!(的)?(有活|有工作|有岗位|有事做|发|推|明天|后天|几点|在哪))'
;
// Women and mothers as an employer turns them away (Round 22b), and the older (超过45岁的, 50岁以上的: Round 23).
const WOMEN = '(女的|女人|女工|妇女|女同志|女娃|女孩子?|带娃娃的|带娃的|带孩子的|带小孩的|有娃娃的|有娃的|有孩子的|有小孩的|当妈的|宝妈|怀孕的|孕妇|结了婚的|已婚的|生过娃娃的|(超过|过了|大于|高于|满)[0-9一二三四五六七八九十]{2,3}岁(以上)?的|[0-9一二三四五六七八九十]{2,3}岁以上的|年纪大的|岁数大的)';

/** Cues that leave no doubt, whatever the sentence's form (工资怎么还没给 complains as it asks). */
const STRONG_RE = new RegExp(
  [
    '欠薪|欠饷|讨薪|讨工资|讨工钱|讨债|要工资要不到|要不到' + PAY,
    // Typed by sound: 欠心 (qianxin), jubao, toushu, taoxin.
    '欠[心新辛芯]|qianxin|jubao|toushu|tousu|taoxin|weiquan',
    '欠(着)?(我|我们|俺|工人|大家|了)[^,.!?]{0,3}[0-9一二两三四五六七八九十百千万]+(块|元|万)',
    WAGE + '[^,.!?]{0,4}(拖|压|押)(了|着|住)|(拖|压)(了|着)?(我|我们|俺)?[^,.!?]{0,6}' + WAGE,
    '拖欠|克扣|欠(着)?(我|我们|俺|工人|大家|了)(的)?[^,.!?]{0,8}' + PAY,
    '欠' + WAGE,
    WAGE + '[^,.!?]{0,4}(被)?欠',
    // 没拿到工资, 老板不发工资, 一直不给工钱, 还没结账.
    '(没|没有|没得|莫得|莫有|还没|还没有|一直没|都没|从来没|不|不肯|不想|不愿|不愿意|拖着不|迟迟不|就是不|硬是不)(拿到|领到|收到|到手|结|给|发|付|开|打|兑现|算)(过|给)?(我|我们|俺|工人|大家)?(的)?(一分|一分钱|半分)?' + WAGE,
    '(没|没有|没得|莫得|还没|一直没|都没|不|不肯|不给)(结账|结钱|给钱|付钱|结算)',
    // 工资到现在还没给, 工钱一直不结, 工资没到账.
    WAGE + '[^,.!?]{0,10}(还|都|也|一直|到现在|至今|硬是|就是)?(没|没有|没得|莫得|不|莫)(给|发|结|拿到|到账|到手|兑现|打过来|打给|付|领到|收到)',
    '一分(钱)?(都|也)?(没|没有|没得|莫得|不)(给|拿到|结|发|领到)',
    // 说好4500 结果只给3000, 说的是包吃住 去了哪样都没得, 说是蒙自的厂 结果拉去外省了: what the
    // employer promised, and what the worker found (pay, lodging, the place, the piece rate); not 不去了, an opening given up
    // (我上次说的1003不去了 取消了没有: Round 31).
    '(?<!你们|你)(说好|讲好|说的是|讲的是|说是|答应|承诺|(?<=计件|工价|招工的|招人的|老板|厂里|时候|当时|面试)说)(?!(的)?(有活|有工作|有岗位|有事做|发|推))[^,.!?]{0,14}(结果|结账|结算|发工资|发钱|(?<![不没莫])去了|到了|来了|进去|到手|拿到手|实际|其实|哪晓得|谁知道|(做|干|上)了[^,.!?]{0,4}(天|月|年|礼拜|星期)|后来|到头来|月底)[^,.!?]{0,8}(只给|只发|只有|只开|只算|变成|变了|成了|少了|没得|没有|莫得|不给|不包|不管|拉去|拉到|送到|送去|带去|要自己|自己(出|掏|租|付|交))',
    // 说好日结 现在拖着说月底: pay promised by the day or the month, and put off again and again.
    '(说好|讲好|说的是|讲的是|答应)[^,.!?]{0,4}(日结|月结|周结|当天结|天天结|按天结|按月结|按月发)[^,.!?]{0,12}(拖|又说|又推|推到|不结|没结|不给)',
    // 手压伤了老板不管, 工伤了厂里不赔: hurt at work, and the employer will not answer for it.
    '(工伤|受伤|压伤|砸伤|摔伤|烫伤|割伤|夹伤|扭伤|弄伤|伤了|伤到|断了|骨折)[^,.!?]{0,8}(老板|厂里|厂家|工头|包工头|公司|他们)(都|也|就|根本|硬是)?(不管|不赔|不给赔|不认|不认账|不理|不负责|不给看|不出钱|跑了)',
    // 工头骂人还动手打人: a foreman or boss who hits workers.
    '(工头|包工头|老板|老板娘|组长|班长|主管|线长|管理员|管事的|保安)[^,.!?]{0,8}(打人|打我|打了我|打我们|动手|打伤)',
    // 不准我们上厕所 上一次扣十块, 迟到一分钟罚五十: fines out of the pay, and the toilet or water refused.
    '不(准|让|许)(我们|工人|人)?(上厕所|喝水|请假)|(上一次|每次|一次|迟到|请假|上厕所)[^,.!?]{0,4}(扣|罚)[0-9一二两三四五六七八九十百]+(块|元)?|罚(款|钱|我们|我)[^,.!?]{0,4}[0-9一二两三四五六七八九十百]+(块|元)',
    // 那个招工的要先交300押金: a deposit or fee demanded by whoever hires, whatever the worker then asks.
    '(招工的|招人的|老板|厂里|厂家|中介|他们|那边|那个厂)[^,.!?]{0,4}(要|让|叫|喊)(我|我们)?先(交|出|给|付)[^,.!?]{0,6}(押金|中介费|介绍费|手续费|培训费|服装费|体检费|保证金|报名费)(?!(吗|么|嘛|不|没|没有|呢)$)',
    // 厂里没有灭火器 电线乱拉, 车间粉尘大 口罩都不发: an unsafe workplace, in words only a complaint uses
    // (危险 alone is also why a kind of work is refused: 工地太危险 不要发工地的).
    '(厂|车间|工地|厂里|里头|里面|宿舍)[^,.!?]{0,14}(没有灭火器|没得灭火器|电线乱拉|粉尘(大|多|重))|(口罩|安全帽|劳保用品|防护用品)(都|也)(不发|没发|不给|没给|没有|没得|莫得)',
    // 干了半个月一分钱都莫得: work done, and not a cent for it.
    '(干|做|上)了[^,.!?]{0,10}一分(钱)?(都|也)?(没|没有|没得|莫得|莫有)(?!问题|事)',
    // 包工头把我们的工钱都卷跑了: the pay taken and the man gone.
    '(工钱|工资|血汗钱|钱)[^,.!?]{0,4}(卷跑|卷走|带跑|拐跑|拿跑|卷起跑)|卷(了|着)?(我们的|我的)?(钱|工钱|工资)(跑|走)',
    // 他们要我先交体检费才得上班: a fee demanded before the work starts (whatever the worker then asks).
    '(要|让|叫)(我|我们|俺)(先)?(交|出|给)[^,.!?]{0,6}(押金|中介费|介绍费|手续费|培训费|服装费|体检费|保证金|报名费)[^,.!?]{0,4}(才|再)(能|得|可以|让)?(上班|上岗|进厂|干活|做|开工)',
    // 试用期不算钱, 白干了十天: work done and nothing paid for it.
    '试用期[^,.!?]{0,4}(不算钱|不给钱|不算工资|不给工资|不发工资|没有工资|没工资|没得工资|白干|不算工钱)|白干(了)',
    // 计件的钱少算了一半, 少给了我三百: pay short of what was earned.
    '(钱|工资|工钱|计件|加班费)[^,.!?]{0,6}(少算|少给|少发|少结|算少了|给少了|少了一半|只给了一半|只算一半)|少(算|给|发|结)(了)?(我|我们|俺)?[^,.!?]{0,3}(钱|工资|工钱|一半|[0-9一二两三四五六七八九十百]+(块|元))',
    // 扣着身份证不还: papers held by the employer.
    '(扣|押)(着|了|住|下)(我|我们|俺|工人)?(的)?(身份证|证件|户口本|毕业证|驾照|驾驶证)|(扣|押|收)(着|了|住|下)?(我|我们|俺|工人)?(的)?(身份证|证件|户口本|毕业证|驾照|驾驶证)[^,.!?]{0,4}(不还|不给|不退|没还|不放)|(身份证|证件)[^,.!?]{0,4}(被)?(扣着|扣了|押着|押了|扣下)',
    // 假招工 去了根本没得厂: a post that was not real.
    '假招工|假岗位|假的招工|假(的)?(厂|公司)|(根本|压根)(没得|没有|莫得|就没有)(厂|这个厂|这家厂|这个地方|人招|这个活)',
    // Unpaid wages in English and pinyin (boss did not pay me, lao ban bu gei gong qian).
    '(didnot|didnt|doesnot|doesnt|hasnot|hasnt|havenot|havent|wont|willnot|never|refusedto|refusesto)(pay|paid|give)(me|us|my|our)?(wages?|salary|money)?|unpaid(wages?|salary)|owe(s|d)?(me|us)(money|wages?|salary)?|(wages?|salary)(not|never|still)?(paid|unpaid)',
    '(bu|mei|meiyou|meide|haimei|haimeiyou)(gei|fa|jie|nadao|fugei)(wo|women)?(de)?(gongqian|gongzi|xinshui|qian)|(gongqian|gongzi)(hai)?(mei|bu|meiyou|meide)(gei|fa|jie)',
    '(老板|厂长|工头|包工头|老板娘|中介)[^,.!?]{0,4}(跑路|跑了|跑掉|卷钱|失联|联系不上|不见了|躲起来)',
    // Round 23 (docs/reader.md "Round 23"): the pay put off and the payer gone (说年底一起结 现在人都找不到了,
    // 工钱拖着 电话都打不通了); pay other than the post said (根本不是说的那个工资, 工资跟招聘写的不一样); children at
    // work (童工, 厂里有小娃娃在做工 才十三四岁).
    '(结|工资|工钱|钱)[^.!?]{0,12}(人(都|也)?找不到(了)?|找不到人|人(都|也)?跑(了|掉)|跑路|电话(都|也)?(打不通|不接|关机)|联系不上)',
    '(根本|完全|压根)?不是(说|讲|写|招聘上说|广告上写|你们说|他们说)的(那个|那么多|那样的?)?(工资|工价|工钱|价钱|价)|(工资|工价|工钱)[^,.!?]{0,8}(和|跟|与)[^,.!?]{0,8}(说|写|讲)的(根本|完全)?不(一样|对|符)|(工资|工价|工钱)[^,.!?]{0,4}(根本|完全|压根)?不是(说|讲|写)的(那样|那么多|那个数)',
    '童工|(小娃娃|小孩子?|娃娃|未成年人?|小姑娘)[^.!?]{0,8}(做工|干活|上班|打工|做活)[^.!?]{0,8}(才|只有|还不到|不满|不到)(1[0-7]|十[一二三四五六七]{0,2}|[一二三四五六七八九])岁',
    // Round 15, by components rather than phrases (docs/reader.md "Round 15"):
    // a promise (说好, 讲好, 答应, 承诺, 招工时说) and a smaller amount after it (说好4500 到手才2800,
    // 说好计件一块五一个 只给一块).
    '(说好|讲好|说的是|讲的是|答应|承诺|(?<=招工|招人|招工时|招人时|面试|当时|老板|厂里)说)[^,.!?]{0,10}[0-9一二两三四五六七八九十百千万]+[^,.!?]{0,12}(才|只|就)(给|发|有|开|算|拿|结|拿到|到手)?(了|到)?(我)?[0-9一二两三四五六七八九十百千]',
    // money owed or withheld, the money named first (加班费一分没得, 钱还不给 after goods delivered).
    '(加班费|夜班费|补贴|提成|奖金|工钱|工资|货款|手工钱|计件钱|血汗钱)[^,.!?]{0,6}一分(钱)?(都|也)?(没得|没有|莫得|没|不给|没给|不发|没发)',
    '(交了货|交货|货交了|货交|货都交|做好交了|做完交了)[^,.!?]{0,14}(钱|货款|工钱|手工钱)(还|都|也|一直|硬是|到现在)?(不给|没给|不结|没结|不发|没发|不付|没付)',
    '货款[^,.!?]{0,6}(还|都|也|一直|硬是|到现在)?(不给|没给|不结|没结|不付|没付|拖)',
    '欠(钱|账|债|工钱|工资)(不还|不给|不结|跑了|赖账)|赖账',
    // an injury of any kind (划伤, 压伤, 断了) and the boss or the works not caring.
    '(伤|骨折|断了|流血)(了|到|着)?[^,.!?]{0,10}(老板|厂里|厂家|工头|包工头|公司|他们|主管|没人)(都|也|就|根本|硬是)?(不管|不赔|不给赔|不认|不认账|不理|不负责|不给看|不出钱|跑了)',
    // safety missing (没有刹车, 没有防护, 没有灭火器) and the work demanded all the same.
    '(没有|没得|莫得|没)(刹车|防护|护栏|灭火器|安全帽|安全绳|保险绳|防护栏)[^,.!?]{0,12}(照样|照常|还要|还叫|还让|硬要|叫我们|让我们|喊我们|出事)|(防护|安全措施|保护措施)(都|也)?(没有|没得|莫得)[^,.!?]{0,12}(伤|照样|还要|出事)',
    // insults at the boss beside money owed.
    '(黑心|屁|狗|烂|骗子)(老板|厂|工头|包工头|老板娘)[^]{0,12}(欠|不给|不发|拖)|(欠|不给|不发|拖)[^]{0,12}(黑心|骗子)',
    // Round 16 (docs/reader.md "Round 16"): the components again, wider.
    // a promise and what was found, a pause between them (招工说的月薪5000,实际2000多; 说包吃住,去了根本没有;
    // 说是包吃住 结果住的地方就是个棚棚): the promise's subject may be any employer word (厂, 招工, 中介).
    '(?<!你们|你)(说好|讲好|说的是|讲的是|说是|答应|承诺|(?<=厂|厂里|厂家|老板|招工|招工的|招人|招人的|中介|工头|时候|当时|面试|他们|那边)说(的)?)(?!(的)?(有活|有工作|有岗位|有事做|发|推))[^.!?]{0,16}(结果|(?<![不没莫])去了|到了|来了|进去|实际|其实|哪晓得|谁知道|后来|到头来|到手|拿到手)[^.!?]{0,10}(只给|只发|只有|只开|只算|才|变成|成了|少了|没得|没有|莫得|不给|不包|不管|就是个|只是个|是个|棚|[0-9一二两三四五六七八九十百千]+多?(块|元)?$)',
    // work done and only part paid (干了一个月只给一半工资, 干了二十天 只给了1000).
    '(干|做|上)了[^.!?]{0,8}(只给|只发|只结|只开|才给|才发|才结)(了)?(我|我们)?(一半|[0-9一二两三四五六七八九十百千]+)',
    // pay docked as a fine (工资扣了好多 说是罚款, 发的工资少了 … 说是罚款).
    '(扣|少)[^.!?]{0,12}(说是|说)?罚(款|钱)|罚(款|钱)[^.!?]{0,6}(扣|少)',
    // hurt at work and nobody answering for it, the employer left unsaid (手被机器夹了也不管, 脚被砸伤了 没人管).
    '(伤|骨折|断了|流血|被机器|被车|夹了|夹到|压了|压到|砸了|砸到|轧了|轧到|绞了|绞到|出事故|出了事)[^.!?]{0,12}((也|都|就|根本|硬是)(没人|没有人|没得人|莫得人)?(不管|不赔|不理|不负责|管)|(没人|没有人|没得人|莫得人)(管|理|问|负责|赔))',
    // harassment at work (厂长还动手动脚, 组长老是摸我们女工, 性骚扰).
    '动手动脚|性骚扰|耍流氓|调戏|(摸|抱)(我|我们|女工|女的|她|她们|人家)',
    // a deposit demanded by whoever hires, and the worker asking whether that is right (招工的叫我交押金 正常不).
    '(招工的|招人的|老板|厂里|厂家|中介|他们|那边|那个厂|工头)[^.!?]{0,4}(要|让|叫|喊)(我|我们)(先)?(交|出|给|付)[^.!?]{0,6}(押金|中介费|介绍费|手续费|培训费|服装费|体检费|保证金|报名费)(?!(吗|么|嘛|不|没|没有|呢)?$)',
    // pay for work delivered held back for long (编的300个 钱到现在没给).
    '(钱|工钱|手工钱|货款)(到现在|至今|一直|拖到现在|好久|几个月)(都|也|还)?(没给|不给|没结|不结|没发|没付|没到)',
    // Round 16 (lead): harm beyond injuries — illness from the work or the canteen — and the employer
    // brushing it off (饭菜馊了 好几个人拉肚子 老板说没事, 粉尘大 咳了一个月 厂里不管).
    '(馊|臭了|变质|拉肚子|中毒|食物中毒|吐了|咳|生病|病了|病倒|过敏|晕倒|中暑|起疹子)[^.!?]{0,12}(老板|老板娘|厂长|厂里|厂家|工头|包工头|公司|主管|组长|线长|车间主任|他们)(都|也|就|根本|硬是|还)?(说没事|说没得事|说莫事|不管|不理|不赔|不认|不负责|不给看|不让看|不准请假)',
    // the employer first, then the pay refused, words typed apart (老板 钱 不给 我们 做了 三个月).
    '(老板|老板娘|厂长|厂里|工头|包工头|中介)[^.!?]{0,3}(钱|工资|工钱)[^.!?]{0,2}(不给|没给|不发|没发|不结|没结|不付|没付)',
    // children at work (厂里有十四五岁的娃娃在干活, 用童工).
    '童工|未成年[^.!?]{0,6}(干活|上班|做工|打工|进厂)|(十[一二三四五]|十[一二三四五][六七]?|[一二三四五六七八九]+|1[0-5])岁(的)?(娃娃|小娃|孩子|小孩|小姑娘|小伙子|娃)[^.!?]{0,6}(在|也)?(干活|上班|做工|打工|做事|上夜班)',
    // social insurance refused where the law asks it (就这家不买社保, 社保不给买 问了还凶人).
    '(?<!买)(不买|没买|不给买|不给交|不交|没交|不缴|没缴)(社保|保险|五险|工伤险|医保)(?![^.!?]{0,2}(吗|么|嘛|也行|也可以|没关系|无所谓|的话|可以|行不|得不得))(?!(不|没|没有|呢)?$)|(社保|保险|五险|工伤险)[^.!?]{0,10}(?<![买不])(不买|没买|不给买|不交|没交)(?![^.!?]{0,2}(吗|么|嘛|也行|也可以|没关系|无所谓|的话|可以|行不|得不得))[^.!?]{0,8}(凶|骂|吼|开除|辞退|不理|不管)',
    // Round 16f (docs/reader.md "Round 16f: fresh20"), by kind:
    // a fee demanded at the interview or before the work, with the worker asking whether it is a fraud
    // (面试要交三百块服装费 是不是骗子): the fee is the report whatever the question.
    '(面试|报到|进厂|上班|入职|招工的|招人的|中介|老板|厂里|他们|那边)[^.!?]{0,6}(要|让|叫|喊|得)(我|我们)?(先)?(交|出|给|付)[^.!?]{0,8}(押金|中介费|介绍费|手续费|培训费|服装费|工服费|体检费|保证金|报名费)[^.!?]{0,8}(是不是|是|莫不是|会不会|怕是)(骗子|骗人|骗钱|骗局|黑中介|假的)',
    // money taken and the taker gone (中介收了我五百 … 现在电话打不通, 拿了钱就把我拉黑了).
    '(收了|拿了|收走|拿走|骗走|要了)(我|我们|俺)?(的)?[^.!?]{0,24}(电话打不通|打不通|联系不上|找不到人|人找不到|人不见了|人跑了|人没了|拉黑|不接电话|失联|不回信息|跑路)',
    // no protective gear and ill from the work (打农药没得口罩 头晕了好几天).
    '(没得|没有|莫得|没|不发|不给|没发|没给)(口罩|手套|防护服|防毒面具|面罩|防护|劳保)[^.!?]{0,12}(头晕|头疼|头痛|中毒|咳|呕|吐了|想吐|过敏|不舒服|难受|晕倒|烧伤|烫伤|起疹子)',
    // turned away for who one is (不收彝族的, 哈尼族的不要, 歧视).
    '(不收|不要|不招|不用|不让|不准)(我们)?(彝族|哈尼族|苗族|瑶族|傣族|壮族|回族|少数民族)|(彝族|哈尼族|苗族|瑶族|傣族|壮族|回族|少数民族)(的|人)?(都|就)?(不收|不要|不招|不用|不让进)|歧视',
    // Round 22b (docs/reader.md "Round 22b"), by kind (women and mothers turned away: DISCRIMINATED_RE):
    // papers left with the employer (把身份证押在那里 说干满三个月才还): the card pledged or held, said as done.
    '(身份证|证件|户口本|驾驶证|毕业证)[^.!?]{0,3}(押|扣)(在|着|了|下|住|走)(?![^.!?]{0,6}(吗|么|嘛|不|\\?|没有?)$)|(?<!不)(要|得|必须|先)(押|扣)(我们的?|我的)?(身份证|证件|户口本)(?![^.!?]{0,8}(吗|么|嘛|不|\\?|没有?)$)|(身份证|证件|户口本)[^.!?]{0,16}(才还|才给|才退|才能拿|才拿得到|才能要回)',
    // a promise in the post itself (招聘说四千五 去了只给两千五, 广告上写的5000 到手才3000).
    '(招聘|招聘的|招聘上|广告|广告上|启事|网上|中介|工头|包工头|微信上|群里)[^.!?]{0,2}(说|写|写的|讲)(的)?(是)?[^,.!?]{0,10}[0-9一二两三四五六七八九十百千万]+[^,.!?]{0,12}(才|只|就)(给|发|有|开|算|拿|结|拿到|到手)?(了|到)?(我)?[0-9一二两三四五六七八九十百千]',
    // the pay refused with the negation after the verb, words typed apart (老板 钱 给 不 三个月 了).
    '(老板|老板娘|厂长|厂里|工头|包工头|中介)[^.!?]{0,3}(钱|工资|工钱)(给|发|结|付)(不|没|莫)(?![给发结付])',
    // Round 22 (docs/reader.md "Round 22"): a promise broken, by its parts — what was promised (说好, 讲好,
    // 说是, 答应, 承诺, 说的 before a term of the job) and, after a turn (结果, 现在, 去了, 实际, 但是, 天天 …),
    // the contrary (没, 不, 只, 才, 天天, 加班, 扣, hours worked): 说好的不加班结果天天加班, 说的不用加班 现在每天都加,
    // 讲好的一天八个钟 现在天天干到晚上十点; or the term denied right after it (说好包吃住没包) or in the next
    // clause (说好的双休 一天都没休过). Not a promise of ours (你们说好, 说好有活, 说好发).
    PROMISE + '[^.!?]{1,14}?(结果|现在|如今|(?<![不没莫])去了|到了|来了|进去|实际|其实|可是|但是|却|哪晓得|谁知道|后来|反而|到头来|天天|每天|经常|老是|总是|这个月|这周|这个星期|上个月|一个月)[^.!?]{0,10}?(没|不(?!用|要|想|去|需要|急)|莫|只|才|天天|每天|都要|都在|在加|加了|要交|交钱|要钱|收钱|要自己|自己|一天都|根本|压根|加班|加到|干到|做到|上到|扣|少|[0-9一二两三四五六七八九十]+(个)?(小时|钟头|钟|点))',
    PROMISE + '[^.!?]{2,8}?(没|没有|没得|莫得|不)(包|给|管|算|买|报|结|兑现|做到|休)(?![不没]|吗|么|嘛)',
    PROMISE + '[^.!?]{2,12}?(一天都|一次都|从来|从|都|也|根本|压根|还)(没|没有|没得|莫得|不)(包|给|管|算|买|报|结|兑现|做到|休|发|有)',
    PROMISE + '[^.!?]{2,10}?(?<!有|是不是|是|还是)(没得|莫得|没有|莫有|没包|不包|没给|不给|没管|不管)(了|哦|啊|嘛)?$',
    '(shuohao|jianghao|shuodehao|daying)[a-z]{2,30}(jieguo|xianzai|shiji|quele|daole)[a-z]{0,16}(mei|bu|zhi|cai|tiantian|kou)',
    '举报|投诉|维权|劳动监察|劳动仲裁|仲裁|告(他|她|他们|老板|厂里)',
    '被骗|骗了(我|我们)|骗我|诈骗|黑中介|假招聘|虚假(招聘|岗位|信息)|(根本|压根)(不招|没招|没有这个|没这个|不要人)',
  ].join('|'),
);

/**
 * Turned away for being a woman or a mother, with who said it or why (说女的不要, 带娃娃的不要 说影响干活, 厂里不招女工,
 * 嫌我带孩子; Round 22b): not 要不要女的 (asks), not 女的不要去 (advice), not 不要发 (what is sent); and not when the
 * text goes on to ask for other work (面试了 说不要女的 还有别的活没有: the question is the request).
 */
const DISCRIMINATED_RE = new RegExp(
  [
    '(说|他们|厂里|厂家|厂子|那个厂|这个厂|那家|这家|公司|老板|老板娘|人家|那边|招工的|招人的|工头|面试的|主管)[^.!?]{0,6}' + WOMEN + '(都|就|也|一律|统统)?(不收|不要|不招|不用|不让进|不让干)(?![去做干上发推来])(?![^.!?]{0,4}(吗|么|嘛|\\?))',
    WOMEN + '(都|就|一律|统统)?(不收|不要|不招|不用)(了|啦)?[^.!?]{0,3}(说|嫌|因为)',
    '(说|他们|厂里|厂家|厂子|那个厂|这个厂|那家|这家|公司|老板|老板娘|人家|那边|招工的|去了|直接)[^.!?]{0,4}(?<![要收招用])(不收|不招|不要|不用)(我们)?(这种)?' + WOMEN + '(?![^.!?]{0,4}(吗|么|嘛|\\?))',
    '嫌(我|我们|人家)?(是)?(女的|女人|带娃|带孩子|带小孩|有娃|怀孕|怀了)',
  ].join('|'),
);
const ASKS_OTHER_WORK_RE = /(还有|有没有|有没得|有不有|有什么|有啥)[^.!?]{0,6}(活|工作|岗位|厂|事做)[^.!?]{0,4}(没有|没得|吗|么|不|\?)?$/;

/** Cues a statement carries, but a question or a worry does not (被扣工资 vs 会不会扣钱). */
const WEAK_RE = new RegExp(
  [
    '(?<![不没莫])(骗人|骗子|骗钱|骗局|上当)',
    '被扣|乱扣|扣(了|掉)?(我|我们|俺)(的)?[^,.!?]{0,4}' + PAY + '|扣(了|掉)[^,.!?]{0,4}' + PAY,
    '(?<![不免无没])(收|交|要|扣|骗|押)(了)?(我|我们|俺)?(的)?[^,.!?]{0,4}(押金|中介费|介绍费|手续费|培训费|服装费|体检费|保证金)',
    '(押金|中介费|介绍费|保证金)[^,.!?]{0,6}(不退|没退|不还|没还|退不|要不回|拿不回|不给退)',
  ].join('|'),
);

// Round 22 (docs/reader.md "Round 22"): money docked, named by what was docked — board, lodging, a deposit,
// fees, pay (扣伙食费, 老板扣我们伙食费, 伙食费扣了三百, 押金扣了不退, 无缘无故扣钱). A statement: what an opening
// docks asked about (要扣伙食费吗, 扣多少, 怎么扣, 扣不扣) or named as a condition (要扣, 不扣伙食费的) is none.
const DOCKED_THING = '(伙食费|生活费|饭钱|饭费|餐费|伙食|住宿费|房租|房费|床位费|水电费|管理费|押金|服装费|工服费|工衣费|体检费|保险费|培训费|工钱|工资|血汗钱|加班费|提成|奖金|全勤)';
const DOCKED_RE = new RegExp(
  [
    '(?<![不没免别莫要会得需])(乱|多|硬|偷偷|私自|无故|无缘无故|随便|都|也|还|又|老是|总是|天天|经常|动不动就?|直接|被)?扣(了|掉|走|完|光|着|下)?(我|我们|俺|工人|大家|人)?(的)?[^.!?]{0,6}?' + DOCKED_THING,
    DOCKED_THING + '[^.!?]{0,4}(被|都|也|又|全|还|给)?(扣了|扣掉|扣走|扣完|扣光|乱扣|扣得|扣我|扣去|扣下)',
    '(无缘无故|无故|乱|随便|老是|总是|动不动就?|天天|经常|被)扣(了)?(我|我们|俺)?(的)?(钱|工钱|工资)',
  ].join('|'),
);
const DOCKED_ASKED_RE = /多少|几多|好多钱|怎么扣|咋个扣|咋扣|怎么算|咋个算|(吗|么|嘛|呢|没|不|\?)$|会不会|是不是|要不要|如果|要是|万一|的话|怕|担心/;

const FEE_FIRST_RE = /先(交|给|打|转|付)(钱|费|押金|保证金)|(交|收)(押金|保证金|报名费|介绍费)|收费/;
const FRAUD_RE = /假的|是假|骗/;
const WASTED_TRIP_RE = /白跑|白去|去了[^,.!?]{0,4}(又)?说(不招|没招|招满|不要人|不缺人)/;
const TRIP_COST_RE = /(车费|路费|车钱|路钱|住宿费|饭钱)|自己(出|掏|付)|花了[0-9一二两三四五六七八九十百]+/;

/** A question, a worry, a condition or a wish: the weak cues then report nothing. */
const NOT_A_STATEMENT_RE =
  /(吗|么|嘛|呢|吧|不|没|没有|没得|\?)$|有没有|有没得|有不有|哪里有|会不会|会不|是不是|是否|要不要|需不需要|用不用|收不收|扣不扣|如果|要是|万一|假如|的话|怕|担心|小心|当心|防止|以免|听说|别人说|不会[^,.!?]{0,6}吧|(别|莫|莫要|不要|不许|不准)[^,.!?]{0,2}(骗|扣|收)|真的假的/;

/** Doubt about the sender itself (骗子, 你们是不是骗人的, 这个短信是骗人的): not about an employer. */
const ABOUT_US_RE =
  /(你们|你|您|这个号|这个号码|这个短信|短信|这条|这个信息|信息|发短信的|发信息的|这个平台|平台|归雁)[^,.!?]{0,6}骗|(你们|你|您|这个号|平台)(发|推)(来)?的(这个|这些|短信|信息|消息|东西)?(是)?(真的还是|是真是假|真的假的|是不是真的|靠不靠谱|可不可信)[^,.!?]{0,3}骗/;
const BARE_SUSPICION_RE = /^(骗子|大骗子|一群骗子|骗子一个)(吧|啊|哦|哈|呀|嘛)*$/;

/** A kind of employer described, not one reported (不发工资的厂我不去, 要押金的活不去). */
const DESCRIBED_RE = new RegExp(
  '(不发|不给|拖欠|克扣|欠|扣|收|要)[^,.!?]{0,4}(工资|工钱|押金|钱|中介费)的(厂|老板|活|活路|单位|地方|工作|公司|岗位|那种|这种|都)',
);

/** Our texts' charges (会不会扣话费, 回R要扣钱不): a question about the service, never a report. */
const SERVICE_CHARGE_RE = /话费|短信费|流量|扣费|收费|欠费|余额/;

/** A report to us about a service matter (举报你们, 投诉你们 天天发, 再发就举报): the opt-out rules' business. */
// (投诉你们上次发的那个建水的厂: when it was sent may stand between; 性骚扰 is harassment at work.)
const AGAINST_US_RE = /(举报|投诉|告)(你们|你(?!们)|您|这个号|短信|归雁)(?!(这边)?(上次|上回|之前|以前|前几天|前两天|昨天|前天|刚才|那天)?(推|发|介绍|推荐|派)(的|过|来的|给我的)[^,.!?]{0,8}(厂|公司|老板|活|工地|岗位|单位|车间|基地|中介))|(再|还|又|还敢)(发|推|打|骚扰)|12321|(?<!性)骚扰|垃圾短信/;

/** Words that ask to stop messages: a report that carries one stays an opt-out (recall first). */
const STOP_WORDS_RE = /td|退订|取消|退出|注销|不要了|stop|remove|退定|拒收|(不要|别|莫|甭|不用|勿)(再)?(给我)?(发|推|打扰|联系)|删|拉黑|屏蔽|取消订阅|停发|不想收|不需要|别烦/;

/**
 * The code a report is about: a number that is money (欠我3000块, 收了我500介绍费, 押金200) is
 * none, so the worker is not told that no opening has it.
 */
export function reportCode(compact: string, code: string | null): string | null {
  if (code === null) return null;
  const at = compact.indexOf(code);
  if (at < 0) return code;
  const after = compact.slice(at + code.length, at + code.length + 4);
  // 要退押金 2210那个厂不退: the code of the opening, named with 那个厂 after it.
  if (/^(号)?(那个|这个|那家|这家|的)?(厂|公司|老板|活|工地|岗位)/.test(after)) return code;
  const before = compact.slice(Math.max(0, at - 4), at);
  if (/^(块|元|万|多块|多元|块钱|的押金|押金|介绍费|中介费|手续费|服装费|体检费|培训费|保证金|报名费|工资|工钱)/.test(after) || /(押金|工资|工钱|欠我|欠了|收了我|收我|扣了|扣我|介绍费|罚|月|天|说好|讲好|到手|实际|只给|只发|给了|月薪|才|招聘说|广告说|写的|写着)$/.test(before)) return null;
  return code;
}

/** Whether a text reports an employer (unpaid wages, deposit, docked pay, a false post). */
export function isReport(compact: string): boolean {
  if (compact.length === 0) return false;
  // 发不发工资, 给不给钱: asked, not denied. (Texts are clipped to 2,000 characters when stored;
  // a report says what it is about at its start.)
  // 工资三千以下的莫发: a request about what we send, whose 莫发 denies nothing.
  const text = compact
    .slice(0, 2000)
    .replace(/(给|发|结|开|扣|退|收)不\1/g, '|')
    .replace(/(不要|别|莫|甭|不用|勿)(再)?(给我|给他|给她)?(发|推)/g, '|')
    // 我上次说的1003不去了 (Round 31): an opening the worker said they give up, no term promised.
    .replace(/(说|讲)(的|过的)?(那个)?[0-9]{3,6}(那个|那家)?(厂|活)?(我)?(就|也)?(不去|不报|不做|不干|不要)了/g, '|');
  if (SERVICE_CHARGE_RE.test(text) && !/(工资|工钱|押金|中介费)/.test(text)) return false;
  // Round 38 (reader-kinds-38.ts): the worker's own fault accepted (扣了二十 该扣) tells no wrong; our alert sent again
  // and again or garbled, said without a stop word, is a report the caseworker sees.
  if (acceptedFault38(text)) return false;
  if (isServiceFault38(text)) return true;
  if (AGAINST_US_RE.test(text)) return false;
  const strong = STRONG_RE.exec(text);
  // 不举报了, 算了不告了: a report taken back (or never made) is none.
  if (/(不|没|没有|不想|不要|别|莫)(再)?(举报|投诉|告|维权|jubao|toushu)/.test(text)) return false;
  // Round 38: reports told as stories, by kind (说是你们归雁的 叫我交钱, 工头每天抽我们二十块, 老板跑球了).
  if (isReport38(text)) return true;
  // A fee or deposit demanded before the work (先交钱, 交押金, 收费) beside a word of fraud (假的, 骗):
  // 那个2210是假的吧 要我先交钱.
  if (FEE_FIRST_RE.test(text) && FRAUD_RE.test(text)) return true;
  // Round 27 (reader-kinds-27.ts): pay past its day, pay put off, the rate cut behind backs, fines for the toilet,
  // a charge promised free, reports in English; and a fraud only wondered about (不会是骗子吧) reports none.
  if (isReport27(text)) return true;
  if (isSuspicionAsked(text)) return false;
  // A wasted trip with its cost (去了说不招人 白跑一趟 车费自己出); the trip alone is a story (fresh8
  // labels 上次去了说不招了 白跑一趟 unknown).
  if (WASTED_TRIP_RE.test(text) && TRIP_COST_RE.test(text)) return true;
  if (DOCKED_RE.test(text) && !DOCKED_ASKED_RE.test(text) && !DESCRIBED_RE.test(text)) return true;
  if (strong && !DESCRIBED_RE.test(text) && !/(如果|要是|万一|假如|怕|担心|会不会|听说|不想|不要|别(?![的人家处])|防|以免|小心|避免|预防)[^,.!?]{0,10}$/.test(text.slice(0, strong.index))) return true;
  if (DISCRIMINATED_RE.test(text) && !ASKS_OTHER_WORK_RE.test(text)) return true;
  // 别扣我押金嘛 我又没犯错, 编了三百个 只给一百个的钱, 招的是摘芒果 去了喊我们搬水泥 (Round 26, reader-kinds-26.ts).
  if (isReport26(text)) return true;
  if (BARE_SUSPICION_RE.test(text) || ABOUT_US_RE.test(text)) return false;
  const weak = WEAK_RE.exec(text);
  if (!weak || DESCRIBED_RE.test(text)) return false;
  // 收我押金 不退: a statement. 报名要押金吗, 会不会扣钱: a question, a worry.
  return !NOT_A_STATEMENT_RE.test(text);
}

/**
 * The reader's decision (message-reader.ts), given the rules' intent: 'report'; 'stop' when the
 * report also asks to stop in its own words and no rule was sure of it (老板不发工资 你们也别发了:
 * an unclear opt-out, so alerts stop and the worker is asked); null to leave the rules' reading.
 */
export function reportReading(compact: string, ruleIntent: string | undefined): 'report' | 'stop' | null {
  if (ruleIntent === 'unsubscribe') return reportOverridesOptOut(compact) ? 'report' : null;
  if (!isReport(compact)) return null;
  // 老板别发假工资条骗人 (Round 30, reader-kinds-30.ts): 别发 said to the employer is no stop.
  return STOP_WORDS_RE.test(withoutEmployerTold(compact)) ? 'stop' : 'report';
}

/**
 * Report or opt-out: a report wins over an opt-out only when nothing in it asks to stop in its
 * own words (举报 1003 老板骗人 is read as a stop by 举报's threat sense; 骗子 别再发了 stays one).
 */
export function reportOverridesOptOut(compact: string): boolean {
  // 如果你们还继续发 我就打12315举报 (Round 30): the 举报 of a threat if the sending goes on is the stop itself.
  return isReport(compact) && !STOP_WORDS_RE.test(compact) && !isConditionalThreat(compact);
}
