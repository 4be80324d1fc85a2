-- A reset link is bound to the account's token version when it was issued: anything that ends the
-- account's tokens (a deactivation, a revocation, an accepted invitation, a new password) also ends
-- the links sent before, even if the account can sign in again later. Open links get the version
-- their account has now, so an upgrade keeps them working.
ALTER TABLE "password_resets" ADD COLUMN "token_version" INTEGER NOT NULL DEFAULT 0;
UPDATE "password_resets" r SET "token_version" = s."token_version" FROM "staff_users" s WHERE r."account_kind" = 'staff' AND s."id" = r."account_id";
UPDATE "password_resets" r SET "token_version" = c."token_version" FROM "contact_accounts" c WHERE r."account_kind" = 'contact' AND c."contact_id" = r."account_id";
ALTER TABLE "password_resets" ALTER COLUMN "token_version" DROP DEFAULT;
