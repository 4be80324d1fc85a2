import type {
  areaAddedV1,
  areaRemovedV1,
  areaUpdatedV1,
  Envelope,
  EventData,
  locationAddedV1,
  locationRemovedV1,
  locationUpdatedV1,
} from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { saveOrgElement, type OrgElementTable } from '../persistence/org-element.repository.js';

type LocationEvent = EventData<typeof locationAddedV1> | EventData<typeof locationUpdatedV1> | EventData<typeof locationRemovedV1>;
type AreaEvent = EventData<typeof areaAddedV1> | EventData<typeof areaUpdatedV1> | EventData<typeof areaRemovedV1>;

/** Which customer a location belongs to, and whether it is still offered: what a ticket's locationId is checked against. */
export function onLocation(removed: boolean) {
  return (event: Envelope<LocationEvent>, tx: Tx) => save(tx, 'locations', event.data.locationId, event, removed);
}

export function onArea(removed: boolean) {
  return (event: Envelope<AreaEvent>, tx: Tx) => save(tx, 'areas', event.data.areaId, event, removed);
}

function save(tx: Tx, table: OrgElementTable, id: string, event: Envelope<{ customerId: string }>, removed: boolean): Promise<void> {
  return saveOrgElement(tx, table, { id, customerId: event.data.customerId, removed }, event.aggregate.version);
}
