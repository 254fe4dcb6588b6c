-- Issue 17 §4: the funnel and data minimisation (docs/outcomes.md).

-- A worker who erased their data (by text 注销 then 1, or through a caseworker): the row stays
-- as an anonymous tombstone so the consent record (consent_events) keeps its worker.
-- AlterTable
ALTER TABLE "workers" ADD COLUMN     "erased_at" TIMESTAMP(3);

-- The funnel's per-alert facts of erased workers, without the worker: which alert, where and in
-- which groups, and when each step happened. Counts read these beside the live tables, so
-- erasing a worker does not change them.
-- CreateTable
CREATE TABLE "outcome_facts" (
    "id" BIGSERIAL NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "opening_id" INTEGER NOT NULL,
    "workshop_id" INTEGER NOT NULL,
    "division_code" TEXT,
    "returnee" BOOLEAN NOT NULL DEFAULT false,
    "home_work" BOOLEAN NOT NULL DEFAULT false,
    "priority_household" BOOLEAN NOT NULL DEFAULT false,
    "alerted_at" TIMESTAMP(3) NOT NULL,
    "delivered_at" TIMESTAMP(3),
    "replied_at" TIMESTAMP(3),
    "applied_at" TIMESTAMP(3),
    "hired_at" TIMESTAMP(3),
    "arrived_at" TIMESTAMP(3),
    "paid_at" TIMESTAMP(3),
    "recorded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outcome_facts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outcome_facts_alerted_at_idx" ON "outcome_facts"("alerted_at");

-- "Replied": the first text from the worker after an alert, found per alert by worker and time.
-- CreateIndex
CREATE INDEX "inbound_messages_worker_id_received_at_idx" ON "inbound_messages"("worker_id", "received_at");
