import { checkApiDescription, trueApiDescription } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { ticketsService } from '../service';
import { ticketsApi } from './api-description';

it('describes every public route the tickets service registers and no other, as valid OpenAPI', async () => {
  expect(await checkApiDescription(ticketsService, loadConfig, ticketsApi)).toEqual(trueApiDescription);
});
