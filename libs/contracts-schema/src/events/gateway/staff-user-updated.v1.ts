import { defineEvent } from '../../envelope.js';
import { StaffUserSnapshot, exampleStaffUser } from './shared.js';

export const staffUserUpdatedV1 = defineEvent({
  type: 'staff_user.updated',
  version: 1,
  producer: 'gateway',
  aggregate: 'staff_user',
  description: 'A staff user was updated: their whole state (address, name, role, whether active).',
  schema: StaffUserSnapshot,
  example: exampleStaffUser,
});
