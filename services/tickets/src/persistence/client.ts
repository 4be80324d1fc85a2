import { PrismaPg } from '@prisma/adapter-pg';
import { createPool, serviceDatabase, type ServiceDatabase } from '@helpdesk/db';
import { PrismaClient, type Prisma } from './generated/client.js';

/** A transaction of this service's database; domain code passes it along without looking inside. */
export type Tx = Prisma.TransactionClient;
export type TicketsDatabase = ServiceDatabase<Tx, PrismaClient>;

export function openDatabase(url: string): TicketsDatabase {
  const pool = createPool(url);
  return serviceDatabase<Tx, PrismaClient>(new PrismaClient({ adapter: new PrismaPg(pool) }), pool);
}
