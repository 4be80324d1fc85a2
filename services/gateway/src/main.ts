import { runMain } from '@helpdesk/runtime';
import { loadConfig } from './config.js';
import { gatewayService } from './service.js';

runMain(gatewayService, loadConfig);
