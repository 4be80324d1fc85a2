import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../../shared/api';
import { ErrorNotice, Field, fieldError, Loading, SelectField, StatusNotice } from '../../../shared/components';
import { AdminTable } from './AdminTable';
import type { Automation } from './AutomationsPage';
import { FormButtons } from './FormParts';
import { useAction, useApiData } from './useApiData';

interface DryRun {
  triggerMatches: boolean;
  conditionsPassed: boolean;
  emails: Array<{ to: string; subject: string; text: string; notSentReason: string | null }>;
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
 * One automation: its name, its rules as the API holds them, a dry run on a ticket the notifier knows
 * (what it would send, sending nothing), and its execution log.
 */
export function AutomationPage() {
  const { id } = useParams();
  const automation = useApiData<Automation>(`/api/automations/${id}`);
  const runs = useApiData<{ items: Run[] }>(`/api/automations/${id}/runs`);
  const tickets = useApiData<{ items: Array<{ id: string; number: number; subject: string }> }>('/api/automations/sample-tickets');
  const save = useAction();
  const trial = useAction();
  const [saved, setSaved] = useState(false);
  const [ticketId, setTicketId] = useState('');
  const [result, setResult] = useState<DryRun>();
  const current = automation.data;

  async function rename(name: string) {
    setSaved(false);
    if (await save.run(() => api('PATCH', `/api/automations/${id}`, { body: { name, version: current!.version } }))) {
      setSaved(true);
      automation.reload();
    }
  }

  async function tryIt() {
    setResult(await trial.run(() => api<DryRun>('POST', `/api/automations/${id}/dry-run`, { body: ticketId ? { ticketId } : {} })));
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
            <h2 id="automation-settings">Settings</h2>
            {saved ? <StatusNotice>Automation saved.</StatusNotice> : null}
            <NameForm key={current.version} initial={current.name} error={save.error} busy={save.busy} onSubmit={(name) => void rename(name)} />
            <p>
              Trigger <code>{current.trigger}</code>; {current.enabled ? 'switched on' : 'switched off'}.
            </p>
            <h3>Conditions and actions</h3>
            <pre className="email-text">{JSON.stringify({ conditions: current.conditions, actions: current.actions }, null, 2)}</pre>
          </section>
          <section className="card" aria-labelledby="automation-dry-run">
            <h2 id="automation-dry-run">Dry run</h2>
            <p>What the automation would send for a ticket, sending nothing.</p>
            <ErrorNotice error={trial.error} />
            <div className="filters">
              <SelectField
                label="Ticket"
                value={ticketId}
                onChange={(event) => setTicketId(event.target.value)}
                options={[{ value: '', label: 'The newest ticket' }, ...(tickets.data?.items ?? []).map((ticket) => ({ value: ticket.id, label: `#${ticket.number} ${ticket.subject}` }))]}
              />
              <button type="button" disabled={trial.busy} onClick={() => void tryIt()}>
                Try it
              </button>
            </div>
            {result ? (
              <div role="status">
                <p>
                  Trigger {result.triggerMatches ? 'matches' : 'does not match'}; conditions {result.conditionsPassed ? 'pass' : 'do not pass'}; {result.emails.length} email(s) would be sent.
                </p>
                <ul>
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

function NameForm({ initial, error, busy, onSubmit }: { initial: string; error: unknown; busy: boolean; onSubmit: (name: string) => void }) {
  const [name, setName] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(name);
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorNotice error={error} />
      <Field label="Name" required value={name} onChange={(event) => setName(event.target.value)} error={fieldError(error, '/name')} />
      <FormButtons submitLabel="Save name" busy={busy} />
    </form>
  );
}
