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
