#!/usr/bin/env node
// `npm run keys [service ...]`: prints a fresh set of service keys as lines for an .env file (for
// docker compose): SERVICE_PUBLIC_KEYS, the same for every service, and each signing service's
// private key, which only that service may get. Without arguments: the services that sign today.
import { newServiceKeys, signingServices } from './service-keys.mjs';

const services = process.argv.slice(2);
const keys = newServiceKeys(services.length > 0 ? services : signingServices);
for (const [name, value] of Object.entries(keys)) process.stdout.write(`${name}=${value}\n`);
