-- Village bulletins (issue 16 §4, docs/bulletins.md): one text per township or village and
-- loudspeaker slot, editable by its station, optionally posted to a county broadcasting platform.
-- CreateEnum
CREATE TYPE "BulletinHookStatus" AS ENUM ('none', 'pending', 'retry', 'sending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "bulletins" (
    "id" SERIAL NOT NULL,
    "day" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "slot_at" TIMESTAMP(3) NOT NULL,
    "division_code" TEXT NOT NULL,
    "division_name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "generated_text" TEXT NOT NULL,
    "jobs" JSONB NOT NULL,
    "job_count" INTEGER NOT NULL,
    "edited_at" TIMESTAMP(3),
    "edited_by" TEXT,
    "generated_at" TIMESTAMP(3) NOT NULL,
    "hook_status" "BulletinHookStatus" NOT NULL DEFAULT 'none',
    "hook_attempts" INTEGER NOT NULL DEFAULT 0,
    "hook_next_at" TIMESTAMP(3),
    "hook_last_error" TEXT,
    "hook_sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulletins_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "bulletins_day_slot_division_code_key" ON "bulletins"("day", "slot", "division_code");

-- CreateIndex
CREATE INDEX "bulletins_division_code_day_idx" ON "bulletins"("division_code", "day");

-- CreateIndex
CREATE INDEX "bulletins_hook_status_hook_next_at_idx" ON "bulletins"("hook_status", "hook_next_at");
