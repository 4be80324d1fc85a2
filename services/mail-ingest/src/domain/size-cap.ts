/** The size cap (issue 11 §3): checked on the stored size before anything parses the message. */
export function exceedsSizeCap(size: number, maxMessageBytes: number): boolean {
  return size > maxMessageBytes;
}

export function tooLargeDetail(size: number, maxMessageBytes: number): string {
  return `The email is ${size} bytes, more than the cap of ${maxMessageBytes} bytes (MAX_MESSAGE_BYTES): it was not parsed. Raise the cap and retry it, or read its raw source.`;
}

/** A message over the ceiling at fetch time: recorded without its source, which stays in the mailbox only. */
export function tooLargeAtFetchDetail(size: number, maxFetchBytes: number): string {
  return `The email is ${size} bytes, more than the fetch ceiling of ${maxFetchBytes} bytes (4 x MAX_MESSAGE_BYTES): its source was not fetched and is not kept here. It is still in the mailbox; read it there.`;
}
