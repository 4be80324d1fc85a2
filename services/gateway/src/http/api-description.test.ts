import { checkApiDescription, trueApiDescription } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { gatewayService } from '../service';

it('describes every API route the gateway answers itself and no other, as valid OpenAPI; outside /api/ only the pages', async () => {
  // The pages of web/ (docs/web.md) are no part of the API.
  const pages = ['GET /', 'GET /portal', 'GET /portal/{*page}', 'GET /staff', 'GET /staff/{*page}'];
  expect(await checkApiDescription(gatewayService, loadConfig)).toEqual({ ...trueApiDescription, notApi: pages });
});
