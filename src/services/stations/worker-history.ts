import type { Db } from '../../db/prisma.js';
import type { Principal } from '../../domain/access.js';
import type { CaseworkerService } from './caseworker-service.js';

/** A worker's story for the station: texts in and out, applications, calls (consent history comes with getWorker). */
export function createWorkerHistory({ db, caseworker }: { db: Db; caseworker: Pick<CaseworkerService, 'getWorker'> }) {
  return async function workerHistory(p: Principal, workerId: number, limit = 100) {
    // Scope first: a worker outside the caller's divisions reads as absent.
    const worker = await caseworker.getWorker(p, workerId);
    const where = { workerId };
    const [inbound, outbound, applications, calls] = await Promise.all([
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
    return { worker, inbound, outbound, applications, calls };
  };
}
