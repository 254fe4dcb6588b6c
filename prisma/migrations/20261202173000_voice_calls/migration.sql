-- Voice alerts (issue 16 §1, docs/aliyun-voice.md): a call is a notification of its own channel.
-- AlterEnum
ALTER TYPE "Channel" ADD VALUE 'voice';

-- Who gets calls: the worker asked by text (打电话通知 / 语音), or a caseworker marked them as
-- needing calls; pressing 9 in a call (or texting 不要打电话) stops calls only, not SMS.
-- AlterTable
ALTER TABLE "workers" ADD COLUMN     "wants_calls" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "needs_calls" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "calls_stopped_at" TIMESTAMP(3);

-- Aliyun's call receipts (VoiceReport / VoiceCallReport HTTP batch push), stored once each
-- before they are applied: `dedupe_key` makes a repeated push a no-op.
-- CreateTable
CREATE TABLE "voice_reports" (
    "id" BIGSERIAL NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "call_id" TEXT NOT NULL,
    "out_id" TEXT,
    "phone" TEXT,
    "status_code" TEXT NOT NULL,
    "dtmf" TEXT,
    "duration" INTEGER,
    "report_time" TEXT NOT NULL,
    "notification_id" BIGINT,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "raw" JSONB NOT NULL,

    CONSTRAINT "voice_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "voice_reports_dedupe_key_key" ON "voice_reports"("dedupe_key");

-- CreateIndex
CREATE INDEX "voice_reports_call_id_idx" ON "voice_reports"("call_id");
