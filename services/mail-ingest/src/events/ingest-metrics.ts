import { Counter, type Registry } from '@helpdesk/http';
import { oncePerScrape, scrapedGauge } from '@helpdesk/runtime';
import type { MailIngestDatabase } from '../persistence/client.js';
import { countWaiting } from '../persistence/inbound-email.repository.js';

const filedCounters = new WeakMap<Registry, Counter<'outcome'>>();

/** Inbound emails filed by the tickets service, by outcome (new-ticket, joined-ticket, duplicate, own-mail); one counter per registry. */
export function filedCounter(registry: Registry): Counter<'outcome'> {
  let counter = filedCounters.get(registry);
  if (!counter) {
    counter = new Counter({ name: 'inbound_emails_filed_total', help: 'Inbound emails the tickets service filed, by outcome', labelNames: ['outcome'], registers: [registry] });
    filedCounters.set(registry, counter);
  }
  return counter;
}

/** The processor's backlog as Prometheus and /health/ready see it (one query per scrape). */
export function observeInbound(registry: Registry, db: MailIngestDatabase) {
  filedCounter(registry);
  const read = oncePerScrape(() => countWaiting(db.client));
  scrapedGauge(registry, 'inbound_emails_waiting', 'Inbound emails stored and not yet processed', async (set) => set((await read()).waiting));
  scrapedGauge(registry, 'inbound_emails_oldest_waiting_age_seconds', 'Age of the oldest inbound email not yet processed', async (set) => set((await read()).oldestSeconds));
  scrapedGauge(registry, 'inbound_emails_announced', 'Inbound emails announced to the tickets service and not filed yet', async (set) => set((await read()).announced));
  scrapedGauge(
    registry,
    'inbound_emails_oldest_announced_age_seconds',
    'Time since the oldest inbound email still waiting to be filed was announced (one that keeps growing was never filed: list them with state=announced)',
    async (set) => set((await read()).oldestAnnouncedSeconds),
  );
  scrapedGauge(
    registry,
    'inbound_emails_unfiled',
    'Inbound emails announced MAIL_ANNOUNCE_ATTEMPTS times and never filed (list them with state=unfiled; retry once tickets files again)',
    async (set) => set((await read()).unfiled),
  );
  return { health: async () => ({ inbound: await read() }) };
}
