-- Applications past the per-phone limits are flagged for the employer (issue 11).
-- AlterTable
ALTER TABLE "applications" ADD COLUMN     "flag" TEXT,
ADD COLUMN     "flagged_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "applications_worker_id_created_at_idx" ON "applications"("worker_id", "created_at");
