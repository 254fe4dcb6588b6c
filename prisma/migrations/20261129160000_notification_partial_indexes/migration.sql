-- Every notification is written three times (queued, sending, sent) at up to 1,000 rows a
-- statement, and a write that changes its status adds an entry to every index whose predicate
-- the new row meets. Indexes that serve rows in some states only are now partial, so the three
-- writes make 16 index entries instead of 27: the reconciler's sweeps read the unsettled index,
-- "is this campaign done" reads the in-flight one, and digests (not campaign alerts) are found
-- by opening in the GIN index.

-- DropIndex
DROP INDEX "notifications_status_idx";

-- DropIndex
DROP INDEX "notifications_campaign_id_status_idx";

-- DropIndex
DROP INDEX "notifications_dedupe_key_key";

-- DropIndex
DROP INDEX "notifications_biz_id_phone_idx";

-- DropIndex
DROP INDEX "notifications_out_id_idx";

-- DropIndex
DROP INDEX "notifications_opening_ids_idx";

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key") WHERE dedupe_key IS NOT NULL;

-- CreateIndex
CREATE INDEX "notifications_biz_id_phone_idx" ON "notifications"("biz_id", "phone") WHERE biz_id IS NOT NULL;

-- CreateIndex
CREATE INDEX "notifications_out_id_phone_idx" ON "notifications"("out_id", "phone") WHERE out_id IS NOT NULL AND biz_id IS NULL;

-- CreateIndex
CREATE INDEX "notifications_opening_ids_idx" ON "notifications" USING GIN ("opening_ids") WHERE campaign_id IS NULL;

-- CreateIndex
CREATE INDEX "notifications_unsettled_idx" ON "notifications"("status", "updated_at") WHERE status IN ('queued', 'sending', 'sent');

-- CreateIndex
CREATE INDEX "notifications_campaign_in_flight_idx" ON "notifications"("campaign_id") WHERE status IN ('queued', 'sending');
