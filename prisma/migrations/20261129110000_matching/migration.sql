-- CreateEnum
CREATE TYPE "PlaceRange" AS ENUM ('village', 'township', 'county');

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "wave" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "wave_size" INTEGER;

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "match_reasons" TEXT,
ADD COLUMN     "opening_ids" INTEGER[],
ADD COLUMN     "score" INTEGER;

-- AlterTable
ALTER TABLE "openings" ADD COLUMN     "day_labour" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "delivery_townships" TEXT[],
ADD COLUMN     "prefer_returnees" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reach_township" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "starts_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "workers" ADD COLUMN     "max_distance_km" INTEGER,
ADD COLUMN     "place_range" "PlaceRange" NOT NULL DEFAULT 'township',
ADD COLUMN     "wage_floor" INTEGER,
ADD COLUMN     "wage_floor_unit" "WageUnit";

-- CreateTable
CREATE TABLE "match_skips" (
    "id" BIGSERIAL NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "worker_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "match_skips_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "match_skips_worker_id_idx" ON "match_skips"("worker_id");

-- CreateIndex
CREATE UNIQUE INDEX "match_skips_campaign_id_worker_id_key" ON "match_skips"("campaign_id", "worker_id");

-- CreateIndex
CREATE INDEX "notifications_opening_ids_idx" ON "notifications" USING GIN ("opening_ids");

-- CreateIndex
CREATE INDEX "workers_match_idx" ON "workers"("place_range", "division_code", "status", "phone_invalid", "skills", "paused_until", "work_forms", "max_distance_km", "latitude", "longitude", "wage_floor", "wage_floor_unit", "returnee", "phone", "id");

-- CreateIndex
CREATE INDEX "workers_latitude_longitude_max_distance_km_idx" ON "workers"("latitude", "longitude", "max_distance_km");

-- AddForeignKey
ALTER TABLE "match_skips" ADD CONSTRAINT "match_skips_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "match_skips" ADD CONSTRAINT "match_skips_worker_id_fkey" FOREIGN KEY ("worker_id") REFERENCES "workers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
