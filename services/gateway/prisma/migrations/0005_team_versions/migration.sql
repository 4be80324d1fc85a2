-- A team's version, counted up by every change of it (name, ticket access, customers, members): the
-- team.* events carry it, so the services that keep teams' access apply them in order.
ALTER TABLE "teams" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
