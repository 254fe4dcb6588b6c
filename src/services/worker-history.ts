import type { Db } from '../db/prisma.js';
import type { Principal } from '../domain/access.js';
import type { CaseworkerService } from './caseworker-service.js';

/** A worker's story for the station: consent given and withdrawn, texts in and out, applications, calls. */
export function createWorkerHistory({ db, caseworker }: { db: Db; caseworker: Pick<CaseworkerService, 'getWorker'> }) {
  return async function workerHistory(p: Principal, workerId: number, limit = 100) {
    // Scope first: a worker outside the caller's divisions reads as absent.
    const worker = await caseworker.getWorker(p, workerId);
    const where = { workerId };
    const [consent, inbound, outbound, applications, calls] = await Promise.all([
      db.consentEvent.findMany({ where, orderBy: { id: 'desc' }, take: limit }),
      db.inboundMessage.findMany({ where, orderBy: { id: 'desc' }, take: limit, select: { id: true, channel: true, content: true, receivedAt: true, intent: true } }),
      db.notification.findMany({
        where,
        orderBy: { id: 'desc' },
        take: limit,
        select: { id: true, kind: true, channel: true, content: true, status: true, errorCode: true, createdAt: true, sentAt: true, deliveredAt: true },
      }),
      db.application.findMany({ where, orderBy: { id: 'desc' }, take: limit, include: { opening: { select: { id: true, code: true, title: true } } } }),
      db.callLog.findMany({ where, orderBy: { id: 'desc' }, take: limit }),
    ]);
    return { worker, consent, inbound, outbound, applications, calls };
  };
}
