import bcrypt from 'bcryptjs';
import { z } from 'zod';
import type { Db } from '../../db/prisma.js';
import type { Principal } from '../../domain/access.js';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../../errors.js';
import type { AuditLog } from './audit-log.js';
import { createApiKeySchema } from './api-key-service.js';

// bcrypt reads at most 72 bytes; a longer password would silently match on its prefix only.
export const passwordSchema = z
  .string()
  .min(8, '密码至少 8 个字符')
  .refine((s) => Buffer.byteLength(s) <= 72, '密码最长 72 字节（约 24 个汉字）');

/** Console users: the API key's role and scope rules, plus a sign-in name and a password. */
export const createUserSchema = createApiKeySchema.safeExtend({
  name: z.string().trim().regex(/^[\p{L}\p{N}_.-]{2,40}$/u, '用户名 2–40 个字，只用字母、数字、汉字和 _ . -'),
  password: passwordSchema,
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const changePasswordSchema = z
  .object({ current: z.string().min(1, '请输入当前密码'), next: passwordSchema, confirm: z.string() })
  .refine((v) => v.next === v.confirm, { path: ['confirm'], message: '两次输入的新密码不一致' });

// Compared against when the name is unknown, so a wrong name takes as long as a wrong password:
// made with the same cost as the real hashes (CONSOLE_PASSWORD_COST), once per cost.
const dummyHashes = new Map<number, string>();
const dummyHash = (cost: number) => {
  let h = dummyHashes.get(cost);
  if (!h) dummyHashes.set(cost, (h = bcrypt.hashSync('not-a-real-password', cost)));
  return h;
};

const userView = {
  id: true,
  name: true,
  role: true,
  divisionPrefixes: true,
  employerId: true,
  createdBy: true,
  createdAt: true,
  passwordChangedAt: true,
  lastSignInAt: true,
  disabledAt: true,
} as const;

export const principalOfUser = (u: { id: number; role: Principal['role']; divisionPrefixes: string[]; employerId: number | null }): Principal => ({
  actor: `user:${u.id}`,
  keyId: null,
  role: u.role,
  divisionPrefixes: u.divisionPrefixes,
  employerId: u.employerId,
});

/**
 * People who sign in to the web console. They act through the same services, with the same scope
 * checks, as API keys. `passwordCost` is bcrypt's (CONSOLE_PASSWORD_COST: 10 is about 50–100 ms
 * in pure JS on one core, slow for guessing, fine for a sign-in; tests use 4).
 */
export function createConsoleUserService({ db, audit, passwordCost }: { db: Db; audit: AuditLog; passwordCost: number }) {
  const DUMMY_HASH = dummyHash(passwordCost);
  /**
   * Checks a sign-in: the user (with when the password last changed, which ends older
   * sessions), or why not: no such name, a wrong password, or a disabled user.
   */
  async function verify(name: string, password: string) {
    const u = await db.consoleUser.findUnique({ where: { name: name.trim() } });
    // bcrypt reads 72 bytes; a longer input only costs time to convert.
    const ok = await bcrypt.compare(password.slice(0, 256), u?.passwordHash ?? DUMMY_HASH);
    if (!u) return { ok: false as const, userId: null, reason: 'unknown_name' as const };
    if (!ok) return { ok: false as const, userId: u.id, reason: 'wrong_password' as const };
    if (u.disabledAt) return { ok: false as const, userId: u.id, reason: 'disabled' as const };
    await db.consoleUser.update({ where: { id: u.id }, data: { lastSignInAt: new Date() } });
    return { ok: true as const, user: { id: u.id, name: u.name, role: u.role, principal: principalOfUser(u), passwordChangedAt: u.passwordChangedAt } };
  }

  return {
    async create(by: Principal, input: CreateUser) {
      if (await db.consoleUser.findUnique({ where: { name: input.name } })) throw new ConflictError('user.name_taken', `name: user name ${input.name} is taken`, { params: { name: input.name } });
      if (input.employerId && !(await db.employer.findUnique({ where: { id: input.employerId } }))) {
        throw new ValidationError('employer.unknown', `employerId: no employer ${input.employerId}`, { params: { id: input.employerId } });
      }
      if (input.divisionPrefixes.length) {
        const found = await db.division.findMany({ where: { code: { in: input.divisionPrefixes } }, select: { code: true } });
        const unknown = input.divisionPrefixes.filter((c) => !found.some((f) => f.code === c));
        if (unknown.length) throw new ValidationError('division.unknown_codes', `divisionPrefixes: no county, township or village has code ${unknown.join(', ')}`, { params: { codes: unknown.join(', ') } });
      }
      const passwordHash = await bcrypt.hash(input.password, passwordCost);
      return db.$transaction(async (tx) => {
        const row = await tx.consoleUser.create({
          data: { name: input.name, passwordHash, role: input.role, divisionPrefixes: input.divisionPrefixes, employerId: input.employerId ?? null, createdBy: by.actor },
          select: userView,
        });
        await audit.record(by, 'console_user.create', 'console_user', row.id, null, row, tx);
        return row;
      });
    },

    async list() {
      return db.consoleUser.findMany({ select: userView, orderBy: { id: 'asc' } });
    },

    verify,

    /** The signed-in user as stored now: a disabled user or a changed role takes effect on the next request. */
    async sessionUser(id: number) {
      const u = await db.consoleUser.findUnique({ where: { id }, select: userView });
      if (!u || u.disabledAt) return null;
      return { ...u, principal: principalOfUser(u) };
    },

    async changePassword(by: Principal, id: number, input: z.infer<typeof changePasswordSchema>) {
      const u = await db.consoleUser.findUnique({ where: { id } });
      if (!u) throw new NotFoundError('user.not_found', `user ${id} not found`, { params: { id } });
      if (!(await bcrypt.compare(input.current, u.passwordHash))) throw new UnauthorizedError('user.wrong_password', 'current: the current password is wrong');
      const passwordHash = await bcrypt.hash(input.next, passwordCost);
      const passwordChangedAt = new Date();
      await db.$transaction(async (tx) => {
        await tx.consoleUser.update({ where: { id }, data: { passwordHash, passwordChangedAt } });
        await audit.record(by, 'console_user.password', 'console_user', id, null, null, tx);
      });
      // Sessions remember this moment; one from before it is signed out (src/routes/console/index.ts).
      return { passwordChangedAt };
    },

    /**
     * An admin sets a new password for a user who forgot theirs: every session of that user
     * ends (sessions remember the time of the password they began with). Audited, without the
     * password. Admins change their own in 改密码, which asks for the current one.
     */
    async resetPassword(by: Principal, id: number, password: string) {
      const u = await db.consoleUser.findUnique({ where: { id }, select: userView });
      if (!u) throw new NotFoundError('user.not_found', `user ${id} not found`, { params: { id } });
      if (by.actor === `user:${id}`) throw new ConflictError('user.cannot_reset_self', 'change your own password with your current one');
      const passwordHash = await bcrypt.hash(passwordSchema.parse(password), passwordCost);
      const passwordChangedAt = new Date();
      await db.$transaction(async (tx) => {
        await tx.consoleUser.update({ where: { id }, data: { passwordHash, passwordChangedAt } });
        await audit.record(by, 'console_user.password_reset', 'console_user', id, null, { passwordChangedAt }, tx);
      });
      return { passwordChangedAt };
    },

    /**
     * A user's role and scope (station area or employer), checked by the same rules as a new
     * user's (createApiKeySchema, parsed by the caller); takes effect on their next request (sessionUser reads the row each time). An admin
     * cannot change their own, so the last admin cannot lock everyone out by a slip.
     */
    async updateScope(by: Principal, id: number, input: Pick<z.infer<typeof createApiKeySchema>, 'role' | 'divisionPrefixes' | 'employerId'>) {
      const before = await db.consoleUser.findUnique({ where: { id }, select: userView });
      if (!before) throw new NotFoundError('user.not_found', `user ${id} not found`, { params: { id } });
      if (by.actor === `user:${id}`) throw new ConflictError('user.cannot_change_own_scope', 'another admin must change your role or scope');
      if (input.employerId && !(await db.employer.findUnique({ where: { id: input.employerId } }))) {
        throw new ValidationError('employer.unknown', `employerId: no employer ${input.employerId}`, { params: { id: input.employerId } });
      }
      if (input.divisionPrefixes.length) {
        const found = await db.division.findMany({ where: { code: { in: input.divisionPrefixes } }, select: { code: true } });
        const unknown = input.divisionPrefixes.filter((c) => !found.some((f) => f.code === c));
        if (unknown.length) throw new ValidationError('division.unknown_codes', `divisionPrefixes: no county, township or village has code ${unknown.join(', ')}`, { params: { codes: unknown.join(', ') } });
      }
      return db.$transaction(async (tx) => {
        const after = await tx.consoleUser.update({
          where: { id },
          data: { role: input.role, divisionPrefixes: input.divisionPrefixes, employerId: input.employerId ?? null },
          select: userView,
        });
        await audit.record(by, 'console_user.scope', 'console_user', id, before, after, tx);
        return after;
      });
    },

    async setDisabled(by: Principal, id: number, disabled: boolean) {
      const before = await db.consoleUser.findUnique({ where: { id }, select: userView });
      if (!before) throw new NotFoundError('user.not_found', `user ${id} not found`, { params: { id } });
      if (by.actor === `user:${id}` && disabled) throw new ConflictError('user.cannot_disable_self', 'you cannot disable your own account');
      return db.$transaction(async (tx) => {
        const after = await tx.consoleUser.update({ where: { id }, data: { disabledAt: disabled ? new Date() : null }, select: userView });
        await audit.record(by, disabled ? 'console_user.disable' : 'console_user.enable', 'console_user', id, before, after, tx);
        return after;
      });
    },
  };
}

export type ConsoleUserService = ReturnType<typeof createConsoleUserService>;
