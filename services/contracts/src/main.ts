import { runMain } from '@helpdesk/runtime';
import { loadConfig } from './config.js';
import { contractsService } from './service.js';

runMain(contractsService, loadConfig);
