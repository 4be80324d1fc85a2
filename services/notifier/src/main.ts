import { runMain } from '@helpdesk/runtime';
import { loadConfig } from './config.js';
import { notifierService } from './service.js';

runMain(notifierService, loadConfig);
