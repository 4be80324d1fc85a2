-- CreateTable
CREATE TABLE "staff_permissions" (
    "user_id" UUID NOT NULL,
    "permission" VARCHAR(64) NOT NULL,

    CONSTRAINT "staff_permissions_pkey" PRIMARY KEY ("user_id","permission")
);

-- CreateTable
CREATE TABLE "teams" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "ticket_access" VARCHAR(16) NOT NULL DEFAULT 'selected',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_members" (
    "team_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "team_members_pkey" PRIMARY KEY ("team_id","user_id")
);

-- CreateTable
CREATE TABLE "team_customers" (
    "team_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,

    CONSTRAINT "team_customers_pkey" PRIMARY KEY ("team_id","customer_id")
);

-- CreateTable
CREATE TABLE "contact_accounts" (
    "contact_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "first_name" VARCHAR(100) NOT NULL,
    "last_name" VARCHAR(100) NOT NULL,
    "password_hash" TEXT,
    "status" VARCHAR(16) NOT NULL DEFAULT 'none',
    "token_version" INTEGER NOT NULL DEFAULT 0,
    "activated_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contact_accounts_pkey" PRIMARY KEY ("contact_id")
);

-- CreateTable
CREATE TABLE "portal_invitations" (
    "id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "voided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "portal_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_throttles" (
    "key" VARCHAR(300) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "first_failure_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_name_key" ON "teams"("name");

-- CreateIndex
CREATE INDEX "team_members_user_id_idx" ON "team_members"("user_id");

-- CreateIndex
CREATE INDEX "contact_accounts_email_idx" ON "contact_accounts"("email");

-- CreateIndex
CREATE INDEX "portal_invitations_contact_id_idx" ON "portal_invitations"("contact_id");

-- One active portal login per email address (Prisma 6 cannot declare partial indexes).
CREATE UNIQUE INDEX "contact_accounts_active_email" ON "contact_accounts"("email") WHERE "status" = 'active';
