-- A contract's time, the last logged first, a page at a time (GET /api/time-entries?contractId=): the
-- index gives the order, so a page reads its rows and no more, however much time the contract holds.
-- It also serves every lookup by contract the old index did.
CREATE INDEX "time_entries_contract_logged_idx" ON "time_entries" ("contract_id", "created_at", "id");
DROP INDEX "time_entries_contract_idx";
