-- Sign-in throttling by a growing delay per (account, network) pair, per network and, for networks the
-- account never signed in from, per account, instead of a lock per account (issue 10). The old rows are only recent failures: starting over loses
-- nothing that matters.
-- DropTable
DROP TABLE "login_throttles";

-- CreateTable
CREATE TABLE "sign_in_throttles" (
    "key" VARCHAR(400) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "last_failure_at" TIMESTAMPTZ(3) NOT NULL,
    "signed_in_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sign_in_throttles_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "sign_in_throttles_expires_at_idx" ON "sign_in_throttles"("expires_at");
