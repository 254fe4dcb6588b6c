import type { Logger } from 'pino';
import { locatedStep, placeLabel, type ConversationAction, type DialogState, type Reply } from '../../domain/conversation.js';
import { maskPhone } from '../../domain/phone.js';
import type { Metrics } from '../../metrics.js';
import type { Outbox } from '../delivery/outbox.js';
import type { ChatMemory } from './chat-memory.js';
import { consent, ensureWorker, senderForLog, workerInclude, type InboundTurn, type Tx } from './turn.js';

/** How far a WeChat location may be from the nearest loaded township and still name it. */
const NEAREST_TOWNSHIP_MAX_KM = 30;

export interface WechatTurnDeps {
  log: Pick<Logger, 'warn'>;
  metrics: Pick<Metrics, 'abuseLimited'>;
  outbox: Pick<Outbox, 'createDirect' | 'moveToWorker' | 'eraseWechatTexts'>;
  memory: Pick<ChatMemory, 'takeVerificationSlot' | 'newBindCode'>;
}

/** What only WeChat users do: bind a phone, follow and unfollow, send a location. */
export function createWechatTurns({ log, metrics, outbox, memory }: WechatTurnDeps) {
  async function startBinding(turn: InboundTurn, phone: string): Promise<Reply> {
    const slot = await memory.takeVerificationSlot(phone, turn.sender);
    if (!slot.ok) {
      metrics.abuseLimited.inc({ limit: slot.by === 'sender' ? 'bind_sender' : 'bind_target' });
      log.warn({ sender: senderForLog(turn.channel, turn.sender), phone: maskPhone(phone), by: slot.by }, 'binding code refused: too many for this sender or phone');
      return { kind: 'bind_rate_limited', params: { wait: slot.wait } };
    }
    const code = await memory.newBindCode(turn.sender, phone);
    const id = await outbox.createDirect(turn.tx, {
      dedupeKey: `bind:${turn.inboundId}`,
      kind: 'verification',
      workerId: null,
      phone,
      message: 'bind_code',
      params: { code } as never,
    });
    if (id) turn.sms.push(id);
    return { kind: 'bind_code_sent', params: { phone: maskPhone(phone) } };
  }

  /**
   * One person, one record: the WeChat worker and the phone's worker become one row carrying
   * both identities and every consent event. An opt-out on either side stays in force: a
   * phone that opted out is never messaged again without a new opt-in.
   */
  async function bind(turn: InboundTurn, phone: string): Promise<Reply> {
    const tx = turn.tx;
    const openId = turn.sender;
    const wx = turn.worker;
    const byPhone = await tx.worker.findFirst({ where: { phone }, orderBy: { phoneSlot: 'asc' } });
    let merged: { id: number; status: string };
    if (!byPhone) {
      const worker = await ensureWorker(turn);
      merged = await tx.worker.update({ where: { id: worker.id }, data: { phone, phoneInvalid: false } });
    } else if (!wx) {
      merged = await tx.worker.update({ where: { id: byPhone.id }, data: { wechatOpenId: openId } });
    } else if (wx.id === byPhone.id) {
      merged = byPhone;
    } else {
      const optedOut = byPhone.status === 'opted_out' || wx.status === 'opted_out';
      const takeWechatPlace = !byPhone.divisionCode && wx.divisionCode;
      await tx.worker.update({ where: { id: wx.id }, data: { wechatOpenId: null } });
      await tx.consentEvent.updateMany({ where: { workerId: wx.id }, data: { workerId: byPhone.id } });
      await tx.$executeRaw`
        DELETE FROM applications a WHERE a.worker_id = ${wx.id}
          AND EXISTS (SELECT 1 FROM applications b WHERE b.worker_id = ${byPhone.id} AND b.opening_id = a.opening_id)`;
      await tx.application.updateMany({ where: { workerId: wx.id }, data: { workerId: byPhone.id } });
      await tx.inboundMessage.updateMany({ where: { workerId: wx.id }, data: { workerId: byPhone.id } });
      await outbox.moveToWorker(tx, wx.id, byPhone.id);
      merged = await tx.worker.update({
        where: { id: byPhone.id },
        data: {
          wechatOpenId: openId,
          latitude: wx.latitude ?? byPhone.latitude,
          longitude: wx.longitude ?? byPhone.longitude,
          ...(takeWechatPlace ? { divisionCode: wx.divisionCode, skills: wx.skills } : {}),
          ...(optedOut ? { status: 'opted_out' as const, pausedUntil: null } : {}),
        },
      });
      await tx.worker.delete({ where: { id: wx.id } });
    }
    turn.worker = await tx.worker.findUnique({ where: { id: merged.id }, include: workerInclude });
    if (merged.status === 'opted_out') return { kind: 'bind_done_opted_out', params: {} };
    return { kind: 'bind_done', params: { phone: maskPhone(phone) } };
  }

  /** WeChat events and locations: not text, so not for the reader. */
  async function wechatSpecial(
    turn: InboundTurn,
    raw: Record<string, unknown>,
    next: { next: DialogState },
    act: (turn: InboundTurn, action: ConversationAction, state: { next: DialogState }) => Promise<void>,
  ): Promise<string | null> {
    const type = String(raw.MsgType ?? '');
    if (type === 'event') {
      const event = String(raw.Event ?? '').toLowerCase();
      if (event === 'subscribe') {
        if (turn.worker?.status !== 'opted_out') turn.replies.push({ kind: 'wechat_welcome', params: {} });
        return 'event:subscribe';
      }
      if (event === 'unsubscribe') {
        await unfollow(turn);
        return 'event:unsubscribe';
      }
      return `event:${event || 'other'}`;
    }
    if (type === 'location') {
      const lat = Number(raw.Location_X);
      const lng = Number(raw.Location_Y);
      if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
        turn.replies.push({ kind: 'help', params: {} });
        return 'location:invalid';
      }
      if (turn.worker?.status === 'opted_out') return 'location';
      const worker = await ensureWorker(turn);
      const nearest = await nearestTownship(turn.tx, lat, lng);
      await turn.tx.worker.update({
        where: { id: worker.id },
        data: { latitude: lat, longitude: lng, ...(nearest?.withinKm ? { divisionCode: nearest.code } : {}) },
      });
      if (!nearest) turn.replies.push({ kind: 'location_no_place', params: {} });
      else if (!nearest.withinKm) turn.replies.push({ kind: 'location_far', params: {} });
      else {
        const answered = locatedStep(next.next, { code: nearest.code, name: nearest.name, fullName: nearest.fullName });
        if (answered) {
          next.next = answered.state;
          for (const action of answered.actions) await act(turn, action, next);
          if (answered.reply) turn.replies.push(answered.reply);
        } else turn.replies.push({ kind: 'location_place', params: { place: placeLabel(nearest) } });
      }
      return 'location';
    }
    if (type !== 'text') {
      turn.replies.push({ kind: 'wechat_text_only', params: {} });
      return `wechat:${type || 'other'}`;
    }
    return null;
  }

  /**
   * WeChat's rules: on unfollow, delete the user's information. A worker who also has a phone
   * keeps the SMS subscription (they consented to it separately); the WeChat binding, location
   * and WeChat messages go. A WeChat-only worker keeps nothing but the consent record.
   */
  async function unfollow(turn: InboundTurn): Promise<void> {
    const worker = turn.worker;
    if (!worker) return;
    await consent(turn, worker.id, 'opt_out');
    const wechatOnly = !worker.phone;
    await turn.tx.worker.update({
      where: { id: worker.id },
      data: {
        wechatOpenId: null,
        latitude: null,
        longitude: null,
        preferredChannel: 'sms',
        ...(wechatOnly ? { status: 'opted_out' as const, pausedUntil: null, skills: [], divisionCode: null, name: null, workForms: [] } : {}),
      },
    });
    await turn.tx.inboundMessage.deleteMany({ where: { workerId: worker.id, channel: 'wechat', id: { not: turn.inboundId } } });
    await outbox.eraseWechatTexts(turn.tx, worker.id);
  }

  async function nearestTownship(tx: Tx, lat: number, lng: number) {
    // Equirectangular distance is plenty at township scale; only loaded points are searched.
    const rows = await tx.$queryRaw<{ code: string; name: string; full_name: string; km: number }[]>`
      SELECT d.code, d.name, d.full_name,
             111.2 * sqrt(power(c.latitude - ${lat}, 2) + power((c.longitude - ${lng}) * cos(radians(${lat})), 2)) AS km
      FROM division_coordinates c JOIN divisions d ON d.code = c.division_code
      WHERE d.level = 'township'
      ORDER BY km ASC LIMIT 1`;
    const r = rows[0];
    if (!r) return null;
    return { code: r.code, name: r.name, fullName: r.full_name, withinKm: Number(r.km) <= NEAREST_TOWNSHIP_MAX_KM };
  }

  return { startBinding, bind, wechatSpecial };
}
