-- The job-id epoch's generation counter (src/queues/queue-epoch.ts, docs/redis.md): every
-- process counts it up every few seconds and tells Redis the value. It only ever goes up, so a
-- database showing a lower value than Redis has seen was restored from a backup or replaced.
CREATE TABLE "queue_generation" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "value" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "queue_generation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "queue_generation_one_row" CHECK ("id" = 1)
);

INSERT INTO "queue_generation" ("id", "value") VALUES (1, 0);
