/** One domestic SMS segment holds 70 characters; longer texts are split into 67-character parts. */
export const SINGLE_SEGMENT_CHARS = 70;
export const MULTIPART_SEGMENT_CHARS = 67;

/** Characters as Aliyun counts them: every code point (Chinese, letter, digit, punctuation) is 1. */
export function smsLength(text: string): number {
  return [...text].length;
}

/** Billed segments for a message that already includes its 【签名】 (Aliyun's rule: 70, then 67 each). */
export function countSegments(fullText: string): number {
  const n = smsLength(fullText);
  if (n === 0) return 0;
  return n <= SINGLE_SEGMENT_CHARS ? 1 : Math.ceil(n / MULTIPART_SEGMENT_CHARS);
}

/** The text a phone shows: Aliyun prefixes the approved signature in 【】. */
export function withSignature(signName: string, text: string): string {
  return `【${signName}】${text}`;
}

/**
 * Control characters (NUL, tab, line breaks, escape, DEL, C1): none belongs in the words of a
 * one-segment SMS. PostgreSQL refuses NUL in text, and a preview must never show one.
 */
export const SMS_CONTROL_CHARS = /\p{Cc}/u;
