import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's safe and compatible modes (安全模式 / 兼容模式, docs/wechat.md): pushes carry the
 * message AES-encrypted in <Encrypt> with a msg_signature, and passive replies must be
 * encrypted the same way. The scheme of WeChat's WXBizMsgCrypt: the key is the console's
 * 43-character EncodingAESKey base64-decoded (32 bytes, AES-256-CBC, IV = its first 16 bytes);
 * the plaintext is 16 random bytes, the message length (4 bytes, big-endian), the message and
 * the AppID, padded PKCS#7-style to a multiple of 32 bytes. Pure apart from the random bytes.
 */

const BLOCK = 32;

export interface WechatAes {
  /** The 32-byte key from the EncodingAESKey. */
  key: Buffer;
  appId: string;
}

/** The key for an EncodingAESKey (43 characters of base64 without its final `=`). */
export function wechatAes(encodingAesKey: string, appId: string): WechatAes {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) throw new Error('EncodingAESKey must be 43 letters or digits');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new Error('EncodingAESKey does not decode to 32 bytes');
  return { key, appId };
}

/** sha1 of the sorted [token, timestamp, nonce, encrypt], lower-case hex. */
export function wechatMsgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

export function verifyWechatMsgSignature(token: string, q: { timestamp?: string; nonce?: string; msg_signature?: string }, encrypt: string): boolean {
  // Strings only: a parameter given twice in a query string arrives as an array.
  if (typeof q.msg_signature !== 'string' || typeof q.timestamp !== 'string' || typeof q.nonce !== 'string') return false;
  if (!q.msg_signature || !q.timestamp || !q.nonce) return false;
  const expected = Buffer.from(wechatMsgSignature(token, q.timestamp, q.nonce, encrypt));
  const given = Buffer.from(q.msg_signature.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The XML inside an <Encrypt>, or null when it does not decrypt to a message for this AppID. */
export function decryptWechat(aes: WechatAes, encrypt: string): string | null {
  try {
    const data = Buffer.from(encrypt, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) return null;
    const decipher = createDecipheriv('aes-256-cbc', aes.key, aes.key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(data), decipher.final()]);
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > BLOCK || pad > plain.length) return null;
    const body = plain.subarray(0, plain.length - pad);
    if (body.length < 20) return null;
    const length = body.readUInt32BE(16);
    if (20 + length > body.length) return null;
    const appId = body.subarray(20 + length).toString('utf8');
    if (appId !== aes.appId) return null;
    return body.subarray(20, 20 + length).toString('utf8');
  } catch {
    return null;
  }
}

/** Encrypts a message for this AppID (base64, for <Encrypt>). */
export function encryptWechat(aes: WechatAes, xml: string, random: Buffer = randomBytes(16)): string {
  const message = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length);
  const body = Buffer.concat([random, length, message, Buffer.from(aes.appId, 'utf8')]);
  const pad = BLOCK - (body.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', aes.key, aes.key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** A passive reply as safe mode wants it: the encrypted reply, its signature, time and nonce. */
export function encryptedReply(token: string, aes: WechatAes, xml: string, now: Date, nonce: string = randomBytes(6).readUIntBE(0, 6).toString()): string {
  const encrypt = encryptWechat(aes, xml);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = wechatMsgSignature(token, timestamp, nonce, encrypt);
  return (
    `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`
  );
}
