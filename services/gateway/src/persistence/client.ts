import { PrismaPg } from '@prisma/adapter-pg';
import { createPool, serviceDatabase, type ServiceDatabase } from '@helpdesk/db';
import { PrismaClient, type Prisma } from './generated/client.js';

export type Tx = Prisma.TransactionClient;
export type GatewayDatabase = ServiceDatabase<Tx, PrismaClient>;
/** The service's pg pool: what runs on every request sends its SQL here, past Prisma's query compiler. */
export type Pool = GatewayDatabase['pool'];

export function openDatabase(url: string): GatewayDatabase {
  const pool = createPool(url);
  return serviceDatabase<Tx, PrismaClient>(new PrismaClient({ adapter: new PrismaPg(pool) }), pool);
}
