import { createLogger } from '@helpdesk/logging';
import { freePort, startTestService, waitFor } from '@helpdesk/testing';
import { contractsService } from '../../services/contracts/src/service';
import { loadConfig as loadContractsConfig } from '../../services/contracts/src/config';
import { contractActions, type Agent, type Person } from './support/contracts';
import { startSystem, type System } from './support/system';

/**
 * Issue 13: 20 agents log time at the same moment on one contract near its limit, through the gateway,
 * which spreads them over two instances of the contracts service on one database. The totals are
 * exact, nothing passes the limit without a confirmation, and the threshold warning goes out once.
 */
describe('20 agents logging time at once on one contract, across two contracts instances', () => {
  let system: System;
  let second: Awaited<ReturnType<typeof startTestService>> | undefined;
  let admin: string;
  const actions = contractActions(() => system, () => admin);
  // The second instance's entries logged (its request log lines), to see that both instances took part.
  const isEntryLogged = (line: Record<string, unknown>) => line.msg === 'request' && line.method === 'POST' && line.path === '/api/time-entries';
  let loggedBySecond = 0;

  beforeAll(async () => {
    // The gateway is given both instances' addresses; the second starts once the first has migrated the database.
    const [firstPort, secondPort] = [await freePort(), await freePort()];
    system = await startSystem({
      env: {
        contracts: { PORT: String(firstPort) },
        gateway: { CONTRACTS_URL: `http://127.0.0.1:${firstPort},http://127.0.0.1:${secondPort}` },
      },
    });
    const secondLog = createLogger({
      service: 'contracts',
      level: 'info',
      destination: { write: (line: string) => void (isEntryLogged(JSON.parse(line)) && loggedBySecond++) },
    });
    second = await startTestService(contractsService, {
      loadConfig: loadContractsConfig,
      busPrefix: system.busPrefix,
      databaseUrl: system.services.contracts.databaseUrl,
      env: { PORT: String(secondPort) },
      log: secondLog,
    });
    await second.bus.waitUntilConnected();
    admin = await system.logInAsAdmin();
  });
  afterAll(async () => {
    await second?.stop();
    await system?.stop();
  });

  it('adds up exactly, refuses what would pass the limit (409) and warns once at the threshold', async () => {
    const customerId = await actions.addCustomer('Busy Customer Ltd');
    const carol: Person = await actions.addContact(customerId, 'carol@busy.example');
    const [sam, mia] = await Promise.all([actions.addStaff('sam@helpdesk.test'), actions.addStaff('mia@helpdesk.test')]);
    const agents: Agent[] = await Promise.all(Array.from({ length: 20 }, (_, i) => actions.addStaff(`agent${String(i + 1).padStart(2, '0')}@helpdesk.test`)));
    const team = await actions.expectStatus(actions.asAdmin('POST', '/api/teams', { name: 'Busy customer team', customerIds: [customerId] }), 201, 'the team');
    for (const agent of agents) await actions.expectStatus(actions.asAdmin('PUT', `/api/teams/${team.body.id}/members/${agent.id}`), 200, 'a member');

    // 10 hours (600 minutes), the warning at 9 (540).
    const block = await actions.createContract({
      customerId,
      description: 'Busy block',
      customerContactId: carol.id,
      supportContactId: sam.id,
      supportManagerId: mia.id,
      hourRestriction: true,
      contractHours: 10,
      thresholdHours: 9,
    });
    const tickets: Array<{ id: string }> = [];
    for (const subject of ['Network', 'Printers', 'Telephony', 'Backups']) {
      tickets.push((await actions.openTicket({ subject, customerId, contactId: carol.id, contractId: block.id })).body);
    }
    // 500 minutes before the rush: 125 on each ticket.
    for (const ticket of tickets) await actions.logFirstTime({ ticketId: ticket.id, minutes: 125 });
    // Every instance knows the team before the rush (one projection, one database: asking the contract through the gateway is enough).
    for (const agent of agents) {
      await waitFor(async () => (await actions.call(agent.token, 'GET', `/api/contracts/${block.id}`)).status === 200, { what: `${agent.email} to reach the contract` });
    }
    const loggedByFirst = () => system.logs.filter((line) => line.service === 'contracts' && isEntryLogged(line)).length;
    const [firstBefore, secondBefore] = [loggedByFirst(), loggedBySecond];

    // 20 entries of 15 minutes at once: 100 minutes remain, so exactly 6 fit (590), the other 14 are refused.
    const rush = await Promise.all(
      agents.map((agent, i) => actions.logTime({ ticketId: tickets[i % tickets.length]!.id, minutes: 15, note: `rush ${i}` }, agent.token).then((answer) => ({ i, answer }))),
    );
    const accepted = rush.filter(({ answer }) => answer.status === 201);
    const refused = rush.filter(({ answer }) => answer.status === 409);
    expect(rush.filter(({ answer }) => answer.status !== 201 && answer.status !== 409).map(({ answer }) => [answer.status, answer.body])).toEqual([]);
    expect(accepted).toHaveLength(6);
    expect(refused).toHaveLength(14);
    for (const { answer } of refused) expect(answer.body.type).toMatch(/over-contract-limit$/);
    expect(accepted.every(({ answer }) => answer.body.overLimit === false)).toBe(true);
    // Both instances took part in the rush, and between them answered each entry once.
    const [byFirst, bySecond] = [loggedByFirst() - firstBefore, loggedBySecond - secondBefore];
    expect({ byFirst: byFirst > 0, bySecond: bySecond > 0, together: byFirst + bySecond }).toEqual({ byFirst: true, bySecond: true, together: 20 });

    // The contract's total is the sum of every accepted entry; each ticket's is the sum of its own.
    const detail = await actions.contract(block.id);
    expect(detail).toMatchObject({ usedMinutes: 500 + 15 * accepted.length, overageMinutes: 0 });
    let listedInAll = 0;
    for (const [index, ticket] of tickets.entries()) {
      const own = accepted.filter(({ i }) => i % tickets.length === index).length;
      const listed = await actions.expectStatus(actions.asAdmin('GET', `/api/time-entries?ticketId=${ticket.id}`), 200, 'the ticket\'s entries');
      const minutes = (listed.body.entries as Array<{ minutes: number }>).map((entry) => entry.minutes).reduce((sum, m) => sum + m, 0);
      expect({ minutes, total: listed.body.totalMinutes }).toEqual({ minutes: 125 + 15 * own, total: 125 + 15 * own });
      listedInAll += minutes;
    }
    expect(listedInAll).toBe(detail.usedMinutes);
    // Nothing passed the limit without confirmation: no entry is over it.
    expect(detail.history.map((line: { kind: string }) => line.kind)).not.toContain('limit_passed');

    // The threshold (540) was crossed once, by whichever entry came fourth: one warning to each.
    expect(await actions.settledMailsAbout('Busy block', [carol.email, sam.email, mia.email], 1)).toEqual({ [carol.email]: 1, [sam.email]: 1, [mia.email]: 1 });
  });
});
