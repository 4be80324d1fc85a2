import { checkApiDescription, trueApiDescription } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { ticketsService } from '../service';

it('describes every public route the tickets service registers and no other, as valid OpenAPI', async () => {
  expect(await checkApiDescription(ticketsService, loadConfig)).toEqual(trueApiDescription);
});
