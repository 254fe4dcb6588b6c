-- Shared phones (issue #16 §3, docs/shared-phones.md): several people under one number, a
-- worker row each, numbered 1..n on their phone. Every existing worker is person 1 on its
-- own phone (the default), so nothing changes for a phone with one person.
ALTER TABLE "workers" ADD COLUMN "phone_slot" INTEGER NOT NULL DEFAULT 1;

-- One person per (phone, number) instead of one per phone. The index keeps its old name:
-- a second registration racing the first still meets it (errors.ts: worker.phone_taken).
DROP INDEX "workers_phone_key";
CREATE UNIQUE INDEX "workers_phone_key" ON "workers"("phone", "phone_slot");

-- The phones with more than one person: tiny, and what matching reads to combine alerts.
CREATE INDEX "workers_shared_phone_idx" ON "workers"("phone") WHERE "phone_slot" > 1;

-- A combined alert goes to one phone for several people: the row belongs to the first of
-- them (worker_id), the others are listed here, so each one's history counts the alert.
ALTER TABLE "notifications" ADD COLUMN "also_for" INTEGER[] NOT NULL DEFAULT '{}';
