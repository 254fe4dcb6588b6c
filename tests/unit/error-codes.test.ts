import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appFieldErrors, errorText } from '../../src/console/form.js';
import { ERROR_TEXT, errorSentence, type ErrorCode } from '../../src/domain/error-codes.js';
import { classifyError, ConflictError, ForbiddenError, NotFoundError, UnavailableError, ValidationError } from '../../src/errors.js';

/** Any params a sentence asks for, each read as "值". */
const anyParams = new Proxy({}, { get: (_t, k) => (typeof k === 'string' ? '值' : undefined) });

describe('error codes', () => {
  it('gives every code a Chinese sentence, params filled in', () => {
    const codes = Object.keys(ERROR_TEXT) as ErrorCode[];
    expect(codes.length).toBeGreaterThan(100);
    const bad = codes.filter((c) => {
      const s = errorSentence(c, anyParams);
      return !/\p{Script=Han}/u.test(s) || /undefined|\[object/.test(s);
    });
    expect(bad).toEqual([]);
    for (const c of codes) expect(c).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
  });

  it('only takes known codes, and the params each needs (checked by tsc)', () => {
    // @ts-expect-error: not a code of the catalog
    expect(() => new ConflictError('opening.gone', 'x')).not.toThrow();
    // @ts-expect-error: opening.not_open needs its status
    expect(new ConflictError('opening.not_open', 'x').params).toBeUndefined();
    // @ts-expect-error: opening.expired has no params
    expect(new ConflictError('opening.expired', 'x', { params: { id: 1 } }).code).toBe('opening.expired');
  });

  it('shows the console the sentence of the code, never the English message', () => {
    expect(errorText(new ConflictError('opening.bad_transition', 'opening 7 is filled; it cannot become open', { params: { from: 'filled', to: 'open' } }))).toBe(
      '这条招工现在是“已招满”，不能改成“招工中”',
    );
    expect(errorText(new ConflictError('reminder.ended_create_new', 'reminder 3 is cancelled; create a new one', { params: { status: 'cancelled' } }))).toBe('这个提醒已取消，请新建一个');
    expect(errorText(new NotFoundError('worker.not_found', 'worker 42 not found', { params: { id: 42 } }))).toBe('找不到工人 42');
    expect(errorText(new ForbiddenError('workers.outside_divisions', 'workerIds: 1, 2 not found in your divisions', { params: { ids: '1, 2' } }))).toBe('这些工人不在您的辖区内：1, 2');
    // What a user typed is shown as typed ($& and the like are not replacement patterns here).
    expect(errorText(new ValidationError('skill.unknown', 'skills: unknown skill "$&x"', { params: { skills: '"$&x"' } }))).toBe('不认识的技能 "$&x"');
    // The field comes from the message's "field: " prefix, as the API gives it.
    expect(appFieldErrors(new ValidationError('division.not_township', 'deliveryTownships: "新街" is not a township', { params: { name: '新街' } }))).toEqual({
      deliveryTownships: '“新街”不是乡镇',
    });
  });

  it('classifies errors that are not ours: a zod schema, unique indexes, Redis', () => {
    const zod = z.object({ n: z.number() }).safeParse({ n: 'x' }).error!;
    expect(classifyError(zod)).toMatchObject({ code: 'request.invalid', message: expect.stringMatching(/^n: /), details: zod.issues });
    const unique = (index: string) => Object.assign(new Error('Unique constraint failed'), {
      name: 'PrismaClientKnownRequestError',
      code: 'P2002',
      meta: { modelName: 'Worker', driverAdapterError: { cause: { originalCode: '23505', kind: 'UniqueConstraintViolation', constraint: { index } } } },
    });
    const phone = classifyError(unique('workers_phone_key'));
    expect(phone).toBeInstanceOf(ConflictError);
    expect(phone).toMatchObject({ code: 'worker.phone_taken' });
    // Any other unique index: not a race a user can lose, a bug of ours: a 500, logged as one.
    expect(classifyError(unique('workers_wechat_open_id_key'))).toBeNull();
    const redis = classifyError(new Error('Connection is closed.'));
    expect(redis).toBeInstanceOf(UnavailableError);
    expect(redis).toMatchObject({ code: 'redis.unavailable' });
    expect(classifyError(new Error('something else'))).toBeNull();
  });
});
