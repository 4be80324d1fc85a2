-- The projection of the gateway's teams (team.* events) through which staff users reach customers;
-- a service that resolves team access lists these migrations in its definition (libraryMigrations).
-- A deleted team stays, marked, so that a late team.updated cannot bring it back.
CREATE TABLE team_access (
  team_id       uuid        PRIMARY KEY,
  -- 'all': its members reach every customer; 'selected': the team's customers only.
  ticket_access varchar(16) NOT NULL,
  deleted       boolean     NOT NULL DEFAULT false,
  -- The team's version in the newest event applied.
  version       integer     NOT NULL
);

CREATE TABLE team_access_customers (
  team_id     uuid NOT NULL,
  customer_id uuid NOT NULL,
  PRIMARY KEY (team_id, customer_id)
);

CREATE TABLE team_access_members (
  team_id uuid NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_access_members_user_idx ON team_access_members (user_id);
