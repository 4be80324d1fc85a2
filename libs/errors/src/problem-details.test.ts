import {
  BadGatewayError,
  ConflictError,
  ForbiddenError,
  GatewayTimeoutError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnavailableError,
  UnprocessableError,
  ValidationError,
} from './app-error.js';
import { toProblemDetails } from './problem-details.js';

describe('toProblemDetails', () => {
  it.each([
    [new ValidationError('bad', [{ pointer: '/a', message: 'is required' }]), 400],
    [new UnauthorizedError(), 401],
    [new ForbiddenError(), 403],
    [new NotFoundError('gone'), 404],
    [new ConflictError('clash'), 409],
    [new UnprocessableError('breaks a rule', [{ pointer: '/a', message: 'must be below /b' }]), 422],
    [new PayloadTooLargeError('too big'), 413],
    [new BadGatewayError('broke off'), 502],
    [new UnavailableError('later'), 503],
    [new GatewayTimeoutError('too slow'), 504],
  ])('maps %p to status %i with its message as the detail', (error, status) => {
    const problem = toProblemDetails(error, '/api/x');
    expect(problem).toMatchObject({ status, detail: error.message, instance: '/api/x' });
    expect(problem.type).toMatch(/^https:\/\/helpdesk\.dev\/problems\//);
  });

  it('lists field problems of a validation error', () => {
    expect(toProblemDetails(new ValidationError('bad', [{ pointer: '/a', message: 'is required' }])).errors).toEqual([
      { pointer: '/a', message: 'is required' },
    ]);
  });

  it("carries a problem type's own type and extension members, which never stand in for the standard fields", () => {
    class OutOfHours extends ConflictError {
      override readonly problemType = 'out-of-hours';
      override readonly members = { remainingMinutes: 5, status: 200, detail: 'forged' };
    }
    expect(toProblemDetails(new OutOfHours('5 minutes remain'))).toEqual({
      type: 'https://helpdesk.dev/problems/out-of-hours',
      title: 'Conflict',
      status: 409,
      detail: '5 minutes remain',
      remainingMinutes: 5,
    });
  });

  it('turns anything else into a 500 that reveals nothing of the error', () => {
    const problem = toProblemDetails(new Error('password=hunter2 at db.internal'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });
});
