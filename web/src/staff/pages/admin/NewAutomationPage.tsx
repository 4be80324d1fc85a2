import { Link, useNavigate } from 'react-router';
import { api } from '../../../shared/api';
import { AutomationRulesForm } from './AutomationRulesForm';
import type { Automation } from './AutomationsPage';
import { blankAction } from './automationRules';
import { useAction } from './useApiData';

/** Administration > Automations > New: the rules form; once created, the automation's page (to try it). */
export function NewAutomationPage() {
  const navigate = useNavigate();
  const create = useAction();
  return (
    <main>
      <h1>New automation</h1>
      <p>
        <Link to="/admin">Administration</Link> · <Link to="/admin/automations">Automations</Link>
      </p>
      <section className="card" aria-label="Rules of the new automation">
        <AutomationRulesForm
          initial={{ name: '', trigger: 'ticket.created', conditions: [], actions: [blankAction()], enabled: true }}
          submitLabel="Create automation"
          busy={create.busy}
          error={create.error}
          onSubmit={(rules) =>
            void create.run(() => api<Automation>('POST', '/api/automations', { body: rules })).then((created) => {
              if (created) void navigate(`/admin/automations/${created.id}`, { state: { created: true } });
            })
          }
        />
      </section>
    </main>
  );
}
