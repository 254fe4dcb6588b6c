import { z } from 'zod';

/** The largest value of a PostgreSQL `integer`: every table id and most counters. */
export const PG_INT_MAX = 2_147_483_647;

/** A row id as JSON sends it: a positive integer that fits the id column (a larger one is a 400, not a database error). */
export const rowId = () => z.number().int().positive().max(PG_INT_MAX, `must be at most ${PG_INT_MAX}`);

/** A row id from a path or query string ("/openings/12"). */
export const rowIdParam = () => z.coerce.number().int().positive().max(PG_INT_MAX, `must be at most ${PG_INT_MAX}`);
