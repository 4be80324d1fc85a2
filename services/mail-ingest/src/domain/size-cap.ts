/** The size cap (issue 11 §3): checked on the stored size before anything parses the message. */
export function exceedsSizeCap(size: number, maxMessageBytes: number): boolean {
  return size > maxMessageBytes;
}

export function tooLargeDetail(size: number, maxMessageBytes: number): string {
  return `The email is ${size} bytes, more than the cap of ${maxMessageBytes} bytes (MAX_MESSAGE_BYTES): it was not parsed. Raise the cap and retry it, or read its raw source.`;
}
