import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { rowId } from '../../db/ids.js';
import type { Db } from '../../db/prisma.js';
import type { Principal } from '../../domain/access.js';
import { zodMessage } from '../../domain/error-codes.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { AuditLog } from './audit-log.js';

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(60).describe('Who holds the key, e.g. 新街镇就业站 张三'),
    role: z.enum(['admin', 'caseworker', 'employer']),
    divisionPrefixes: z
      .array(z.string().regex(/^\d{6}(?:\d{3}(?:\d{3})?)?$/, zodMessage('division.code_format', 'a county (6-digit), township (9-digit) or village (12-digit) code')))
      .max(50)
      .default([])
      .describe('caseworker: the counties, townships or villages the key may act in'),
    employerId: rowId().optional().describe('employer: the employer the key acts for'),
  })
  .superRefine((k, ctx) => {
    if (k.role === 'caseworker' && k.divisionPrefixes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['divisionPrefixes'], message: zodMessage('api_key.caseworker_needs_divisions', 'a caseworker key needs at least one county or township code') });
    }
    if (k.role !== 'caseworker' && k.divisionPrefixes.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['divisionPrefixes'], message: zodMessage('api_key.divisions_only_caseworker', 'only caseworker keys are scoped to divisions') });
    }
    if (k.role === 'employer' && !k.employerId) ctx.addIssue({ code: 'custom', path: ['employerId'], message: zodMessage('api_key.employer_needs_employer', 'an employer key needs employerId') });
    if (k.role !== 'employer' && k.employerId) ctx.addIssue({ code: 'custom', path: ['employerId'], message: zodMessage('api_key.employer_only_employer', 'only employer keys name an employer') });
  });
export type CreateApiKey = z.infer<typeof createApiKeySchema>;

/** Keys carry 256 random bits, so one unsalted SHA-256 is enough to store them (no guessing to slow down). */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

const keyView = {
  id: true,
  name: true,
  role: true,
  keyPrefix: true,
  divisionPrefixes: true,
  employerId: true,
  createdBy: true,
  createdAt: true,
  revokedAt: true,
  lastUsedAt: true,
} as const;

export function createApiKeyService({ db, audit }: { db: Db; audit: AuditLog }) {
  return {
    /** Creates a key and returns it in clear text, the only time it is ever shown. */
    async create(by: Principal, input: CreateApiKey) {
      if (input.employerId && !(await db.employer.findUnique({ where: { id: input.employerId } }))) {
        throw new ValidationError('employer.unknown', `employerId: no employer ${input.employerId}; create it first with POST /api/v1/admin/employers`, { params: { id: input.employerId } });
      }
      if (input.divisionPrefixes.length) {
        const found = await db.division.findMany({ where: { code: { in: input.divisionPrefixes } }, select: { code: true } });
        const unknown = input.divisionPrefixes.filter((c) => !found.some((f) => f.code === c));
        if (unknown.length) throw new ValidationError('division.unknown_codes', `divisionPrefixes: no county, township or village has code ${unknown.join(', ')}`, { params: { codes: unknown.join(', ') } });
      }
      const key = `gy_${randomBytes(32).toString('base64url')}`;
      return db.$transaction(async (tx) => {
        const row = await tx.apiKey.create({
          data: {
            name: input.name,
            role: input.role,
            keyHash: hashApiKey(key),
            keyPrefix: key.slice(0, 10),
            divisionPrefixes: input.divisionPrefixes,
            employerId: input.employerId ?? null,
            createdBy: by.actor,
          },
          select: keyView,
        });
        await audit.record(by, 'api_key.create', 'api_key', row.id, null, row, tx);
        return { ...row, key };
      });
    },

    async list() {
      return db.apiKey.findMany({ select: keyView, orderBy: { id: 'asc' } });
    },

    async revoke(by: Principal, id: number) {
      const before = await db.apiKey.findUnique({ where: { id }, select: keyView });
      if (!before) throw new NotFoundError('api_key.not_found', `API key ${id} not found`, { params: { id } });
      if (before.revokedAt) return before;
      return db.$transaction(async (tx) => {
        const after = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: keyView });
        await audit.record(by, 'api_key.revoke', 'api_key', id, before, after, tx);
        return after;
      });
    },

    /** The principal a presented key stands for, or null when it is unknown or revoked. */
    async authenticate(key: string): Promise<Principal | null> {
      const row = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
      if (!row || row.revokedAt) return null;
      // Coarse last-used stamp: one write a minute at most per key, not one per request.
      if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
        await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
      }
      return { actor: `key:${row.id}`, keyId: row.id, role: row.role, divisionPrefixes: row.divisionPrefixes, employerId: row.employerId };
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
