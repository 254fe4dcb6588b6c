-- AlterTable
ALTER TABLE "workers" DROP COLUMN "last_alert_at";
