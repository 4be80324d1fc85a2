-- Contracts and support hours (issue 13). Hours are the administrator's figures (two decimals); time is
-- counted in whole minutes, and a contract's running total is kept on its row, changed only under that
-- row's lock, so concurrent entries on several instances add up exactly and the limit cannot be passed
-- by two entries that each saw room for themselves.
CREATE TABLE "contracts" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "description" VARCHAR(200) NOT NULL,
    "purchase_order_number" VARCHAR(100),
    "customer_contact_id" UUID NOT NULL,
    "support_contact_id" UUID NOT NULL,
    "support_manager_id" UUID,
    "start_date" DATE,
    "end_date" DATE,
    "ended_on" DATE,
    "hour_restriction" BOOLEAN NOT NULL DEFAULT false,
    "contract_hours" NUMERIC(10,2),
    "threshold_hours" NUMERIC(10,2),
    "used_minutes" INTEGER NOT NULL DEFAULT 0,
    -- When the used time last reached the threshold; null while armed (below it, or never reached).
    "threshold_reached_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "contracts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "contracts_term_check" CHECK ("end_date" IS NULL OR "start_date" IS NULL OR "end_date" >= "start_date"),
    CONSTRAINT "contracts_hours_check" CHECK (NOT "hour_restriction" OR "contract_hours" IS NOT NULL),
    CONSTRAINT "contracts_threshold_check" CHECK ("threshold_hours" IS NULL OR "contract_hours" IS NULL OR "threshold_hours" < "contract_hours"),
    CONSTRAINT "contracts_used_check" CHECK ("used_minutes" >= 0)
);
CREATE INDEX "contracts_customer_idx" ON "contracts" ("customer_id", "created_at");

-- What happened to a contract, for its page: created, updated (fields), ended, time logged/edited/deleted
-- on its tickets, threshold reached, limit passed (with the overage).
CREATE TABLE "contract_history" (
    "id" BIGSERIAL NOT NULL,
    "contract_id" UUID NOT NULL REFERENCES "contracts" ("id"),
    "kind" VARCHAR(40) NOT NULL,
    "actor_id" UUID,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "contract_history_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "contract_history_contract_idx" ON "contract_history" ("contract_id", "id");

CREATE TABLE "time_entries" (
    "id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    -- The ticket's contract when the entry was logged (or last changed); null for a ticket without one.
    "contract_id" UUID REFERENCES "contracts" ("id"),
    "minutes" INTEGER NOT NULL,
    "worked_on" DATE NOT NULL,
    "note" VARCHAR(2000),
    "staff_user_id" UUID NOT NULL,
    "over_limit" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "time_entries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "time_entries_minutes_check" CHECK ("minutes" BETWEEN 1 AND 1440)
);
CREATE INDEX "time_entries_ticket_idx" ON "time_entries" ("ticket_id", "worked_on", "created_at");
CREATE INDEX "time_entries_contract_idx" ON "time_entries" ("contract_id");

-- Projections (from events; this service never reads another's database). The ticket's running total is
-- kept here under the ticket row's lock, like the contract's.
CREATE TABLE "tickets" (
    "id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "subject" VARCHAR(250) NOT NULL,
    "customer_id" UUID,
    "contract_id" UUID,
    "team_id" UUID,
    "status" VARCHAR(16) NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "total_minutes" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL,
    CONSTRAINT "tickets_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "tickets_contract_idx" ON "tickets" ("contract_id");

CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "contacts" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "first_name" VARCHAR(100) NOT NULL DEFAULT '',
    "last_name" VARCHAR(100) NOT NULL DEFAULT '',
    "email" VARCHAR(320) NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL,
    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "contacts_customer_idx" ON "contacts" ("customer_id");

CREATE TABLE "staff_users" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    "active" BOOLEAN NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
);
