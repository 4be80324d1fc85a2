import { Prisma } from './generated/client.js';

/** Whether `cause` is a unique-index violation. */
export function isUniqueViolation(cause: unknown): boolean {
  return cause instanceof Prisma.PrismaClientKnownRequestError && cause.code === 'P2002';
}

/**
 * Runs a write and turns a unique-index violation into the caller's error. The index decides, so
 * two requests racing for the same name or email cannot both win.
 */
export async function onDuplicate<T>(write: Promise<T>, error: () => Error | Promise<Error>): Promise<T> {
  try {
    return await write;
  } catch (cause) {
    if (isUniqueViolation(cause)) throw await error();
    throw cause;
  }
}
