import { defineEvent } from '../../envelope.js';
import { StaffUserSnapshot, exampleStaffUser } from './shared.js';

export const staffUserCreatedV1 = defineEvent({
  type: 'staff_user.created',
  version: 1,
  producer: 'gateway',
  aggregate: 'staff_user',
  description: 'A staff user was created: their whole state (address, name, role, whether active).',
  schema: StaffUserSnapshot,
  example: exampleStaffUser,
});
