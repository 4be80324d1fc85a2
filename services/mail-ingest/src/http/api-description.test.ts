import { checkApiDescription, trueApiDescription } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { mailIngestService } from '../service';
import { mailIngestApi } from './api-description';

it('describes every public route the mail-ingest service registers and no other, as valid OpenAPI', async () => {
  expect(await checkApiDescription(mailIngestService, loadConfig, mailIngestApi)).toEqual(trueApiDescription);
});
