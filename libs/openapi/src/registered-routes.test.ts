import express, { Router } from 'express';
import { compareRoutes, registeredRoutes } from './registered-routes';

describe('registeredRoutes', () => {
  it("reads every route of an app from express's router stack, in routers mounted at the root or under a path", () => {
    const app = express();
    const root = Router();
    root.get('/api/things', () => undefined);
    root.route('/api/things/:id').get(() => undefined).patch(() => undefined);
    const nested = Router();
    nested.delete('/:part', () => undefined);
    const under = Router();
    under.use('/parts', nested);
    app.use(root);
    app.use('/api/things/:id', under);
    app.use('/api/proxied', (_req, _res, next) => next());
    app.post('/api/login', () => undefined);
    expect(registeredRoutes(app)).toEqual(['DELETE /api/things/{id}/parts/{part}', 'GET /api/things', 'GET /api/things/{id}', 'PATCH /api/things/{id}', 'POST /api/login']);
  });
});

describe('compareRoutes', () => {
  it('names the routes served but not described, and described but not served', () => {
    expect(compareRoutes(['GET /a', 'POST /a'], ['GET /a', 'GET /b'])).toEqual({ undescribed: ['POST /a'], unregistered: ['GET /b'] });
  });
});
