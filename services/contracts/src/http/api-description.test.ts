import { checkApiDescription, trueApiDescription } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { contractsService } from '../service';

it('describes every public route the contracts service registers and no other, as valid OpenAPI', async () => {
  expect(await checkApiDescription(contractsService, loadConfig)).toEqual(trueApiDescription);
});
