import { checkApiDescription, trueApiDescription } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { mailIngestService } from '../service';

it('describes every public route the mail-ingest service registers and no other, as valid OpenAPI', async () => {
  expect(await checkApiDescription(mailIngestService, loadConfig)).toEqual(trueApiDescription);
});
