/**
 * SQL for one statement that applies a group of events once: records the ids (`$ids`, a uuid[]) as
 * applied by `$consumer` and yields, as `event_id`, those not applied before. Use it as a CTE and
 * join the effects to it, so that the record and the effects commit together or not at all.
 */
export function newlyProcessed(consumerParam: string, idsParam: string): string {
  return `INSERT INTO processed_events (consumer, event_id)
    SELECT DISTINCT ${consumerParam}, id FROM unnest(${idsParam}::uuid[]) AS ids(id)
    ON CONFLICT DO NOTHING RETURNING event_id`;
}
