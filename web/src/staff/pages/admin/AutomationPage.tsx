import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, query } from '../../../shared/api';
import { ErrorNotice, Loading, SelectField, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import type { Automation } from './AutomationsPage';
import { AutomationRulesForm } from './AutomationRulesForm';
import { fieldLabels, idFields, operatorLabels, valueLabels, type AutomationRules, type Condition, type Trigger } from './automationRules';
import { useAction, useApiData } from './useApiData';

interface DryRun {
  triggerMatches: boolean;
  conditions: Array<Condition & { actual: string | boolean | null; passed: boolean }>;
  conditionsPassed: boolean;
  emails: Array<{ to: string; subject: string; text: string; notSentReason: string | null }>;
}

/** A contract event the notifier received, to try a contract trigger on (GET /api/automations/sample-contract-events). */
interface ContractEventSample {
  contractId: string;
  description: string;
  ticketNumber: number;
}

interface Run {
  id: string;
  at: string;
  eventType: string;
  outcome: string;
  detail: string | null;
  emails: unknown[] | null;
}

/**
 * One automation: its name and rules edited (saved with the version loaded), a dry run on a ticket the
 * notifier knows, or a contract event for a contract trigger (what it would send, sending nothing), and
 * its execution log.
 */
export function AutomationPage() {
  const { id } = useParams();
  const automation = useApiData<Automation>(`/api/automations/${id}`);
  const runs = useApiData<{ items: Run[] }>(`/api/automations/${id}/runs`);
  const tickets = useApiData<{ items: Array<{ id: string; number: number; subject: string }> }>('/api/automations/sample-tickets');
  const triggers = useApiData<{ items: Trigger[] }>('/api/automations/triggers');
  const save = useAction();
  const trial = useAction();
  const [saved, setSaved] = useState(false);
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  // Each kind of trigger is tried on its own kind of target; both are sent, the API takes the one the trigger's is.
  const [ticketId, setTicketId] = useState('');
  const [contractId, setContractId] = useState('');
  const [result, setResult] = useState<DryRun>();
  const current = automation.data;
  const onContracts = triggers.data?.items.find((trigger) => trigger.trigger === current?.trigger)?.about === 'contract';
  const contractEvents = useApiData<{ items: ContractEventSample[] }>(current && onContracts ? `/api/automations/sample-contract-events${query({ trigger: current.trigger })}` : undefined);

  async function saveRules(rules: AutomationRules) {
    setSaved(false);
    if (!(await save.run(() => api('PATCH', `/api/automations/${id}`, { body: { ...rules, version: current!.version } })))) return;
    setSaved(true);
    automation.reload();
    // A dry run shown before is of the rules as they were: tried again, it shows the new rules' outcome.
    if (result) await tryIt();
  }

  async function tryIt() {
    setResult(await trial.run(() => api<DryRun>('POST', `/api/automations/${id}/dry-run`, { body: { ...(ticketId ? { ticketId } : {}), ...(contractId ? { contractId } : {}) } })));
  }

  return (
    <main>
      <h1>{current ? `Automation ${current.code}` : 'Automation'}</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/automations">Automations</Link>
      </p>
      <ErrorNotice error={automation.error} />
      {!current && !automation.error ? <Loading what="Loading the automation" /> : null}
      {current ? (
        <>
          <section className="card" aria-labelledby="automation-settings">
            <h2 id="automation-settings">Rules</h2>
            {saved ? <StatusNotice>Automation saved.</StatusNotice> : created ? <StatusNotice>Automation created: try it below.</StatusNotice> : null}
            <AutomationRulesForm key={current.version} initial={rulesOf(current)} submitLabel="Save automation" error={save.error} busy={save.busy} onSubmit={(rules) => void saveRules(rules)} />
          </section>
          <section className="card" aria-labelledby="automation-dry-run">
            <h2 id="automation-dry-run">Dry run</h2>
            <p>{onContracts ? "What the automation would send for a contract's newest event of its trigger" : 'What the automation would send for a ticket'}, sending nothing.</p>
            <ErrorNotice error={trial.error} />
            <div className="filters">
              {onContracts ? (
                <SelectField
                  label="Contract"
                  value={contractId}
                  onChange={(event) => setContractId(event.target.value)}
                  options={[{ value: '', label: 'The newest event' }, ...(contractEvents.data?.items ?? []).map((sample) => ({ value: sample.contractId, label: `${sample.description} (ticket #${sample.ticketNumber})` }))]}
                />
              ) : (
                <SelectField
                  label="Ticket"
                  value={ticketId}
                  onChange={(event) => setTicketId(event.target.value)}
                  options={[{ value: '', label: 'The newest ticket' }, ...(tickets.data?.items ?? []).map((ticket) => ({ value: ticket.id, label: `#${ticket.number} ${ticket.subject}` }))]}
                />
              )}
              <button type="button" disabled={trial.busy} onClick={() => void tryIt()}>
                Try it
              </button>
            </div>
            {result ? (
              <div role="status">
                <p>
                  Trigger {result.triggerMatches ? 'matches' : 'does not match'}; conditions {result.conditionsPassed ? 'pass' : 'do not pass'}; {result.emails.length} email(s) would be sent.
                </p>
                {result.conditions.length ? (
                  <ul aria-label="Conditions">
                    {result.conditions.map((condition, index) => (
                      <li key={index}>
                        {describe(condition)}: {idFields.includes(condition.field) ? '' : `the ticket has ${String(condition.actual ?? 'none')}, `}
                        {condition.passed ? 'holds' : 'does not hold'}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <ul aria-label="Emails">
                  {result.emails.map((email, index) => (
                    <li key={index}>
                      To {email.to}: “{email.subject}”{email.notSentReason ? ` — not sent: ${email.notSentReason}` : ''}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>
          <section className="card" aria-labelledby="automation-runs">
            <h2 id="automation-runs">Execution log</h2>
            <ErrorNotice error={runs.error} />
            {runs.data?.items.length === 0 ? <p>It has not run yet.</p> : null}
            {runs.data?.items.length ? (
              <AdminTable
                caption="Runs of the automation"
                items={runs.data.items}
                columns={[
                  { label: 'At', cell: (run) => new Date(run.at).toLocaleString() },
                  { label: 'Event', cell: (run) => run.eventType },
                  { label: 'Outcome', cell: (run) => `${run.outcome}${run.detail ? `: ${run.detail}` : ''}` },
                  { label: 'Emails', cell: (run) => run.emails?.length ?? 0 },
                ]}
              />
            ) : null}
          </section>
        </>
      ) : null}
    </main>
  );
}

/** The part of an automation its form edits. */
const rulesOf = ({ name, trigger, conditions, actions, enabled }: Automation): AutomationRules => ({ name, trigger, conditions, actions, enabled });

/**
 * A condition in words: "Priority is one of High, Urgent". Ids (customers, teams…) are not words: their
 * condition says how many it names, and the dry run whether the ticket's is among them.
 */
function describe(condition: Condition): string {
  const values = condition.values ?? [];
  const ids = values.filter((value) => value !== 'none').length;
  const words = idFields.includes(condition.field) ? [values.includes('none') ? 'not set' : '', ids ? `${ids} chosen` : ''] : values.map((value) => valueLabels[value] ?? value);
  return [fieldLabels[condition.field] ?? condition.field, operatorLabels[condition.op] ?? condition.op, words.filter(Boolean).join(', ')].filter(Boolean).join(' ');
}
