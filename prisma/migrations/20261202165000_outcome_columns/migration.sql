-- After a hire, the steps the worker confirms by text (issue 17 §3) and the funnel reads (§4):
-- when they were hired, when and where they start, the first pay day, and each answer's time.
-- AlterTable
ALTER TABLE "applications" ADD COLUMN     "hired_at" TIMESTAMP(3),
ADD COLUMN     "start_at" TIMESTAMP(3),
ADD COLUMN     "start_place" TEXT,
ADD COLUMN     "first_pay_at" TIMESTAMP(3),
ADD COLUMN     "arrived_at" TIMESTAMP(3),
ADD COLUMN     "no_show_at" TIMESTAMP(3),
ADD COLUMN     "paid_at" TIMESTAMP(3),
ADD COLUMN     "unpaid_at" TIMESTAMP(3);

-- Households a station marks as needing help first (脱贫户 / 监测户): ranked earlier in waves
-- and on the call list (issue 17 §3).
-- AlterTable
ALTER TABLE "workers" ADD COLUMN     "priority_household" BOOLEAN NOT NULL DEFAULT false;
