/**
 * Cantonese words brought home from years of work in Guangdong (docs/reader.md, Round 16d): 唔好再发啦
 * is 不要再发啦, and every rule is written in Mandarin and Honghe speech. A small, fixed set of words
 * that have one Mandarin reading and are no Mandarin word themselves is replaced before the rules;
 * what was sent stays on the reading as `normalized`. Pure.
 *
 * - 唔该 is please before a request and thanks at the end (唔该唔好再发 → 请不要再发; 收到 唔该 → 谢谢);
 * - 唔 before a character is 不 (唔好 不要, 唔使 不用, 唔系 不是, 唔识 不会, 唔想 不想); 唔 alone, or
 *   doubled, is a hum (嗯) and stays;
 * - 冇 is 没有 (冇活 没有活; 有冇 is read as 有没有 by toReading), 嘅 is 的, 咗 is 了, 佢 is 他,
 *   揾 is 找 (揾工 找工作), 睇 is 看, 乜嘢 is 什么, 边度 is 哪里, 而家 is 现在;
 * - 咪 before a verb of sending or bother is 别 (咪再发, 咪烦我), not in 猫咪 or 咪咪;
 * - words of the work itself: 老细 is 老板, 走佬 is 跑了 (the boss ran off), 出粮 is 发工资, and 人工
 *   beside 冇/唔/没 and a verb of paying is the pay (人工冇出 → 工资没有发), not 人工 (manual).
 *
 * Two fused characters of other dialects, written by workers back from the east and the north (Round 16f):
 * 覅 (Wu, Shanghai and Zhejiang: 勿要) and 嫑 (northern: 不要) are both 不要 (覅发了 → 不要发了).
 * Hani and Yi put the negation after the verb, and workers write Mandarin in that order: 发莫 is 莫发
 * (阿妈 短信 不要 她说 发 莫). A verb of sending with 莫, 别 or 不要 right after it, closing its clause, is
 * turned round; 发别的 and 发不要钱的 go on into another word and stay.
 */
import { joinSpacedCharacters } from './reading-text.js';

const CANTONESE: readonly (readonly [RegExp, string])[] = [
  [/[覅嫑]/g, '不要'],
  [/(再|给我)?(发|推|推送)[\s,]?(莫|别|不要)(了|啦|咯|嘛|哦|哈)?(?!\p{Script=Han})/gu, '$3$1$2$4'],
  [/唔该(?=[\s,.!?]*$)/g, '谢谢'],
  [/唔该[\s,]*/g, '请'],
  [/唔使/g, '不用'],
  [/唔系/g, '不是'],
  [/唔识/g, '不会'],
  [/唔好/g, '不要'],
  [/唔(?=\p{Script=Han})(?!唔)/gu, '不'],
  [/揾工/g, '找工作'],
  [/揾/g, '找'],
  [/乜嘢|乜/g, '什么'],
  [/边度/g, '哪里'],
  [/而家/g, '现在'],
  [/老细/g, '老板'],
  [/走佬/g, '跑了'],
  [/出粮/g, '发工资'],
  [/人工(?=[\s,]*(冇|唔|没|不|未)(有)?[\s,]*(出|发|俾|给|结))/g, '工资'],
  [/(冇|唔|没|未)(有)?[\s,]*出(?=[\s,.!?]*$)/g, '$1$2发'],
  [/冇有?/g, '没有'],
  [/嘅/g, '的'],
  [/咗/g, '了'],
  [/佢/g, '他'],
  [/睇/g, '看'],
  [/(?<![猫咪])咪(?=再|又|发|推|烦|打扰|吵|搞|理|联系|通知|短信|信息)/g, '别'],
];

/** The text with its Cantonese (and 覅, 嫑) words in Mandarin; texts without any are returned as they are. */
export function fromCantonese(text: string): string {
  if (!/[唔冇嘅咗佢揾睇乜咪覅嫑]|边度|而家|老细|走佬|出粮|(发|推)[\s,]*(莫|别|不\s*要)/.test(text)) return text;
  // 唔 该 唔 好: characters typed apart are joined first, as the reading text joins them.
  let out = joinSpacedCharacters(text);
  for (const [re, mandarin] of CANTONESE) out = out.replace(re, mandarin);
  return out;
}
