-- The NOTIFY trigger serialised every outbox commit of the whole server behind one lock (PostgreSQL
-- queues notifications under a global lock at commit). The committing process now wakes its own
-- relay after commit, and the relays of other instances poll.
DROP TRIGGER outbox_inserted ON outbox;
DROP FUNCTION outbox_notify();
