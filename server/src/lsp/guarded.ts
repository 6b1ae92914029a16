// Request handlers answer a bug or malformed parameters with a plain error that says where to look. The
// client shows an error response's message to the user, and `uri.startsWith is not a function` tells them
// nothing but how the server is built; the details go to the premortem output instead (the stack at trace level).
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { Log, type LogConnection } from './log';

export function guarded<P, T, R>(
  connection: LogConnection,
  method: string,
  handler: (params: P, token: T) => R | Promise<R>,
): (params: P, token: T) => Promise<R> {
  return async (params, token) => {
    try {
      return await handler(params, token);
    } catch (error) {
      // Cancellations and errors the server chose to send already say the right thing.
      if (error instanceof ResponseError) throw error;
      new Log(connection).error(`${method} failed`, error);
      throw new ResponseError(ErrorCodes.InternalError, `premortem could not answer ${method}; the premortem output has the details`);
    }
  };
}
