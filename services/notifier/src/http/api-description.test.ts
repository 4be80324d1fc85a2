import { checkApiDescription, trueApiDescription } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { notifierService } from '../service';

it('describes every public route the notifier service registers and no other, as valid OpenAPI', async () => {
  expect(await checkApiDescription(notifierService, loadConfig)).toEqual(trueApiDescription);
});
