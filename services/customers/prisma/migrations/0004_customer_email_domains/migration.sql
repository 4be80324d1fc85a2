-- A customer's own email domains (issue 11 §6): mail from an unknown sender on one of them makes a new
-- contact of this customer. Lower case, exact match (no subdomains), at most 100, no repeats: the API
-- normalises and checks them; customer.created/updated carry them.
ALTER TABLE "customers" ADD COLUMN "email_domains" TEXT[] NOT NULL DEFAULT '{}';
