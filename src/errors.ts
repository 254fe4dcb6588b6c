import type { ErrorCode, ParamsField } from './domain/error-codes.js';

export type { ErrorCode } from './domain/error-codes.js';

/** What an error carries besides its code and message: the params its sentence needs, details for the API, a cause. */
type ErrorOptions<C extends ErrorCode> = { details?: unknown; cause?: unknown } & ParamsField<C>;

/**
 * The few errors services throw on purpose, each with a code of the one catalog
 * (src/domain/error-codes.ts) and an English message for API callers; the console shows the
 * code's Chinese sentence instead. The error-handler plugin maps each class to an HTTP status
 * in one table; anything else is a 500 whose details stay in the log.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  /** The values the code's sentence needs (checked against the code where the error is made). */
  readonly params: unknown;
  readonly details?: unknown;

  constructor(code: C, message: string, ...[options]: ErrorOptions<C> extends { params: unknown } ? [options: ErrorOptions<C>] : [options?: ErrorOptions<C>]) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.params = options?.params;
    this.details = options?.details;
  }
}

/** The request is well-formed but asks for something impossible (unknown skill, ambiguous place). */
export class ValidationError<C extends ErrorCode = ErrorCode> extends AppError<C> {}
export class NotFoundError<C extends ErrorCode = ErrorCode> extends AppError<C> {}
/** The resource is in a state that forbids the action (broadcasting a closed opening). */
export class ConflictError<C extends ErrorCode = ErrorCode> extends AppError<C> {}
export class UnauthorizedError<C extends ErrorCode = ErrorCode> extends AppError<C> {}
/** The key is valid but its role or scope does not allow this. */
export class ForbiddenError<C extends ErrorCode = ErrorCode> extends AppError<C> {}
/** A dependency (database, Redis) is down; the caller should retry later. */
export class UnavailableError<C extends ErrorCode = ErrorCode> extends AppError<C> {}

export const HTTP_STATUS_BY_ERROR = new Map<Function, number>([
  [ValidationError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [UnavailableError, 503],
]);

/** ioredis' ways of saying Redis is not there (offline queue off or full of retries, command timeout, closed). */
const REDIS_DOWN = /^(Command timed out|Stream isn't writeable|Connection is closed|Reached the max retries per request limit)/;

/** A zod error thrown by a handler or service, as the field-naming message the API gives. */
function zodMessage(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'value'}: ${i.message}`).join('; ');
}

/**
 * Unique indexes a request can run into when two requests race past the service's own check
 * (two caseworkers registering one phone at once): each as its code and English message.
 */
const UNIQUE_VIOLATIONS: Record<string, [code: ErrorCode, message: string]> = {
  workers_phone_key: ['worker.phone_taken', 'this phone number was registered a moment ago; open the workers list'],
  console_users_name_key: ['user.name_taken_now', 'name: this user name was taken a moment ago; choose another'],
};

type PrismaKnownError = {
  code?: string;
  meta?: { modelName?: string; target?: unknown; driverAdapterError?: { cause?: { originalCode?: string; constraint?: { index?: string; fields?: string[] } } } };
};

/**
 * A unique violation (P2002) on an index a racing request can win (the table above) is the
 * conflict it is; on any other index it is a bug of ours, and stays a 500 that is logged as one.
 */
function uniqueViolation(e: PrismaKnownError, err: unknown): ConflictError | null {
  const index = e.meta?.driverAdapterError?.cause?.constraint?.index;
  const known = index ? UNIQUE_VIOLATIONS[index] : undefined;
  return known ? new ConflictError(known[0], known[1], { cause: err }) : null;
}

/**
 * Errors that are not ours to be sorry for, as the AppError that says so: a zod schema parsed
 * inside a handler, a value PostgreSQL refuses (SQLSTATE class 22: out of range for its
 * column, text it cannot store), a unique index a racing request won and Redis being
 * unreachable. Everything else stays a 500.
 */
export function classifyError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (!err || typeof err !== 'object') return null;
  const e = err as { name?: string; message?: string; issues?: unknown } & PrismaKnownError;
  if (e.name === 'ZodError' && Array.isArray(e.issues)) {
    return new ValidationError('request.invalid', zodMessage(e.issues as { path: PropertyKey[]; message: string }[]), { details: e.issues, cause: err });
  }
  if (e.name === 'PrismaClientKnownRequestError') {
    if (e.code === 'P2002') return uniqueViolation(e, err);
    const sqlState = e.meta?.driverAdapterError?.cause?.originalCode ?? '';
    if (sqlState.startsWith('22') || e.code === 'P2000' || e.code === 'P2020') {
      return new ValidationError('request.unstorable_value', 'a value is out of range or holds text that cannot be stored (such as a NUL character)', { cause: err });
    }
  }
  // The same refusal from a statement run on the pg pool outside Prisma (src/db/prisma.ts rawQuery).
  if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code) && 'severity' in e) {
    return new ValidationError('request.unstorable_value', 'a value is out of range or holds text that cannot be stored (such as a NUL character)', { cause: err });
  }
  if (e.name === 'MaxRetriesPerRequestError' || REDIS_DOWN.test(e.message ?? '')) {
    return new UnavailableError('redis.unavailable', 'Redis is unavailable; try again shortly', { cause: err });
  }
  return null;
}
