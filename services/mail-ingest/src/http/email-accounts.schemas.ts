import { EmailAccountAllocation } from '@helpdesk/contracts-schema';
import { Text, Type, compileParser } from '@helpdesk/validation';
import { ticketPriorities, tlsModes } from '../domain/email-account.js';
import type { EmailAccountRow } from '../persistence/email-account.repository.js';

function oneOf<const T extends string>(values: readonly T[]) {
  return Type.Union(values.map((v) => Type.Literal(v)));
}

const Uuid = Type.String({ format: 'uuid' });
const Host = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]-]+$' });
const Secret = Type.String({ minLength: 1, maxLength: 4096 });
const OAuth2 = Type.Object(
  {
    tokenEndpoint: Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$' }),
    clientId: Text(500),
    clientSecret: Type.Optional(Secret),
    refreshToken: Type.Optional(Secret),
    scope: Type.Optional(Type.Union([Text(1000), Type.Null()])),
  },
  { additionalProperties: false },
);

const fields = {
  name: Text(200),
  address: Type.String({ format: 'email', maxLength: 254 }),
  enabled: Type.Boolean(),
  host: Host,
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  tlsMode: oneOf(tlsModes),
  user: Text(320),
  folder: Text(500),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  oauth2: OAuth2,
  defaultTeamId: Type.Union([Uuid, Type.Null()]),
  defaultPriority: oneOf(ticketPriorities),
};

const { name, address, host, port, tlsMode, user } = fields;
const optionalFields = Type.Partial(Type.Object(fields));

export const parseNewEmailAccount = compileParser(
  Type.Composite([Type.Object({ name, address, host, port, tlsMode, user }), Type.Omit(optionalFields, ['name', 'address', 'host', 'port', 'tlsMode', 'user'])], { additionalProperties: false }),
  'tickets-from-email account',
);

export const parseEmailAccountChange = compileParser(Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 }), 'change of the account');

export const parseAllocation = compileParser(EmailAccountAllocation, 'allocation');

export const parseEmailAccountId = compileParser(Uuid, 'email account id');

export const parseCustomerSearch = compileParser(
  Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false }),
  'customer search',
  { coerce: true },
);

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** An account as the API shows it: never its secrets, only whether they are set. */
export function emailAccountResponse(account: EmailAccountRow) {
  return {
    id: account.id,
    name: account.name,
    address: account.address,
    enabled: account.enabled,
    host: account.imapHost,
    port: account.imapPort,
    tlsMode: account.tlsMode,
    user: account.imapUser,
    folder: account.folder,
    authMethod: account.authMethod,
    oauth2: account.authMethod === 'oauth2' ? { tokenEndpoint: account.oauthTokenEndpoint, clientId: account.oauthClientId, scope: account.oauthScope } : null,
    defaultTeamId: account.defaultTeamId,
    defaultPriority: account.defaultPriority,
    allocation: account.allocation,
    /** Filled by the fetcher. */
    state: { lastSyncAt: iso(account.lastSyncAt), lastError: account.lastError, lastErrorAt: iso(account.lastErrorAt), backlog: account.backlog },
    version: account.version,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}
