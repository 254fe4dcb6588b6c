import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/prisma.js';
import { normalizePhone } from '../src/domain/phone.js';
import { withSignature } from '../src/domain/sms-segments.js';

/**
 * Plays a worker's phone against a running guiyan: posts the text as Aliyun's uplink push
 * would, then prints every SMS the service sends back to that phone within a few seconds.
 *   npm run sms -- 13800000001 "订阅 缝纫 新街"
 */
const [phoneArg, ...words] = process.argv.slice(2);
const text = words.join(' ');
const phone = phoneArg ? normalizePhone(phoneArg) : null;
if (!phone || !text) {
  console.error('usage: npm run sms -- <mobile number> "<text>"   e.g. npm run sms -- 13800000001 "订阅 缝纫 新街"');
  process.exit(2);
}
const config = loadConfig(process.env);
const base = process.env.GUIYAN_URL ?? config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`;
const url = new URL('/webhooks/aliyun/sms-up', base);
if (config.WEBHOOK_TOKEN) url.searchParams.set('token', config.WEBHOOK_TOKEN);

const db = createDb(config.DATABASE_URL, { max: 1 });
const since = new Date(Date.now() - 1000);
const now = new Date(Date.now() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
try {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ phone_number: phone, content: text, send_time: now, dest_code: '00', sequence_id: randomUUID() }]),
  });
  console.log(`→ ${phone}: ${text}   (${res.status} ${await res.text()})`);
  if (!res.ok) process.exit(1);
  const seen = new Set<bigint>();
  const waitMs = Number(process.env.SMS_WAIT_MS ?? 4000);
  let deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const rows = await db.notification.findMany({
      where: { phone, createdAt: { gte: since }, status: { in: ['sent', 'delivered', 'failed'] } },
      orderBy: { id: 'asc' },
    });
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const note = r.status === 'failed' ? `  [failed: ${r.errorCode}]` : '';
      console.log(`← ${withSignature(config.ALIYUN_SMS_SIGN_NAME, r.content)}${note}`);
      // A reply arrived: linger briefly for a second message, then stop.
      deadline = Math.min(deadline, Date.now() + 700);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (seen.size === 0) {
    console.log(`← (no reply within ${waitMs} ms: none is sent after an opt-out; otherwise check that the workers run)`);
  }
} finally {
  await db.$disconnect();
}
