import type { EventData, Envelope, staffUserCreatedV1 } from '@helpdesk/contracts-schema';
import type { Tx } from '../../persistence/client.js';
import { saveStaffUser } from '../../persistence/projections.repository.js';

/** staff_user.created / staff_user.updated (whole state): addresses of assignees, group members, the account owner. */
export function onStaffUserSnapshot(event: Envelope<EventData<typeof staffUserCreatedV1>>, tx: Tx): Promise<void> {
  const { userId, email, name, role, active, createdAt } = event.data;
  return saveStaffUser(tx, { id: userId, email, name, role, active, createdAt }, event.aggregate.version);
}
