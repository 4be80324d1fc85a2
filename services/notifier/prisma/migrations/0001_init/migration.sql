

-- CreateTable
CREATE TABLE "outgoing_emails" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(64) NOT NULL,
    "to_address" VARCHAR(254) NOT NULL,
    "subject" VARCHAR(300) NOT NULL,
    "text_body" TEXT NOT NULL,
    "caused_by_event" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "message_id" VARCHAR(300),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,

    CONSTRAINT "outgoing_emails_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outgoing_emails_caused_by_event_kind_to_address_key" ON "outgoing_emails"("caused_by_event", "kind", "to_address");


-- The sender scans only what is still to send (a partial index; Prisma 6 cannot declare these).
CREATE INDEX "outgoing_emails_unsent" ON "outgoing_emails"("next_attempt_at") WHERE "sent_at" IS NULL;
