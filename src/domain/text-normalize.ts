import { Converter } from 'opencc-js/t2cn';

// Built on first use: the conversion tables take ~40 ms to load, which a process that never
// reads a message (a migration, a worker that only sends) should not pay.
let toSimplified: ((text: string) => string) | undefined;

// Worker texts use Chinese punctuation, ASCII punctuation and look-alikes interchangeably;
// the reader only cares that a separator is there, so each family maps to one ASCII form.
const PUNCTUATION: Record<string, string> = {
  '。': '.',
  '｡': '.',
  '、': ',',
  '“': '"',
  '”': '"',
  '„': '"',
  '‘': "'",
  '’': "'",
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '【': '(',
  '】': ')',
  '〔': '(',
  '〕': ')',
  '〖': '(',
  '〗': ')',
  '《': '(',
  '》': ')',
  '〈': '(',
  '〉': ')',
  '—': '-',
  '–': '-',
  '―': '-',
  '－': '-',
  '〜': '~',
  '～': '~',
};
const PUNCTUATION_RE = new RegExp(`[${Object.keys(PUNCTUATION).join('')}]`, 'g');

// Zero-width characters and variation selectors arrive with text pasted from WeChat or typed
// with emoji keyboards; they are invisible, so a worker cannot know they broke a keyword.
const INVISIBLE_RE = /[\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f\u00ad]/g;
// Control characters other than whitespace come from broken handsets and gateways.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

/**
 * Brings a worker's text to one canonical form so that keyword and dictionary matching need to
 * know only one spelling of everything.
 */
const ZHU_RE = /(?<![显土原名巨专论卓编昭])著(?![名作称述书者录作有])/g;

export function normalizeText(raw: string): string {
  // NFKC folds full-width letters and digits (ＳＴＯＰ, １０２４ from Chinese IMEs), the
  // ideographic space, circled digits (①) and compatibility ideographs to their plain forms.
  let text = raw.normalize('NFKC');
  // Handsets set to Hong Kong or Taiwan input, and workers back from Guangdong, send
  // traditional characters (報名, 訂閱); every dictionary here is simplified.
  const convert = (toSimplified ??= Converter({ from: 't', to: 'cn' }));
  text = convert(text);
  // 著 is the traditional form of the particle 着 (還訂著沒, 押著身份證, 接著發), which opencc keeps
  // because 著 is also a simplified character (著名, 著作, 显著); the particle is the one workers write.
  text = text.replace(ZHU_RE, '着');
  text = text.replace(INVISIBLE_RE, '').replace(CONTROL_RE, ' ');
  text = text.replace(PUNCTUATION_RE, (ch) => PUNCTUATION[ch] ?? ch);
  // Letters carry no case in SMS commands: TD, Td and td are the same opt-out, DY and dy the
  // same pinyin initials.
  text = text.toLowerCase();
  // Spaces are optional and unreliable in worker texts (订阅缝纫新街 and 订阅  缝纫 新街 mean the
  // same), so runs collapse to one and the ends go.
  return text.replace(/\s+/g, ' ').trim();
}
