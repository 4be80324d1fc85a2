-- Browser sessions ended by signing out (issue 14 §3): the token in a copied cookie is refused from then
-- on. The principal's statement on every request looks the token's session up here by its key; a row is
-- kept until every token of its session has expired anyway (`expires_at`), then purged.
CREATE TABLE "revoked_sessions" (
    "session_id" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revoked_sessions_pkey" PRIMARY KEY ("session_id")
);

CREATE INDEX "revoked_sessions_expires_at_idx" ON "revoked_sessions"("expires_at");
