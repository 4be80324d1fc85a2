-- A contact's move and deactivation carry no names: like the tickets service and the notifier, keep the
-- version of the newest contact.added / contact.updated (names and address) apart from the contact's
-- `version` (its customer, whether active), so either applies in any order (0: none yet).
ALTER TABLE "contacts" ADD COLUMN "details_version" INTEGER NOT NULL DEFAULT 0;
