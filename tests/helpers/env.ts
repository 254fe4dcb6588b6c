/**
 * Where tests keep their data: a database of their own (never the demo database) and a
 * Redis key prefix per test file, so test runs never see each other's queues.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/guiyan_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
