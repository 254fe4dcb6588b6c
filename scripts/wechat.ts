import { randomBytes } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { loadConfig } from '../src/config.js';
import { wechatSignature } from '../src/channels/wechat/wechat-message.js';

/**
 * Plays a WeChat user against a running guiyan: posts a signed push to /webhooks/wechat as
 * WeChat would and prints the passive reply (a reply sent later through the customer-service
 * API goes to WECHAT_API_BASE_URL, e.g. the fake WeChat server).
 *   npm run wechat -- oDEMO_USER "订阅 缝纫 新街"
 *   npm run wechat -- oDEMO_USER --location 23.22,102.74
 *   npm run wechat -- oDEMO_USER --event subscribe
 */
const [openId, ...rest] = process.argv.slice(2);
const config = loadConfig(process.env);
if (!openId || rest.length === 0 || !config.WECHAT_TOKEN) {
  console.error('usage: npm run wechat -- <openid> "<text>" | --location <lat>,<lng> | --event subscribe|unsubscribe   (needs WECHAT_TOKEN)');
  process.exit(2);
}
const now = Math.floor(Date.now() / 1000);
const head = { ToUserName: { __cdata: 'gh_demo' }, FromUserName: { __cdata: openId }, CreateTime: now };
const msgId = String(BigInt(now) * 1_000_000n + BigInt(randomBytes(2).readUInt16BE()));
let fields: Record<string, unknown>;
if (rest[0] === '--location') {
  const [lat, lng] = (rest[1] ?? '').split(',').map(Number);
  fields = { ...head, MsgType: { __cdata: 'location' }, Location_X: lat, Location_Y: lng, Scale: 15, Label: { __cdata: '位置' }, MsgId: msgId };
} else if (rest[0] === '--event') {
  fields = { ...head, MsgType: { __cdata: 'event' }, Event: { __cdata: rest[1] ?? 'subscribe' } };
} else {
  fields = { ...head, MsgType: { __cdata: 'text' }, Content: { __cdata: rest.join(' ') }, MsgId: msgId };
}
const body = new XMLBuilder({ cdataPropName: '__cdata' }).build({ xml: fields }) as string;
const nonce = String(randomBytes(4).readUInt32BE());
const base = process.env.GUIYAN_URL ?? config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`;
const url = new URL('/webhooks/wechat', base);
url.searchParams.set('signature', wechatSignature(config.WECHAT_TOKEN, String(now), nonce));
url.searchParams.set('timestamp', String(now));
url.searchParams.set('nonce', nonce);
const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
const answer = await res.text();
console.log(`→ ${openId}: ${rest.join(' ')}   (${res.status})`);
if (!res.ok) {
  console.log(answer);
  process.exit(1);
}
if (answer === 'success' || answer === '') console.log('← (no passive reply: none was due, or it follows through the customer-service API)');
else console.log(`← ${(new XMLParser({ parseTagValue: false }).parse(answer) as { xml?: { Content?: string } }).xml?.Content ?? answer}`);
