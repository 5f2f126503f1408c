/** The French message of the UserError a call ends with (fails on success or another error). */
import { expect } from 'vitest';
import { UserError } from '../../main/services/user-error';

export async function userErrorMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}
