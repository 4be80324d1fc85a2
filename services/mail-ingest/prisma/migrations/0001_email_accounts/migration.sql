-- CreateTable
CREATE TABLE "email_accounts" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "address" VARCHAR(254) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "imap_host" VARCHAR(253) NOT NULL,
    "imap_port" INTEGER NOT NULL,
    "tls_mode" VARCHAR(16) NOT NULL,
    "imap_user" VARCHAR(320) NOT NULL,
    "folder" VARCHAR(500) NOT NULL DEFAULT 'INBOX',
    "auth_method" VARCHAR(16) NOT NULL,
    "oauth_token_endpoint" VARCHAR(2000),
    "oauth_client_id" VARCHAR(500),
    "oauth_scope" VARCHAR(1000),
    "secret_sealed" BYTEA NOT NULL,
    "secret_key_id" VARCHAR(64) NOT NULL,
    "default_team_id" UUID,
    "default_priority" VARCHAR(16) NOT NULL DEFAULT 'normal',
    "allocation_kind" VARCHAR(16) NOT NULL DEFAULT 'all',
    "allocation_group_id" UUID,
    "last_sync_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "backlog" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_account_customers" (
    "email_account_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,

    CONSTRAINT "email_account_customers_pkey" PRIMARY KEY ("email_account_id","customer_id")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "group_id" UUID,
    "version" INTEGER NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_groups" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,

    CONSTRAINT "customer_groups_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "email_account_customers" ADD CONSTRAINT "email_account_customers_email_account_id_fkey" FOREIGN KEY ("email_account_id") REFERENCES "email_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- By hand (Prisma 6 cannot declare expression indexes):
-- names unique whatever their case, as customers' are;
CREATE UNIQUE INDEX "email_accounts_name_key" ON "email_accounts" (lower("name"));
-- one account per mailbox folder: two accounts on the same folder would ingest every mail twice;
CREATE UNIQUE INDEX "email_accounts_mailbox_key" ON "email_accounts" (lower("imap_host"), "imap_port", lower("imap_user"), "folder");
-- the customer search of Selected Customers matches any three or more consecutive characters of a name.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin (lower("name") gin_trgm_ops);
