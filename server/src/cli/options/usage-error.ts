// A mistake in the command line: the CLI prints its message on one line and exits 2.
import { UserError } from '../../core/user-error';

export class UsageError extends UserError {}
