import type { Db, Prisma } from '../../db/prisma.js';
import type { Principal } from '../../domain/access.js';

type Tx = Prisma.TransactionClient;

/** Dates, bigints and Prisma rows as plain JSON, so before/after read the same as the API shows them. */
function toJson(v: unknown): Prisma.InputJsonValue | undefined {
  if (v === null || v === undefined) return undefined;
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))) as Prisma.InputJsonValue;
}

/** Who wrote: an API caller, the system itself (the expiry sweep), or someone not signed in (a failed sign-in). */
export type Actor = Pick<Principal, 'actor'> & { role: Principal['role'] | 'system' | 'anonymous' };
export const SYSTEM_SWEEP: Actor = { actor: 'system:sweep', role: 'system' };

/**
 * Every write through the API is recorded here, in the same transaction as the write; so are
 * console sign-ins (and failed ones) and operators pausing or resuming queues.
 */
export function createAuditLog({ db }: { db: Db }) {
  return {
    async record(by: Actor, action: string, entity: string, entityId: string | number | bigint | null, before: unknown, after: unknown, tx: Tx | Db = db) {
      await tx.auditLog.create({
        data: {
          actor: by.actor,
          role: by.role,
          action,
          entity,
          entityId: entityId === null ? null : String(entityId),
          before: toJson(before),
          after: toJson(after),
        },
      });
    },

    /** The log for the console's audit page: newest first, by entity, actor, entity id and day range, with the total. */
    async page(filter: { entity?: string; actor?: string; entityId?: string; from?: Date; to?: Date }, limit: number, offset: number) {
      const where: Prisma.AuditLogWhereInput = {
        entity: filter.entity,
        actor: filter.actor,
        entityId: filter.entityId,
        ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
      };
      const [total, rows] = await Promise.all([db.auditLog.count({ where }), db.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: limit, skip: offset })]);
      return { total, rows };
    },

    async list(filter: { entity?: string; entityId?: string; actor?: string; limit: number; beforeId?: bigint }) {
      return db.auditLog.findMany({
        where: {
          entity: filter.entity,
          entityId: filter.entityId,
          actor: filter.actor,
          ...(filter.beforeId ? { id: { lt: filter.beforeId } } : {}),
        },
        orderBy: { id: 'desc' },
        take: filter.limit,
      });
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
