import { PrismaPg } from '@prisma/adapter-pg';
import { createPool, serviceDatabase, type ServiceDatabase } from '@helpdesk/db';
import { PrismaClient, type Prisma } from './generated/client.js';

/** A transaction of this service's database; domain code passes it along without looking inside. */
export type Tx = Prisma.TransactionClient;
export type TicketsDatabase = ServiceDatabase<Tx, PrismaClient>;
/** The service's pg pool: hot paths send their SQL here, past Prisma's query compiler (docs/architecture.md, Decisions). */
export type Pool = TicketsDatabase['pool'];

export function openDatabase(url: string): TicketsDatabase {
  const pool = createPool(url);
  return serviceDatabase<Tx, PrismaClient>(new PrismaClient({ adapter: new PrismaPg(pool) }), pool);
}
