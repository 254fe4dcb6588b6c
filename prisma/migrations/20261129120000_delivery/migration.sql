-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "resends" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "workshops" ADD COLUMN     "wecom_robot_key" TEXT;

-- CreateIndex
CREATE INDEX "notifications_campaign_id_status_idx" ON "notifications"("campaign_id", "status");
