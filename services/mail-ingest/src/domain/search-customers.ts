import { ValidationError } from '@helpdesk/errors';
import type { SqlExecutor } from '@helpdesk/db';
import { searchCustomers as search, type CustomerMatch } from '../persistence/projections.repository.js';

/** Seed 001: the customer search of Selected Customers needs at least three consecutive characters. */
export const minimumSearchLength = 3;

export async function searchCustomers(db: SqlExecutor, text: string, limit: number): Promise<CustomerMatch[]> {
  const fragment = text.trim();
  if ([...fragment].length < minimumSearchLength) {
    throw new ValidationError(`Type at least ${minimumSearchLength} consecutive characters of the customer's name to search.`, [
      { pointer: '/q', message: `must have at least ${minimumSearchLength} characters (spaces at either end not counted)` },
    ]);
  }
  return search(db, fragment, limit);
}
