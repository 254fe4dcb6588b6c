-- CreateTable
CREATE TABLE "division_coordinates" (
    "division_code" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "source" TEXT,
    "loaded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "division_coordinates_pkey" PRIMARY KEY ("division_code")
);

-- AddForeignKey
ALTER TABLE "division_coordinates" ADD CONSTRAINT "division_coordinates_division_code_fkey" FOREIGN KEY ("division_code") REFERENCES "divisions"("code") ON DELETE CASCADE ON UPDATE CASCADE;
