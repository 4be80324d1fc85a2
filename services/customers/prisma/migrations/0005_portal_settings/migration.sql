-- What this service knows of the portal (issue 12 §1.3): the customer apps the gateway announces
-- (customer_app.*) and the system-email switches the notifier announces (system_email.updated), each
-- row at the aggregate version it last applied, so that an older event changes nothing. A contact
-- created by a person is invited while the portal is available (some enabled, non-deleted portal app)
-- and the portal invitation email is on; Enable Login is refused while the portal is not available.
-- No row yet means "as in a new installation": the portal app is enabled and both emails are on.
CREATE TABLE "projected_customer_apps" (
  "id"      UUID        NOT NULL PRIMARY KEY,
  "kind"    VARCHAR(16) NOT NULL,
  "enabled" BOOLEAN     NOT NULL,
  "deleted" BOOLEAN     NOT NULL DEFAULT false,
  "version" INTEGER     NOT NULL
);

CREATE TABLE "projected_system_emails" (
  "key"     VARCHAR(32) NOT NULL PRIMARY KEY,
  "enabled" BOOLEAN     NOT NULL,
  "version" INTEGER     NOT NULL
);
