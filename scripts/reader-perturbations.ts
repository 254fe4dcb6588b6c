// The ways real people change a text that should not change its reading (docs/reader.md, Round 16):
// used by `npm run reader:probe` (scripts/probe-reader.ts) and tests/unit/reader-robustness.test.ts.
import * as OpenCC from 'opencc-js';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const fullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

export interface Perturbation {
  name: string;
  /** What it does, for the probe's report and docs/reader.md. */
  what: string;
  apply: (text: string) => string;
}

export const PERTURBATIONS: readonly Perturbation[] = [
  // (opencc turns 幺 into 么, and people do write 么 for 幺 in numbers: 报名么零二四.)
  { name: 'trad', what: 'traditional characters (opencc cn → tw)', apply: (s) => toTraditional(s) },
  { name: 'fullwidth', what: 'ASCII typed full width (ＴＤ, １０２４)', apply: fullWidth },
  { name: 'spaced', what: 'a space between every character', apply: (s) => [...s].join(' ') },
  { name: 'tailEmoji', what: 'an emoji after (🙏)', apply: (s) => s + '🙏' },
  { name: 'tailPunct', what: '！！ after', apply: (s) => s + '！！' },
  { name: 'headGreet', what: 'a greeting before (你好，)', apply: (s) => '你好，' + s },
  { name: 'tailThanks', what: 'thanks after ( 谢谢)', apply: (s) => s + ' 谢谢' },
  { name: 'tailDialect', what: 'a dialect particle after (嘛)', apply: (s) => s + '嘛' },
  { name: 'lower', what: 'lower case', apply: (s) => s.toLowerCase() },
  { name: 'nopunct', what: 'all punctuation and spaces removed', apply: (s) => s.replace(/[，。！？,.!?、；;：:\s]/g, '') },
  { name: 'commas', what: 'commas instead of spaces', apply: (s) => s.replace(/\s+/g, '，') },
];

/**
 * Perturbed texts judged artificial (no one writes them), which the probe counts apart and the
 * invariance test leaves out: letters of Latin words spaced apart (t u i d i n g, b u 要), commas
 * between pinyin syllables (bu，yao，fa，le), and a particle or thanks after a text that already ends
 * in a question (取消了吗嘛, 停了吗？ 谢谢 is real, 停了吗？嘛 is not).
 */
export function isArtificial(name: string, original: string): boolean {
  if ((name === 'spaced' || name === 'commas' || name === 'nopunct') && /[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{2}/i.test(original)) return true;
  if (name === 'tailDialect' && /(吗|么|呢|没|没有|没得|不|[?？])[\s!！。.…]*$/.test(original)) return true;
  return false;
}
