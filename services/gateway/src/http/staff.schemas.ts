import { allPermissionNames } from '@helpdesk/http';
import { Email, Text, Type, compileParser } from '@helpdesk/validation';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('agent')]);
const Permissions = Type.Array(Type.Union(allPermissionNames.map((name) => Type.Literal(name))), { uniqueItems: true, maxItems: 50 });

export const parseNewStaff = compileParser(
  Type.Object(
    { email: Email, name: Text(200), password: Type.String({ maxLength: 1024 }), role: Type.Optional(Role), permissions: Type.Optional(Permissions) },
    { additionalProperties: false },
  ),
  'staff user',
);

export const parseStaffChanges = compileParser(
  Type.Object(
    {
      name: Type.Optional(Text(200)),
      role: Type.Optional(Role),
      active: Type.Optional(Type.Boolean()),
      permissions: Type.Optional(Permissions),
      password: Type.Optional(Type.String({ maxLength: 1024 })),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  'staff user change',
);

export const parseId = compileParser(Type.String({ format: 'uuid' }), 'id');

const CustomerIds = Type.Array(Type.String({ format: 'uuid' }), { uniqueItems: true, maxItems: 10_000 });
const TicketAccess = Type.Union([Type.Literal('all'), Type.Literal('selected')]);

export const parseNewTeam = compileParser(
  Type.Object({ name: Text(200), ticketAccess: Type.Optional(TicketAccess), customerIds: Type.Optional(CustomerIds) }, { additionalProperties: false }),
  'team',
);

export const parseTeamChanges = compileParser(
  Type.Object(
    { name: Type.Optional(Text(200)), ticketAccess: Type.Optional(TicketAccess), customerIds: Type.Optional(CustomerIds) },
    { additionalProperties: false, minProperties: 1 },
  ),
  'team change',
);
