import { Text, Type, compileParser } from '@helpdesk/validation';
import type { CustomerGroup } from '../persistence/customer-group.repository.js';

/** A new group and a renamed one have the same body. */
export const parseCustomerGroup = compileParser(Type.Object({ name: Text(200) }, { additionalProperties: false }), 'customer group');

export function customerGroupResponse(group: CustomerGroup) {
  return { id: group.id, name: group.name, createdAt: group.createdAt.toISOString(), updatedAt: group.updatedAt.toISOString() };
}
