import { ConflictError, NotFoundError } from '@helpdesk/errors';

export class ContractNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Contract ${id} does not exist, or you may not see it.`);
  }
}

export class CustomerNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Customer ${id} does not exist, or you may not see it.`);
  }
}

export class ContractChangedMeanwhileError extends ConflictError {
  constructor(id: string, version: number) {
    super(`Contract ${id} was changed by someone else (it is at version ${version} now). Reload it and apply your change again.`);
  }
}

export class ContractAlreadyEndedError extends ConflictError {
  constructor(id: string, endedOn: string) {
    super(`Contract ${id} was already ended on ${endedOn}.`);
  }
}
