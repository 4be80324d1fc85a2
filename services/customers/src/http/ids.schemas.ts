import { Type, compileParser } from '@helpdesk/validation';

export const Uuid = Type.String({ format: 'uuid' });

/** Ids in the path; each parser names its id in the problem. */
export const parseCustomerId = compileParser(Uuid, 'customer id');
export const parseCustomerGroupId = compileParser(Uuid, 'customer group id');
export const parseContactId = compileParser(Uuid, 'contact id');
export const parseNotificationGroupId = compileParser(Uuid, 'notification group id');
export const parseMemberId = compileParser(Uuid, 'member id');
