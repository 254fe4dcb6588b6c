-- CreateEnum
CREATE TYPE "DivisionLevel" AS ENUM ('province', 'prefecture', 'county', 'township', 'village');

-- CreateEnum
CREATE TYPE "WorkerStatus" AS ENUM ('active', 'paused', 'opted_out');

-- CreateEnum
CREATE TYPE "WorkForm" AS ENUM ('county_workshop', 'village_plant', 'home_workshop');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('sms', 'wechat', 'console');

-- CreateEnum
CREATE TYPE "ConsentKind" AS ENUM ('opt_in', 'opt_out');

-- CreateEnum
CREATE TYPE "ConsentSource" AS ENUM ('sms', 'wechat', 'caseworker', 'api');

-- CreateEnum
CREATE TYPE "WageUnit" AS ENUM ('month', 'day', 'hour', 'piece');

-- CreateEnum
CREATE TYPE "OpeningStatus" AS ENUM ('draft', 'open', 'filled', 'closed', 'expired');

-- CreateEnum
CREATE TYPE "CampaignKind" AS ENUM ('opening_broadcast', 'reminder');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('pending', 'matching', 'sending', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "MessageKind" AS ENUM ('alert', 'reminder', 'reply', 'employer_notice', 'verification');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('applied', 'contacted', 'hired', 'declined');

-- Opening codes are short numbers a worker can type ("报名 1024"); a sequence keeps them
-- unique without a round trip to find a free one.
CREATE SEQUENCE "opening_code_seq" START WITH 1001;

-- CreateTable
CREATE TABLE "divisions" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "DivisionLevel" NOT NULL,
    "parent_code" TEXT,
    "full_name" TEXT NOT NULL,

    CONSTRAINT "divisions_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "skills" (
    "name" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "synonyms" TEXT[],

    CONSTRAINT "skills_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "workers" (
    "id" SERIAL NOT NULL,
    "phone" TEXT,
    "name" TEXT,
    "division_code" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "skills" TEXT[],
    "work_forms" "WorkForm"[],
    "status" "WorkerStatus" NOT NULL DEFAULT 'active',
    "paused_until" TIMESTAMP(3),
    "phone_invalid" BOOLEAN NOT NULL DEFAULT false,
    "returnee" BOOLEAN NOT NULL DEFAULT false,
    "preferred_channel" "Channel" NOT NULL DEFAULT 'sms',
    "wechat_open_id" TEXT,
    "last_alert_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_events" (
    "id" BIGSERIAL NOT NULL,
    "worker_id" INTEGER NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "source" "ConsentSource" NOT NULL,
    "raw_message" TEXT,
    "actor" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "employers" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "contact_phone" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "employers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workshops" (
    "id" SERIAL NOT NULL,
    "employer_id" INTEGER,
    "name" TEXT NOT NULL,
    "form" "WorkForm" NOT NULL,
    "division_code" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "contact_phone" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workshops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "openings" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL DEFAULT (nextval('opening_code_seq'::regclass))::text,
    "workshop_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "skills" TEXT[],
    "headcount" INTEGER NOT NULL,
    "wage_min" INTEGER NOT NULL,
    "wage_max" INTEGER NOT NULL,
    "wage_unit" "WageUnit" NOT NULL,
    "status" "OpeningStatus" NOT NULL DEFAULT 'open',
    "expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "openings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "id" SERIAL NOT NULL,
    "kind" "CampaignKind" NOT NULL,
    "opening_id" INTEGER,
    "status" "CampaignStatus" NOT NULL DEFAULT 'pending',
    "template_code" TEXT,
    "matched" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" BIGSERIAL NOT NULL,
    "campaign_id" INTEGER,
    "worker_id" INTEGER,
    "dedupe_key" TEXT,
    "kind" "MessageKind" NOT NULL,
    "channel" "Channel" NOT NULL,
    "phone" TEXT,
    "template_code" TEXT NOT NULL,
    "template_params" JSONB NOT NULL,
    "content" TEXT NOT NULL,
    "segments" INTEGER NOT NULL,
    "status" "NotificationStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "out_id" TEXT,
    "biz_id" TEXT,
    "error_code" TEXT,
    "error_message" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),
    "delivered_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_messages" (
    "id" BIGSERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_message_id" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "sender" TEXT NOT NULL,
    "worker_id" INTEGER,
    "content" TEXT NOT NULL,
    "dest_code" TEXT,
    "sent_at" TIMESTAMP(3),
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),
    "intent" TEXT,
    "raw" JSONB NOT NULL,

    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_reports" (
    "id" BIGSERIAL NOT NULL,
    "biz_id" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "err_code" TEXT NOT NULL,
    "err_msg" TEXT,
    "out_id" TEXT,
    "sms_size" INTEGER,
    "report_time" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "raw" JSONB NOT NULL,

    CONSTRAINT "delivery_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applications" (
    "id" SERIAL NOT NULL,
    "opening_id" INTEGER NOT NULL,
    "worker_id" INTEGER NOT NULL,
    "status" "ApplicationStatus" NOT NULL DEFAULT 'applied',
    "channel" "Channel" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" BIGSERIAL NOT NULL,
    "phone" TEXT NOT NULL,
    "sign_name" TEXT NOT NULL,
    "template_code" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "content" TEXT NOT NULL,
    "out_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "divisions_parent_code_idx" ON "divisions"("parent_code");

-- CreateIndex
CREATE INDEX "divisions_name_idx" ON "divisions"("name");

-- CreateIndex
CREATE UNIQUE INDEX "workers_phone_key" ON "workers"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "workers_wechat_open_id_key" ON "workers"("wechat_open_id");

-- CreateIndex
CREATE INDEX "workers_division_code_idx" ON "workers"("division_code");

-- CreateIndex
CREATE INDEX "workers_skills_idx" ON "workers" USING GIN ("skills");

-- CreateIndex
CREATE INDEX "consent_events_worker_id_created_at_idx" ON "consent_events"("worker_id", "created_at");

-- CreateIndex
CREATE INDEX "workshops_employer_id_idx" ON "workshops"("employer_id");

-- CreateIndex
CREATE INDEX "workshops_division_code_idx" ON "workshops"("division_code");

-- CreateIndex
CREATE UNIQUE INDEX "openings_code_key" ON "openings"("code");

-- CreateIndex
CREATE INDEX "openings_workshop_id_idx" ON "openings"("workshop_id");

-- CreateIndex
CREATE INDEX "openings_status_idx" ON "openings"("status");

-- CreateIndex
CREATE INDEX "campaigns_opening_id_idx" ON "campaigns"("opening_id");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "notifications_biz_id_phone_idx" ON "notifications"("biz_id", "phone");

-- CreateIndex
CREATE INDEX "notifications_out_id_idx" ON "notifications"("out_id");

-- CreateIndex
CREATE INDEX "notifications_worker_id_created_at_idx" ON "notifications"("worker_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_status_idx" ON "notifications"("status");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_campaign_id_worker_id_key" ON "notifications"("campaign_id", "worker_id");

-- CreateIndex
CREATE INDEX "inbound_messages_sender_received_at_idx" ON "inbound_messages"("sender", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_messages_provider_provider_message_id_key" ON "inbound_messages"("provider", "provider_message_id");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_reports_biz_id_phone_err_code_report_time_key" ON "delivery_reports"("biz_id", "phone", "err_code", "report_time");

-- CreateIndex
CREATE UNIQUE INDEX "applications_opening_id_worker_id_key" ON "applications"("opening_id", "worker_id");

-- CreateIndex
CREATE INDEX "outbox_messages_phone_created_at_idx" ON "outbox_messages"("phone", "created_at");

-- AddForeignKey
ALTER TABLE "divisions" ADD CONSTRAINT "divisions_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "divisions"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workers" ADD CONSTRAINT "workers_division_code_fkey" FOREIGN KEY ("division_code") REFERENCES "divisions"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_worker_id_fkey" FOREIGN KEY ("worker_id") REFERENCES "workers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_employer_id_fkey" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_division_code_fkey" FOREIGN KEY ("division_code") REFERENCES "divisions"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "openings" ADD CONSTRAINT "openings_workshop_id_fkey" FOREIGN KEY ("workshop_id") REFERENCES "workshops"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_opening_id_fkey" FOREIGN KEY ("opening_id") REFERENCES "openings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_worker_id_fkey" FOREIGN KEY ("worker_id") REFERENCES "workers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_worker_id_fkey" FOREIGN KEY ("worker_id") REFERENCES "workers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_opening_id_fkey" FOREIGN KEY ("opening_id") REFERENCES "openings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_worker_id_fkey" FOREIGN KEY ("worker_id") REFERENCES "workers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
