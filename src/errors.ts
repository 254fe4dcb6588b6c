/**
 * The few errors services throw on purpose. The error-handler plugin maps each to an HTTP
 * status in one table; anything else is a 500 whose details stay in the log.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request is well-formed but asks for something impossible (unknown skill, ambiguous place). */
export class ValidationError extends AppError {}
export class NotFoundError extends AppError {}
/** The resource is in a state that forbids the action (broadcasting a closed opening). */
export class ConflictError extends AppError {}
export class UnauthorizedError extends AppError {}
/** The key is valid but its role or scope does not allow this. */
export class ForbiddenError extends AppError {}
/** A dependency (database, Redis) is down; the caller should retry later. */
export class UnavailableError extends AppError {}

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
 * Errors that are not ours to be sorry for, as the AppError that says so: a zod schema parsed
 * inside a handler, a value PostgreSQL refuses (SQLSTATE class 22: out of range for its
 * column, text it cannot store) and Redis being unreachable. Everything else stays a 500.
 */
export function classifyError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (!err || typeof err !== 'object') return null;
  const e = err as { name?: string; message?: string; issues?: unknown; code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  if (e.name === 'ZodError' && Array.isArray(e.issues)) {
    return new ValidationError(zodMessage(e.issues as { path: PropertyKey[]; message: string }[]), e.issues, { cause: err });
  }
  if (e.name === 'PrismaClientKnownRequestError') {
    const sqlState = e.meta?.driverAdapterError?.cause?.originalCode ?? '';
    if (sqlState.startsWith('22') || e.code === 'P2000' || e.code === 'P2020') {
      return new ValidationError('a value is out of range or holds text that cannot be stored (such as a NUL character)', undefined, { cause: err });
    }
  }
  if (e.name === 'MaxRetriesPerRequestError' || REDIS_DOWN.test(e.message ?? '')) {
    return new UnavailableError('Redis is unavailable; try again shortly', undefined, { cause: err });
  }
  return null;
}
