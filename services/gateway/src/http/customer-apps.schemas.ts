import { Text, Type, compileParser } from '@helpdesk/validation';

/** How the portal looks: free-form JSON for its front end, kept as it is sent (the route's body limit bounds it). */
const Appearance = Type.Object({}, { additionalProperties: true, maxProperties: 100 });

export const parseNewCustomerApp = compileParser(
  Type.Object(
    { kind: Type.Literal('portal'), name: Text(100), enabled: Type.Optional(Type.Boolean()), appearance: Type.Optional(Appearance) },
    { additionalProperties: false },
  ),
  'customer app',
);

export const parseCustomerAppChanges = compileParser(
  Type.Object(
    {
      name: Type.Optional(Text(100)),
      enabled: Type.Optional(Type.Boolean()),
      appearance: Type.Optional(Appearance),
      version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    },
    { additionalProperties: false },
  ),
  'customer app change',
);
