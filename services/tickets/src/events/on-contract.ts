import type { contractCreatedV1, contractEndedV1, contractUpdatedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { saveContract } from '../persistence/contract.repository.js';

type ContractEvent = EventData<typeof contractCreatedV1> | EventData<typeof contractUpdatedV1> | EventData<typeof contractEndedV1>;

/** contract.created, .updated and .ended each carry the whole contract: the newest by version is kept. */
export function onContractSnapshot(event: Envelope<ContractEvent>, tx: Tx): Promise<void> {
  const { contractId, customerId, description, startDate, endDate, endedOn } = event.data;
  return saveContract(tx, { id: contractId, customerId, description, startDate, endDate, endedOn }, event.aggregate.version);
}
