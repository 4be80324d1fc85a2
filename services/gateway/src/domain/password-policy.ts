import { ValidationError } from '@helpdesk/errors';

/** NIST SP 800-63B: length over composition rules; 12 characters at least, and not the email itself. */
export function assertAcceptablePassword(password: string, email: string): void {
  if (password.length < 12) throw new ValidationError('Choose a password of at least 12 characters.', [{ pointer: '/password', message: 'must have at least 12 characters' }]);
  if (password.length > 256) throw new ValidationError('Choose a password of at most 256 characters.', [{ pointer: '/password', message: 'must have at most 256 characters' }]);
  if (password.trim().length === 0 || password.toLowerCase() === email.toLowerCase()) {
    throw new ValidationError('Choose a password that is not blank and not your email address.', [{ pointer: '/password', message: 'is too easy to guess' }]);
  }
}
