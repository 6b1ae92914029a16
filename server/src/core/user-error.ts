// The one base for errors in what the user asked for (a bad option, config, path or plan file) rather than
// in premortem: the CLI prints their message on one line and exits 2, and never shows a stack.
export class UserError extends Error {}
