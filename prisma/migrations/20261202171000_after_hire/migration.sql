-- The after-hire sweep (docs/after-hire.md) reads hires of the last FOLLOW_UP_DAYS every
-- minute: a partial index keeps that a short range scan however many applications there are.
-- CreateIndex
CREATE INDEX "applications_hired_at_idx" ON "applications"("hired_at") WHERE status = 'hired';
