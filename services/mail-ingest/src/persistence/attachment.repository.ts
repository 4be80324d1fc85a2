import type { SqlExecutor } from '@helpdesk/db';

export interface StoredAttachment {
  contentType: string;
  size: number;
  content: Buffer;
}

/** The bytes of an inbound email's attachment or inline image, by its id. */
export async function findAttachmentContent(sql: SqlExecutor, id: string): Promise<StoredAttachment | undefined> {
  const [row] = await sql.$queryRawUnsafe<StoredAttachment[]>(
    'SELECT content_type AS "contentType", size, content FROM inbound_attachments WHERE id = $1::uuid',
    id,
  );
  return row;
}
