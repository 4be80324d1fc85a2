-- AlterTable
ALTER TABLE "customers" DROP COLUMN "changed_at",
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "contacts" DROP COLUMN "changed_at",
ADD COLUMN     "details_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;
