import { describeApi } from '@helpdesk/openapi';
import { apiDescriptionGaps, validateOpenApi } from '@helpdesk/testing';
import { loadConfig } from '../config';
import { ticketsService } from '../service';
import { ticketsApi } from './api-description';

describe("the tickets service's API description", () => {
  it('describes every route the service serves, and only those', () => {
    const gaps = apiDescriptionGaps(ticketsService, loadConfig, ticketsApi);
    expect(gaps).toEqual({ undescribed: [], unregistered: [], internalDescribed: [], registered: ticketsApi.length });
  });

  it('is a valid OpenAPI document', async () => {
    expect(await validateOpenApi(describeApi('tickets', ticketsApi))).toEqual({ valid: true });
  });
});
