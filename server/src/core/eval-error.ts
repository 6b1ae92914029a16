// An error Terraform itself would report while evaluating an expression at plan time: a wrong argument type
// or count, an index out of range, invalid JSON... The evaluator's `try()` and `can()` catch exactly this class;
// any other exception means "cannot tell" and is treated as an unknown value.
export class EvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalError';
  }
}

/**
 * The exact result depends on something not known here: an unknown value, or a detail of Terraform this engine
 * does not reproduce exactly. Thrown inside the function library and turned into UNKNOWN at its boundary, so it
 * never reaches `try()`/`can()` as if it were a Terraform error.
 */
export class Indeterminate extends Error {
  constructor(reason = 'result depends on an unknown value') {
    // Thrown often and always caught: no stack trace to capture, which costs more than the rest of the throw.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(reason);
    Error.stackTraceLimit = limit;
    this.name = 'Indeterminate';
  }
}
