-- 举报 and 欠薪 (issue 17 §2): a worker's report opens a case for a station; an employer with
-- several open cases has its new broadcasts held for a station's review (docs/cases.md).
-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "CaseOutcome" AS ENUM ('resolved', 'referred', 'unverified', 'withdrawn');

-- AlterEnum
ALTER TYPE "CampaignStatus" ADD VALUE 'held';

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "held_reason" TEXT,
ADD COLUMN     "held_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "cases" (
    "id" SERIAL NOT NULL,
    "worker_id" INTEGER NOT NULL,
    "opening_id" INTEGER,
    "workshop_id" INTEGER,
    "employer_id" INTEGER,
    "code_given" TEXT,
    "words" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "division_code" TEXT,
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "outcome" "CaseOutcome",
    "reports" INTEGER NOT NULL DEFAULT 1,
    "due_at" TIMESTAMP(3) NOT NULL,
    "inbound_id" BIGINT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMP(3),
    "closed_by" TEXT,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_notes" (
    "id" BIGSERIAL NOT NULL,
    "case_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "inbound_id" BIGINT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cases_inbound_id_key" ON "cases"("inbound_id");

-- CreateIndex
CREATE INDEX "cases_division_code_status_due_at_idx" ON "cases"("division_code", "status", "due_at");

-- CreateIndex
CREATE INDEX "cases_worker_id_created_at_idx" ON "cases"("worker_id", "created_at");

-- CreateIndex
CREATE INDEX "cases_employer_id_status_idx" ON "cases"("employer_id", "status");

-- CreateIndex
CREATE INDEX "cases_workshop_id_status_idx" ON "cases"("workshop_id", "status");

-- CreateIndex
CREATE INDEX "case_notes_case_id_created_at_idx" ON "case_notes"("case_id", "created_at");

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_worker_id_fkey" FOREIGN KEY ("worker_id") REFERENCES "workers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_opening_id_fkey" FOREIGN KEY ("opening_id") REFERENCES "openings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_workshop_id_fkey" FOREIGN KEY ("workshop_id") REFERENCES "workshops"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_employer_id_fkey" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
