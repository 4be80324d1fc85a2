-- Issue 12: what the notifier keeps of other services, to address and word its emails without asking
-- anyone: contacts, customers and their groups, staff users, customer apps (is there a portal?),
-- email accounts (where a reply should go) and notification groups. Each row keeps the version of its
-- aggregate in the newest event applied: an older event delivered late changes nothing. A deleted
-- aggregate stays as a marker (deleted = true) so that a late event cannot bring it back; a deletion
-- carries no name or address, so the marker keeps the last one known ('' when it came first).

CREATE TABLE "notifier_contacts" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    -- Null only while a move or deactivation has arrived before the contact itself.
    "first_name" TEXT,
    "last_name" TEXT,
    "email" VARCHAR(320),
    "active" BOOLEAN NOT NULL DEFAULT true,
    -- The version of the newest event applied (it decides customer and active) ...
    "version" INTEGER NOT NULL,
    -- ... and of the newest contact.added / contact.updated (names and address; 0: none yet).
    "details_version" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "notifier_contacts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "notifier_contacts_customer_idx" ON "notifier_contacts"("customer_id");

CREATE TABLE "notifier_customers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "group_id" UUID,
    "version" INTEGER NOT NULL,
    CONSTRAINT "notifier_customers_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "notifier_customer_groups" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,
    CONSTRAINT "notifier_customer_groups_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "notifier_staff_users" (
    "id" UUID NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    "name" TEXT NOT NULL,
    -- admin | agent
    "role" VARCHAR(16) NOT NULL,
    "active" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "notifier_staff_users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "notifier_customer_apps" (
    "id" UUID NOT NULL,
    -- portal
    "kind" VARCHAR(16) NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,
    CONSTRAINT "notifier_customer_apps_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "notifier_email_accounts" (
    "id" UUID NOT NULL,
    "address" VARCHAR(320) NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,
    CONSTRAINT "notifier_email_accounts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "notifier_notification_groups" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    -- Event names of the customers service (notificationEvents), e.g. ticket.created.
    "notify_on" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    -- [{kind: 'contact' | 'staff', id}]
    "members" JSONB NOT NULL DEFAULT '[]',
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,
    CONSTRAINT "notifier_notification_groups_pkey" PRIMARY KEY ("id")
);
-- The fan-out reads the live groups of a ticket's customer.
CREATE INDEX "notifier_notification_groups_customer_idx" ON "notifier_notification_groups"("customer_id") WHERE NOT "deleted";
