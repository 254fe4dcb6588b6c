import { Prisma, type Db } from '../../db/prisma.js';
import { inDivisionScope, type Principal } from '../../domain/access.js';
import { NotFoundError } from '../../errors.js';
import type { AuditLog } from '../access/audit-log.js';
import { liveFactsSql } from './outcomes.js';

type Tx = Prisma.TransactionClient;

/** What is left in a case a worker opened, once the worker's data is erased. */
export const ERASED_WORDS = '（工人已注销资料）';

export interface ErasureResult {
  workerId: number;
  /** False when the worker had been erased already. */
  erased: boolean;
  /** Alerts whose funnel steps were kept without the worker. */
  facts: number;
}

/**
 * Erasing a worker's data (docs/outcomes.md), by the worker's own text (注销, then 1) or by a
 * caseworker. In one transaction:
 * - the funnel's facts of the worker's alerts are copied into outcome_facts without the worker,
 *   so the counts do not change;
 * - name, phone, WeChat binding, place, coordinates, skills, work forms, groups, limits go from
 *   the worker row, which stays as an anonymous tombstone (erased_at) for the consent record;
 * - texts: inbound message bodies and raw pushes are blanked and unlinked, notifications lose
 *   their text, phone and worker (queued ones are cancelled), receipts and the demo driver's rows
 *   for the phone are deleted, case words and repeated reports are blanked, call logs, match
 *   skips and ladder steps deleted, employers' notes on the applications cleared;
 * - audit rows about the worker keep who did what and when, not the data;
 * - consent_events stay as they are (docs/compliance.md), with one more opt-out if needed.
 */
export function createErasureService({ db, audit }: { db: Db; audit: AuditLog }) {
  async function eraseInTx(tx: Tx, workerId: number, by: { actor: string; source: 'sms' | 'wechat' | 'caseworker' }): Promise<ErasureResult> {
    const [w] = await tx.$queryRaw<{ id: number; phone: string | null; status: string; erased_at: Date | null }[]>`
      SELECT id, phone, status::text, erased_at FROM workers WHERE id = ${workerId} FOR UPDATE`;
    if (!w) throw new NotFoundError('worker.not_found', `worker ${workerId} not found`, { params: { id: workerId } });
    if (w.erased_at) return { workerId, erased: false, facts: 0 };
    const facts = await tx.$executeRaw`
      INSERT INTO outcome_facts (campaign_id, opening_id, workshop_id, division_code, returnee, home_work, priority_household,
                                 alerted_at, delivered_at, replied_at, applied_at, hired_at, arrived_at, paid_at)
      SELECT campaign_id, opening_id, workshop_id, division_code, returnee, home_work, priority_household,
             alerted_at, delivered_at, replied_at, applied_at, hired_at, arrived_at, paid_at
      FROM (${liveFactsSql(Prisma.sql`n.worker_id = ${workerId}`, new Date(0))}) facts`;
    if (w.status !== 'opted_out') {
      await tx.consentEvent.create({ data: { workerId, kind: 'opt_out', source: by.source, actor: by.actor, rawMessage: null } });
    }
    await tx.$executeRaw`
      UPDATE notifications SET worker_id = NULL, phone = NULL, content = '', template_params = '{}'::jsonb, match_reasons = NULL,
             status = CASE WHEN status = 'queued' THEN 'cancelled'::"NotificationStatus" ELSE status END, updated_at = now()
      WHERE worker_id = ${workerId}`;
    const phone = w.phone;
    await tx.$executeRaw`
      UPDATE inbound_messages SET worker_id = NULL, sender = '', content = '', content_length = NULL, raw = '{}'::jsonb
      WHERE worker_id = ${workerId} ${phone ? Prisma.sql`OR (sender = ${phone} AND channel = 'sms')` : Prisma.empty}`;
    if (phone) {
      await tx.$executeRaw`DELETE FROM delivery_reports WHERE phone = ${phone}`;
      await tx.$executeRaw`DELETE FROM outbox_messages WHERE phone = ${phone}`;
    }
    await tx.$executeRaw`UPDATE cases SET words = ${ERASED_WORDS}, updated_at = now() WHERE worker_id = ${workerId}`;
    await tx.$executeRaw`UPDATE case_notes SET text = ${ERASED_WORDS} WHERE kind = 'report' AND case_id IN (SELECT id FROM cases WHERE worker_id = ${workerId})`;
    await tx.$executeRaw`UPDATE applications SET note = NULL WHERE worker_id = ${workerId} AND note IS NOT NULL`;
    await tx.$executeRaw`DELETE FROM call_logs WHERE worker_id = ${workerId}`;
    await tx.$executeRaw`DELETE FROM match_skips WHERE worker_id = ${workerId}`;
    // The ladder's steps (docs/ladder.md): who was tried which way, and the call task's reason.
    await tx.$executeRaw`DELETE FROM ladder_steps WHERE worker_id = ${workerId}`;
    await tx.$executeRaw`UPDATE audit_logs SET before = CASE WHEN before IS NULL THEN NULL ELSE '{"erased":true}'::jsonb END,
      after = CASE WHEN after IS NULL THEN NULL ELSE '{"erased":true}'::jsonb END WHERE entity = 'worker' AND entity_id = ${String(workerId)}`;
    await tx.worker.update({
      where: { id: workerId },
      data: {
        phone: null,
        name: null,
        wechatOpenId: null,
        divisionCode: null,
        latitude: null,
        longitude: null,
        skills: [],
        workForms: [],
        returnee: false,
        priorityHousehold: false,
        status: 'opted_out',
        pausedUntil: null,
        phoneInvalid: false,
        preferredChannel: 'sms',
        placeRange: 'township',
        maxDistanceKm: null,
        wageFloor: null,
        wageFloorUnit: null,
        erasedAt: new Date(),
      },
    });
    return { workerId, erased: true, facts };
  }

  return {
    eraseInTx,

    /** A caseworker erases a worker of their divisions (an admin any); audited without the data. */
    async erase(p: Principal, workerId: number): Promise<ErasureResult> {
      return db.$transaction(async (tx) => {
        const w = await tx.worker.findUnique({ where: { id: workerId }, select: { divisionCode: true, erasedAt: true } });
        // Out of scope reads as absent, as everywhere else (src/services/stations/caseworker-service.ts).
        if (!w || (p.role !== 'admin' && !inDivisionScope(p, w.divisionCode))) throw new NotFoundError('worker.not_found', `worker ${workerId} not found`, { params: { id: workerId } });
        const r = await eraseInTx(tx, workerId, { actor: p.actor, source: 'caseworker' });
        if (r.erased) await audit.record(p, 'worker.erase', 'worker', workerId, null, { erased: true, factsKept: r.facts }, tx);
        return r;
      });
    },
  };
}

export type ErasureService = ReturnType<typeof createErasureService>;
