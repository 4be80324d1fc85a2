#!/usr/bin/env node
// Operators' view of what the bus kept aside: each consumer's dead letters (its handler failed at
// every delivery, or the message was invalid) and the events no queue took. List them, then send
// them again once the cause is fixed. Reads AMQP_URL and BUS_PREFIX like the services.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { peekKeptMessages, replayKeptMessages } = require('../libs/bus/dist/index.js');

const usage = `usage:
  npm run bus -- dead-letters <service>                  list a service's dead letters (they stay where they are)
  npm run bus -- replay-dead-letters <service> [id ...]  send them (or those message ids) to that service's queue again
  npm run bus -- unrouted                                list the events no queue took
  npm run bus -- replay-unrouted [id ...]                publish them (or those ids) again to the events exchange`;

const source = { url: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672', prefix: process.env.BUS_PREFIX ?? 'helpdesk' };
const [command, ...args] = process.argv.slice(2);

function print(messages) {
  for (const m of messages) {
    process.stdout.write(`${JSON.stringify({ messageId: m.messageId, type: m.type, reason: m.reason, error: m.error, deadLetteredAt: m.deadLetteredAt })}\n`);
    process.stdout.write(`  ${JSON.stringify(m.body)}\n`);
  }
  process.stdout.write(`${messages.length} message(s)\n`);
}

const ids = (list) => (list.length > 0 ? { messageIds: list } : {});
try {
  if (command === 'dead-letters' && args[0]) print(await peekKeptMessages(source, args[0], 1000));
  else if (command === 'replay-dead-letters' && args[0]) process.stdout.write(`${await replayKeptMessages(source, args[0], ids(args.slice(1)))} sent again\n`);
  else if (command === 'unrouted') print(await peekKeptMessages(source, 'unrouted', 1000));
  else if (command === 'replay-unrouted') process.stdout.write(`${await replayKeptMessages(source, 'unrouted', ids(args))} sent again\n`);
  else {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  }
} catch (error) {
  process.stderr.write(`bus: ${error.message}\n`);
  process.exit(1);
}
