-- Texts stored and not yet read, by when they arrived: the minute's sweep (requeueUnprocessed)
-- finds those a dead process left unread through it instead of reading the whole table. Since
-- texts are handed to the inbound worker in memory (docs/reply-storm.md, round 4), the sweep is
-- their fallback. A row leaves the index when it is read. Not in schema.prisma (partial indexes
-- are not expressible there), like notifications_biz_id_phone_idx.

-- CreateIndex
CREATE INDEX "inbound_messages_unread_idx" ON "inbound_messages"("received_at") WHERE processed_at IS NULL;
