import { checkApiDescription, trueApiDescription } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { customersService } from '../service';

it('describes every public route the customers service registers and no other, as valid OpenAPI', async () => {
  expect(await checkApiDescription(customersService, loadConfig)).toEqual(trueApiDescription);
});
