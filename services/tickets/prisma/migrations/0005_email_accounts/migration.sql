-- The customer's group, for email accounts allocated to a customer group. Customers projected before
-- this migration get it from the customers service's announcement of every customer (its migration
-- 0003) or their next customer.updated (see docs/architecture.md, Mail ingest: accounts).
ALTER TABLE "customers" ADD COLUMN "group_id" UUID;

-- Projection of mail-ingest's tickets-from-email accounts and their allocation to customers.
CREATE TABLE "email_accounts" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "allocation_kind" VARCHAR(16) NOT NULL,
    "allocation_group_id" UUID,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,

    CONSTRAINT "email_accounts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "email_account_customers" (
    "email_account_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,

    CONSTRAINT "email_account_customers_pkey" PRIMARY KEY ("email_account_id","customer_id")
);

CREATE INDEX "email_account_customers_customer_id_idx" ON "email_account_customers"("customer_id");
