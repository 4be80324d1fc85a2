import type { SqlExecutor } from '@helpdesk/db';
import type { KnownContact } from './contact.repository.js';
import { allocatedToCustomer } from './email-account.repository.js';

/** Ids to be set on a ticket; null or absent ones are not checked. */
export interface ReferencedIds {
  customerId: string | null;
  locationId: string | null;
  areaId: string | null;
  teamId: string | null;
  assigneeId: string | null;
  emailAccountId: string | null;
  contractId: string | null;
  /** A contact to read along (a new ticket's), whatever its customer: the caller judges it. */
  contactId?: string | null;
}

/** For each id, whether it exists here and belongs to the customer (true for an id not given). */
export type ReferenceFindings = Record<'location' | 'area' | 'team' | 'assignee' | 'emailAccount', boolean> & {
  /** Whether this service knows the customer (true without one). */
  customerKnown: boolean;
  contact: KnownContact | null;
  /** The contract to set, whatever its customer (the caller judges it), or null: none given or unknown. */
  contract: ContractTerm | null;
};

/** A contract as the check of a ticket's contract needs it; dates are YYYY-MM-DD. */
export interface ContractTerm {
  customerId: string;
  startDate: string | null;
  endDate: string | null;
  endedOn: string | null;
}

/**
 * One statement over the projections: a location or area must be a current one of the customer; a
 * team must exist and reach the customer ('all' access, or the customer selected); an assignee must
 * be a member of such a team; an email account must be offered to the customer (a ticket without
 * a customer takes only an account allocated to all customers). A ticket without a customer takes no location or area, and any team
 * and team member. It also says whether the customer is known here and reads the contact and the
 * contract, so that opening a ticket checks everything it names in one round trip.
 */
export async function findReferences(db: SqlExecutor, ids: ReferencedIds): Promise<ReferenceFindings> {
  const [row] = await db.$queryRawUnsafe<ReferenceFindings[]>(
    `WITH reaching AS (
       SELECT t.team_id FROM team_access t
       WHERE NOT t.deleted AND (t.ticket_access = 'all' OR $1::uuid IS NULL
         OR EXISTS (SELECT 1 FROM team_access_customers c WHERE c.team_id = t.team_id AND c.customer_id = $1::uuid))
     )
     SELECT
       ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM locations WHERE id = $2::uuid AND customer_id = $1::uuid AND NOT removed)) AS location,
       ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM areas WHERE id = $3::uuid AND customer_id = $1::uuid AND NOT removed)) AS area,
       ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM reaching WHERE team_id = $4::uuid)) AS team,
       ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM team_access_members m JOIN reaching r ON r.team_id = m.team_id WHERE m.user_id = $5::uuid)) AS assignee,
       ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM email_accounts a WHERE a.id = $7::uuid AND ${allocatedToCustomer('a', '$1::uuid')})) AS "emailAccount",
       ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM customers WHERE id = $1::uuid)) AS "customerKnown",
       (SELECT json_build_object('id', c.id, 'customerId', c.customer_id, 'active', c.active, 'email', c.email) FROM contacts c WHERE c.id = $6::uuid) AS contact,
       (SELECT json_build_object('customerId', k.customer_id, 'startDate', k.start_date, 'endDate', k.end_date, 'endedOn', k.ended_on)
          FROM contracts k WHERE k.id = $8::uuid) AS contract`,
    ids.customerId,
    ids.locationId,
    ids.areaId,
    ids.teamId,
    ids.assigneeId,
    ids.contactId ?? null,
    ids.emailAccountId,
    ids.contractId,
  );
  return row!;
}
