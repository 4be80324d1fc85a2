-- Projection of the gateway's teams (team.* events): through them staff users reach customers.
CREATE TABLE "team_access" (
    "team_id" UUID NOT NULL,
    "ticket_access" VARCHAR(16) NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,

    CONSTRAINT "team_access_pkey" PRIMARY KEY ("team_id")
);

CREATE TABLE "team_access_customers" (
    "team_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,

    CONSTRAINT "team_access_customers_pkey" PRIMARY KEY ("team_id","customer_id")
);

CREATE TABLE "team_access_members" (
    "team_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "team_access_members_pkey" PRIMARY KEY ("team_id","user_id")
);

CREATE INDEX "team_access_members_user_id_idx" ON "team_access_members"("user_id");

-- Projections of the customers service's locations and areas: what a ticket's ids are checked against.
CREATE TABLE "locations" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "removed" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,

    CONSTRAINT "locations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "areas" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "removed" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,

    CONSTRAINT "areas_pkey" PRIMARY KEY ("id")
);
