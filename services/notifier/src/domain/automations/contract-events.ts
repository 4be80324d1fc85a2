import {
  contractLimitPassedV1,
  contractThresholdReachedV1,
  contractTicketClosedV1,
  hoursOf,
  minutesLeft,
  type Envelope,
  type EventData,
} from '@helpdesk/contracts-schema';
import type { PlanOptions } from './plan-emails.js';

/** The contract events automations fire on (issue 13 §4-6): the warnings and the contract update. */
export const contractEvents = [contractThresholdReachedV1, contractLimitPassedV1, contractTicketClosedV1];
const contractEventTypes = new Set(contractEvents.map((definition) => definition.type));

export function isContractEvent(event: Envelope): boolean {
  return contractEventTypes.has(event.type);
}

export type ContractFacts = EventData<typeof contractThresholdReachedV1>['contract'];

/** One contract.* event in automations' terms: the contract after it, the ticket it names, and the figures. */
export interface ContractEvent {
  id: string;
  type: string;
  /** The contract aggregate's version the event brings it to. */
  version: number;
  correlationId?: string;
  contract: ContractFacts;
  ticket: { ticketId: string; number: number; subject: string };
  /** Minutes logged on that ticket: the contract update only. */
  ticketMinutes: number | null;
  /** The contract's minutes minus those used (negative past the limit); null without contract hours. */
  remainingMinutes: number | null;
}

type AnyContractData = Partial<EventData<typeof contractTicketClosedV1>> & Pick<EventData<typeof contractThresholdReachedV1>, 'contract' | 'ticket'>;

export function contractEventOf(envelope: Pick<Envelope, 'id' | 'type' | 'aggregate' | 'correlationId' | 'data'>): ContractEvent {
  const data = envelope.data as AnyContractData;
  const { contract } = data;
  const computedRemaining = contract.contractHours === null ? null : minutesLeft(contract.contractHours, contract.usedMinutes);
  return {
    id: envelope.id,
    type: envelope.type,
    version: envelope.aggregate.version,
    correlationId: envelope.correlationId,
    contract,
    ticket: data.ticket,
    ticketMinutes: data.ticketMinutes ?? null,
    remainingMinutes: data.remainingMinutes === undefined ? computedRemaining : data.remainingMinutes,
  };
}

/**
 * Its emails may join the ticket's thread: the contract update is about a closed ticket (its subject carries
 * `[Ticket #N]`, a reply lands on the ticket), when its recipient may see that ticket
 * (plan-contract-emails.ts mayFollowTicket). The warnings are about the contract, sent to staff as well:
 * a reply to one is not a note on whichever ticket last had time logged.
 */
export function inTicketThread(event: Pick<ContractEvent, 'type'>): boolean {
  return event.type === contractTicketClosedV1.type;
}

const orBlank = <T>(value: T | null) => value ?? '';

/** The placeholders' values of the `contract` context (src/domain/templates/placeholders.ts). */
export function contractRenderValues(
  event: ContractEvent,
  customerName: string | null,
  recipientName: string | undefined,
  /** The recipient may open the ticket in the portal: otherwise ticket.portal_url is blank. */
  ticketVisible: boolean,
  options: Pick<PlanOptions, 'portal' | 'companyName'>,
): Record<string, unknown> {
  const { contract, remainingMinutes } = event;
  const portalBase = options.portal.url.replace(/\/+$/, '');
  return {
    contract: {
      description: contract.description,
      purchase_order_number: orBlank(contract.purchaseOrderNumber),
      hours: orBlank(contract.contractHours),
      threshold_hours: orBlank(contract.thresholdHours),
      used_hours: hoursOf(contract.usedMinutes),
      remaining_hours: remainingMinutes === null ? '' : hoursOf(Math.max(0, remainingMinutes)),
      overage_hours: hoursOf(Math.max(0, -(remainingMinutes ?? 0))),
      start_date: orBlank(contract.startDate),
      end_date: orBlank(contract.endDate),
    },
    customer: { name: orBlank(customerName) },
    recipient: { name: recipientName ?? '' },
    ticket: {
      number: event.ticket.number,
      subject: event.ticket.subject,
      hours: event.ticketMinutes === null ? '' : hoursOf(event.ticketMinutes),
      portal_url: ticketVisible ? `${portalBase}/tickets/${event.ticket.ticketId}` : '',
    },
    portal: { enabled: options.portal.enabled, url: portalBase },
    company: { name: options.companyName },
  };
}
