import { runMain } from '@helpdesk/runtime';
import { loadConfig } from './config.js';
import { customersService } from './service.js';

runMain(customersService, loadConfig);
