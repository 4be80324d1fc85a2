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
