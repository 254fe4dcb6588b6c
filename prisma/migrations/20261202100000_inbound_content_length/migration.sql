-- AlterTable
ALTER TABLE "inbound_messages" ADD COLUMN     "content_length" INTEGER;
