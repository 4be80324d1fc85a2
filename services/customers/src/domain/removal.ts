import type { AggregateVersion } from '@helpdesk/contracts-schema';

/** A deleted row cannot count its version up: the event of its removal carries the version after its last change. */
export function versionAfterRemoval(row: AggregateVersion): AggregateVersion {
  return { id: row.id, version: row.version + 1 };
}
