// A command line that cannot be run: the CLI prints the message and exits with its usage-error code.
export class UsageError extends Error {}
