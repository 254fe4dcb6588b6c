import { z } from 'zod';
import type { Db } from '../../db/prisma.js';
import type { Principal } from '../../domain/access.js';
import { normalizePhone } from '../../domain/phone.js';
import { ForbiddenError, ValidationError } from '../../errors.js';
import type { AuditLog } from './audit-log.js';

export const createEmployerSchema = z.object({
  name: z.string().trim().min(1, '请填写雇主名称').max(60),
  contactPhone: z.string().trim().max(40).optional().describe('Mainland mobile of the person who answers for the employer'),
});
export type CreateEmployer = z.infer<typeof createEmployerSchema>;

/** Employers (the companies behind workshops): made by admins, from the API or the console. */
export function createEmployerAccounts({ db, audit }: { db: Db; audit: AuditLog }) {
  return {
    async create(p: Principal, input: CreateEmployer) {
      if (p.role !== 'admin') throw new ForbiddenError('employer.admin_only', 'only an admin creates employers');
      const phone = input.contactPhone ? normalizePhone(input.contactPhone) : null;
      if (input.contactPhone && !phone) throw new ValidationError('phone.invalid', 'contactPhone: not a mainland mobile number');
      return db.$transaction(async (tx) => {
        const row = await tx.employer.create({ data: { name: input.name, contactPhone: phone } });
        await audit.record(p, 'employer.create', 'employer', row.id, null, row, tx);
        return row;
      });
    },

    list() {
      return db.employer.findMany({ orderBy: { id: 'asc' } });
    },
  };
}

export type EmployerAccounts = ReturnType<typeof createEmployerAccounts>;
