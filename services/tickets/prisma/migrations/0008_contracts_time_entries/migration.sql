-- Contracts and time (issue 13): which contract a ticket may be assigned to, and the time logged on it.

-- Projection of the contracts service's contracts (contract.created / updated / ended): what a ticket's
-- contract is checked against (its customer, and its term on the ticket's date).
CREATE TABLE "contracts" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "description" TEXT NOT NULL,
    "start_date" DATE,
    "end_date" DATE,
    "ended_on" DATE,
    -- The contract's version in the newest event applied: an older event changes nothing.
    "version" INTEGER NOT NULL,

    CONSTRAINT "contracts_pkey" PRIMARY KEY ("id")
);

-- Projection of the time entries logged on tickets (time_entry.logged / updated / deleted): a ticket's
-- total is their sum. A deleted entry stays as a marker at the deletion's version, so a late update
-- cannot bring it back.
CREATE TABLE "ticket_time_entries" (
    "id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "minutes" INTEGER NOT NULL,
    "worked_on" DATE NOT NULL,
    "staff_user_id" UUID NOT NULL,
    "staff_name" TEXT,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,

    CONSTRAINT "ticket_time_entries_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ticket_time_entries_ticket_id_idx" ON "ticket_time_entries"("ticket_id");

-- The sum of the ticket's live entries, kept by the transaction that changes one (under the ticket's
-- row lock), so lists show it without adding anything up.
ALTER TABLE "tickets" ADD COLUMN "time_spent_minutes" INTEGER NOT NULL DEFAULT 0;

-- A time entry's lines in the history: which entry at which of its versions (one line each, however
-- often the event is delivered), and what the line shows beside the minutes (date, note, agent's name).
ALTER TABLE "ticket_history" ADD COLUMN "time_entry_id" UUID,
                             ADD COLUMN "time_entry_version" INTEGER,
                             ADD COLUMN "details" JSONB;
CREATE UNIQUE INDEX "ticket_history_time_entry_version_key" ON "ticket_history"("time_entry_id", "time_entry_version");
