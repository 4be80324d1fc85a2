// Key pairs of the services that sign (the gateway, and those that call another service), in the
// settings' format; libs/http (built) makes them. Used by `npm start` and `npm run keys`.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { generateServiceKeys } = createRequire(import.meta.url)(path.join(root, 'libs', 'http', 'dist', 'index.js'));

/** The services that hold a private key: the gateway signs what it vouches for, tickets and customers sign their calls. */
export const signingServices = ['gateway', 'tickets', 'customers'];

/** `gateway` -> `GATEWAY_PRIVATE_KEY`: where `npm start` and docker-compose.yml take each service's private key from. */
export const privateKeyVariable = (service) => `${service.toUpperCase().replace(/-/g, '_')}_PRIVATE_KEY`;

/** SERVICE_PUBLIC_KEYS and one <SERVICE>_PRIVATE_KEY per signing service, as environment variables. */
export function newServiceKeys(services = signingServices) {
  const { publicKeys, privateKeys } = generateServiceKeys(services);
  return { SERVICE_PUBLIC_KEYS: publicKeys, ...Object.fromEntries(services.map((service) => [privateKeyVariable(service), privateKeys[service]])) };
}
