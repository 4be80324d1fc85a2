-- AlterTable
ALTER TABLE "contact_accounts" DROP COLUMN "details_at",
DROP COLUMN "invited_at",
DROP COLUMN "revoked_at",
ADD COLUMN     "details_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "invited_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "revoked_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "portal_invitations" ADD COLUMN     "contact_version" INTEGER NOT NULL DEFAULT 1;
