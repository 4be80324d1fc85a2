import { runMain } from '@helpdesk/runtime';
import { loadConfig } from './config.js';
import { mailIngestService } from './service.js';

runMain(mailIngestService, loadConfig);
