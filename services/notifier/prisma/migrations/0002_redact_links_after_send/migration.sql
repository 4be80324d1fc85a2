-- AlterTable
ALTER TABLE "outgoing_emails" ADD COLUMN     "redact_after_send" BOOLEAN NOT NULL DEFAULT false;
