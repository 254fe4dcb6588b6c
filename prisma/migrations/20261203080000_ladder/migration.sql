-- The receipt-driven ladder (issue 16 §2, docs/ladder.md): per alert and worker, WeChat → SMS →
-- voice → a caseworker call task, each step taken once.

-- A worker who wants no SMS at all (WeChat or calls only): the ladder has no SMS step for them.
-- AlterTable
ALTER TABLE "workers" ADD COLUMN     "sms_off" BOOLEAN NOT NULL DEFAULT false;

-- A station's (township's or county's) ladder switches; the longest prefix of a worker's place wins.
-- CreateTable
CREATE TABLE "ladder_settings" (
    "division_code" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "voice" BOOLEAN NOT NULL DEFAULT true,
    "call_task" BOOLEAN NOT NULL DEFAULT true,
    "updated_by" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ladder_settings_pkey" PRIMARY KEY ("division_code")
);

-- One step of one alert's ladder. Step 1 is the campaign alert itself; a step is created under
-- (alert_id, step_no), so a late receipt and a re-run sweep cannot take one twice.
-- CreateTable
CREATE TABLE "ladder_steps" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" BIGINT NOT NULL,
    "step_no" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "notification_id" BIGINT,
    "worker_id" INTEGER NOT NULL,
    "opening_id" INTEGER NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "trigger" TEXT,
    "outcome" TEXT,
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMP(3),

    CONSTRAINT "ladder_steps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ladder_steps_alert_id_step_no_key" ON "ladder_steps"("alert_id", "step_no");

-- CreateIndex
CREATE UNIQUE INDEX "ladder_steps_alert_id_channel_key" ON "ladder_steps"("alert_id", "channel");

-- CreateIndex
CREATE INDEX "ladder_steps_notification_id_idx" ON "ladder_steps"("notification_id");

-- CreateIndex
CREATE INDEX "ladder_steps_opening_id_idx" ON "ladder_steps"("opening_id");

-- CreateIndex
CREATE INDEX "ladder_steps_open_idx" ON "ladder_steps"("id") WHERE outcome IS NULL;

-- CreateIndex
CREATE INDEX "ladder_steps_worker_id_created_at_idx" ON "ladder_steps"("worker_id", "created_at");
