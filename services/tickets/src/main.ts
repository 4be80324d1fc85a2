import { runMain } from '@helpdesk/runtime';
import { loadConfig } from './config.js';
import { ticketsService } from './service.js';

runMain(ticketsService, loadConfig);
