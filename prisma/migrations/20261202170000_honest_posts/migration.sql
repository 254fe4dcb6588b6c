-- Honest posts (issue #17 §1, docs/honest-posts.md): an opening's terms, a station's check of a
-- workshop's employer, per-workshop review of broadcasts, and the reason a review turned one down.
-- Existing openings keep null terms: pay day is required only of new ones (API and console).
ALTER TABLE "openings"
  ADD COLUMN "start_place" TEXT,
  ADD COLUMN "pay_day" TEXT,
  ADD COLUMN "meals" TEXT,
  ADD COLUMN "lodging" TEXT,
  ADD COLUMN "transport" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "shifts" TEXT,
  ADD COLUMN "childcare" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "accident_insurance" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "workshops"
  ADD COLUMN "verified_at" TIMESTAMP(3),
  ADD COLUMN "verified_by" TEXT,
  ADD COLUMN "verified_licence" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "verified_contact" TEXT,
  ADD COLUMN "support_workshop" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "review_broadcasts" TEXT NOT NULL DEFAULT 'off';

ALTER TABLE "campaigns" ADD COLUMN "review_note" TEXT;

