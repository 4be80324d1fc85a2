-- Every time write counts `version` up (it orders the contract's events), so an administrator's edit with
-- the version they had just read met a 409 on a busy contract. The edit checks a version of its own, counted
-- up only by edits and the early end; an existing contract starts at its current version, so a version a
-- client read before the upgrade still matches.
ALTER TABLE "contracts" ADD COLUMN "details_version" INTEGER NOT NULL DEFAULT 1;
UPDATE "contracts" SET "details_version" = "version";
