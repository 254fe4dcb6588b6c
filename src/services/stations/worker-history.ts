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
    // A full page of either kind means older texts were left out. The two lists then cover
    // different spans: cut both at the later of their oldest times, so the timeline shown has
    // no stretch where the worker seems never to have replied; `since` says where it starts.
    let since: Date | null = null;
    const oldest = (xs: { at: Date }[]) => (xs.length ? xs[xs.length - 1]!.at : null);
    const inAt = inbound.map((m) => ({ at: m.receivedAt }));
    const outAt = outbound.map((m) => ({ at: m.createdAt }));
    if (inbound.length === limit || outbound.length === limit) {
      const cuts = [inbound.length === limit ? oldest(inAt) : null, outbound.length === limit ? oldest(outAt) : null].filter((d): d is Date => d !== null);
      since = new Date(Math.max(...cuts.map((d) => d.getTime())));
    }
    const t = since?.getTime() ?? -Infinity;
    return {
      worker,
      inbound: inbound.filter((m) => m.receivedAt.getTime() >= t),
      outbound: outbound.filter((m) => m.createdAt.getTime() >= t),
      since,
      applications,
      calls,
    };
  };
}
