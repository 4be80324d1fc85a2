import { checkApiDescription, trueApiDescription } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { gatewayService } from '../service';
import { gatewayApi } from './api-description';

it('describes every route the gateway answers itself and no other, as valid OpenAPI', async () => {
  expect(await checkApiDescription(gatewayService, loadConfig, gatewayApi)).toEqual(trueApiDescription);
});
