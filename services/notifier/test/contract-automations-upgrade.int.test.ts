import { ensureDatabase, migrate } from '@helpdesk/db';
import { serviceMigrations } from '@helpdesk/runtime';
import { dropTestDatabases, newTestDatabaseUrl, queryDatabase } from '@helpdesk/testing';
import { notifierService } from '../src/service';

/**
 * An installation upgraded to issue 13 gets the contract automations A05-A07 and their templates as a new
 * one does, also when an administrator had already taken one of their codes.
 */
describe('upgrading a notifier that has automations of its own', () => {
  const url = newTestDatabaseUrl('notifier-contract-upgrade');
  afterAll(() => dropTestDatabases([url]));

  it('seeds A05-A07 at their fixed ids, the next free code where one is taken, and makes every instance reload', async () => {
    await ensureDatabase(url);
    const all = serviceMigrations(notifierService);
    const upgrade = all.findIndex((m) => m.name === 'notifier/0010_contract_automations');
    expect(upgrade).toBeGreaterThan(0);
    await migrate(url, all.slice(0, upgrade));
    // An administrator's automation took the next free code, A05, before the upgrade.
    await queryDatabase(
      url,
      `INSERT INTO automations (code, name, trigger, actions, enabled)
       SELECT 'A05', 'Urgent tickets to the owner', 'ticket.created', actions, true FROM automations WHERE code = 'A01'`,
    );
    const [before] = await queryDatabase<{ version: string }>(url, 'SELECT version::text FROM notifier_settings');

    await migrate(url, all);
    const rows = await queryDatabase<{ id: string; code: string; trigger: string; enabled: boolean; template: string; to: string[] }>(
      url,
      `SELECT a.id, a.code, a.trigger, a.enabled, t.key AS template, ARRAY(SELECT r->>'kind' FROM jsonb_array_elements(a.actions->0->'to') r) AS to
       FROM automations a JOIN email_templates t ON t.id = (a.actions->0->>'templateId')::uuid
       WHERE a.trigger LIKE 'contract.%' ORDER BY a.id`,
    );
    const people = ['contract_customer_contact', 'contract_support_contact', 'contract_support_manager'];
    expect(rows).toEqual([
      { id: 'a0000000-0000-4000-8000-000000000005', code: 'A06', trigger: 'contract.threshold_reached', enabled: true, template: 'a05-contract-threshold', to: people },
      { id: 'a0000000-0000-4000-8000-000000000006', code: 'A07', trigger: 'contract.limit_passed', enabled: true, template: 'a06-contract-limit-passed', to: people },
      { id: 'a0000000-0000-4000-8000-000000000007', code: 'A08', trigger: 'contract.ticket_closed', enabled: true, template: 'a07-contract-update', to: ['contract_customer_contact'] },
    ]);
    expect(await queryDatabase(url, `SELECT name FROM automations WHERE code = 'A05'`)).toEqual([{ name: 'Urgent tickets to the owner' }]);
    const [after] = await queryDatabase<{ version: string }>(url, 'SELECT version::text FROM notifier_settings');
    expect(BigInt(after!.version)).toBe(BigInt(before!.version) + 1n);
  });
});
