-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "area_id" UUID,
ADD COLUMN     "assignee_id" UUID,
ADD COLUMN     "contact_id" UUID,
ADD COLUMN     "contract_id" UUID,
ADD COLUMN     "created_by_kind" VARCHAR(16) NOT NULL DEFAULT 'staff',
ADD COLUMN     "customer_id" UUID,
ADD COLUMN     "email_account_id" UUID,
ADD COLUMN     "location_id" UUID,
ADD COLUMN     "team_id" UUID,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "ticket_notes" (
    "id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "visibility" VARCHAR(8) NOT NULL,
    "body" TEXT NOT NULL,
    "author_kind" VARCHAR(16) NOT NULL,
    "author_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_history" (
    "id" BIGSERIAL NOT NULL,
    "ticket_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_kind" VARCHAR(16) NOT NULL,
    "actor_id" UUID NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "field" VARCHAR(32),
    "from_value" TEXT,
    "to_value" TEXT,
    "note_id" UUID,
    "visibility" VARCHAR(8) NOT NULL,

    CONSTRAINT "ticket_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "portal_ticket_visibility" VARCHAR(16) NOT NULL DEFAULT 'own',
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "first_name" TEXT,
    "last_name" TEXT,
    "email" VARCHAR(254),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ticket_notes_ticket_id_created_at_idx" ON "ticket_notes"("ticket_id", "created_at");

-- CreateIndex
CREATE INDEX "ticket_history_ticket_id_id_idx" ON "ticket_history"("ticket_id", "id");

-- CreateIndex
CREATE INDEX "contacts_customer_id_idx" ON "contacts"("customer_id");

-- CreateIndex
CREATE INDEX "tickets_portal_contact_idx" ON "tickets"("customer_id", "contact_id", "updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tickets_portal_customer_idx" ON "tickets"("customer_id", "updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tickets_status_updated_idx" ON "tickets"("status", "updated_at", "id");

-- CreateIndex
CREATE INDEX "tickets_assignee_updated_idx" ON "tickets"("assignee_id", "updated_at", "id");

-- CreateIndex
CREATE INDEX "tickets_team_updated_idx" ON "tickets"("team_id", "updated_at", "id");

-- CreateIndex
CREATE INDEX "tickets_updated_idx" ON "tickets"("updated_at", "id");

-- CreateIndex
CREATE INDEX "tickets_created_idx" ON "tickets"("created_at", "id");

-- AddForeignKey
ALTER TABLE "ticket_notes" ADD CONSTRAINT "ticket_notes_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_history" ADD CONSTRAINT "ticket_history_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_history" ADD CONSTRAINT "ticket_history_note_id_fkey" FOREIGN KEY ("note_id") REFERENCES "ticket_notes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written below: Prisma 6 declares neither extensions before the indexes that need them nor CHECK constraints.

-- q searches subject and note bodies with ILIKE '%…%'; trigram GIN indexes answer that without a scan.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "tickets_subject_trgm_idx" ON "tickets" USING gin ("subject" gin_trgm_ops);
CREATE INDEX "ticket_notes_body_trgm_idx" ON "ticket_notes" USING gin ("body" gin_trgm_ops);

-- The domain checks these too; the database refuses what a bug would otherwise store (a note visible by mistake).
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_status_check" CHECK ("status" IN ('new', 'open', 'pending', 'resolved', 'closed'));
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_priority_check" CHECK ("priority" IN ('low', 'normal', 'high', 'urgent'));
ALTER TABLE "ticket_notes" ADD CONSTRAINT "ticket_notes_visibility_check" CHECK ("visibility" IN ('public', 'internal'));
ALTER TABLE "ticket_history" ADD CONSTRAINT "ticket_history_visibility_check" CHECK ("visibility" IN ('public', 'internal'));
ALTER TABLE "customers" ADD CONSTRAINT "customers_portal_ticket_visibility_check" CHECK ("portal_ticket_visibility" IN ('own', 'customer'));

-- Tickets opened before the timeline existed get their "created" entry, so every history starts with one.
INSERT INTO "ticket_history" ("ticket_id", "at", "actor_kind", "actor_id", "kind", "visibility")
SELECT "id", "created_at", "created_by_kind", "created_by_id", 'created', 'public' FROM "tickets" ORDER BY "number";
