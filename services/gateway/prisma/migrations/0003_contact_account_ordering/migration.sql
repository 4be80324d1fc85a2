-- AlterTable
ALTER TABLE "contact_accounts" ADD COLUMN     "details_at" TIMESTAMPTZ(3),
ADD COLUMN     "invited_at" TIMESTAMPTZ(3),
ADD COLUMN     "revoked_at" TIMESTAMPTZ(3);
