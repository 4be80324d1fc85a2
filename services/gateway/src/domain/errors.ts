import { UnauthorizedError } from '@helpdesk/errors';

export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('The email address or the password is wrong.');
  }
}
