import type { Db } from '../../src/db/prisma.js';

export const XINJIE = '532528102';
export const XINJIE_VILLAGE = '532528102211';
export const MENGZI_VILLAGE = '532503001001';
const MIN = 60_000;
const DAY = 86_400_000;

/**
 * A small season with every step known (docs/outcomes.md): one broadcast of one opening in
 * 新街镇 to five workers, 40 days ago.
 * - 张一 (新街, returnee, priority household): delivered after 1 min, replied after 10 min,
 *   applied after 12, hired a day later, arrived the day after, paid 30 days after arriving.
 * - 李二 (新街): delivered; a digest 30 min later, then a text after 1 h: the text answers the
 *   digest, not the broadcast.
 * - 王三 (新街): delivered; a text an hour before the alert only.
 * - 赵四 (新街): sent, failed.
 * - 钱五 (蒙自, home work): delivered after 3 min, replied after 20, applied after 25, hired.
 * Expected, all: alerted 5, delivered 4, replied 2, applied 2, hired 2, arrived 1, paid 1.
 * 新街镇 only: 4, 3, 1, 1, 1, 1, 1.
 */
export async function seedFunnel(db: Db, t0 = new Date(Date.now() - 40 * DAY)) {
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const ws = await db.workshop.create({ data: { name: '新街制衣车间', form: 'village_plant', divisionCode: XINJIE, contactPhone: '13900000007' } });
  const o = await db.opening.create({ data: { workshopId: ws.id, title: '缝纫工', skills: [], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month', status: 'open' } });
  const c = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id, status: 'completed', createdAt: t0 } });
  let inboundN = 0;
  const worker = (phone: string, name: string, divisionCode: string, extra: { returnee?: boolean; priorityHousehold?: boolean; workForms?: ('home_workshop' | 'village_plant')[] } = {}) =>
    db.worker.create({ data: { phone, name, divisionCode, skills: ['缝纫'], ...extra } });
  const alert = (workerId: number, phone: string, o2: { delivered?: number; failed?: boolean; campaignId?: number | null; sentAt?: Date } = {}) =>
    db.notification.create({
      data: {
        workerId,
        campaignId: o2.campaignId === undefined ? c.id : o2.campaignId,
        kind: 'alert',
        channel: 'sms',
        phone,
        templateCode: 'SMS_TEST',
        templateParams: { title: '缝纫工' },
        content: '新街制衣车间招缝纫工',
        segments: 1,
        status: o2.failed ? 'failed' : o2.delivered !== undefined ? 'delivered' : 'sent',
        sentAt: o2.sentAt ?? t0,
        createdAt: o2.sentAt ?? t0,
        deliveredAt: o2.delivered !== undefined ? at(o2.delivered) : null,
      },
    });
  const text = (workerId: number, phone: string, receivedAt: Date, content: string) =>
    db.inboundMessage.create({ data: { provider: 'aliyun', providerMessageId: `seed-${++inboundN}-${phone}`, channel: 'sms', sender: phone, workerId, content, receivedAt, processedAt: receivedAt, raw: { content } } });

  const w1 = await worker('13800001001', '张一', XINJIE_VILLAGE, { returnee: true, priorityHousehold: true });
  await alert(w1.id, w1.phone!, { delivered: MIN });
  await text(w1.id, w1.phone!, at(10 * MIN), `BM${o.code}`);
  await db.application.create({ data: { openingId: o.id, workerId: w1.id, channel: 'sms', status: 'hired', createdAt: at(12 * MIN), hiredAt: at(DAY + 12 * MIN), arrivedAt: at(2 * DAY + 12 * MIN), paidAt: at(32 * DAY + 12 * MIN), note: '周一来了' } });

  const w2 = await worker('13800001002', '李二', XINJIE_VILLAGE);
  await alert(w2.id, w2.phone!, { delivered: MIN });
  await alert(w2.id, w2.phone!, { campaignId: null, sentAt: at(30 * MIN) });
  await text(w2.id, w2.phone!, at(60 * MIN), '岗位');

  const w3 = await worker('13800001003', '王三', XINJIE_VILLAGE);
  await alert(w3.id, w3.phone!, { delivered: 2 * MIN });
  await text(w3.id, w3.phone!, at(-60 * MIN), '帮助');

  const w4 = await worker('13800001004', '赵四', XINJIE_VILLAGE);
  await alert(w4.id, w4.phone!, { failed: true });

  const w5 = await worker('13800001005', '钱五', MENGZI_VILLAGE, { workForms: ['home_workshop'] });
  await alert(w5.id, w5.phone!, { delivered: 3 * MIN });
  await text(w5.id, w5.phone!, at(20 * MIN), '我想去');
  await db.application.create({ data: { openingId: o.id, workerId: w5.id, channel: 'sms', status: 'hired', createdAt: at(25 * MIN), hiredAt: at(3 * DAY) } });

  return { t0, workshop: ws, opening: o, campaign: c, workers: [w1, w2, w3, w4, w5] };
}
