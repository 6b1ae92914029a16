// The errors evaluation throws and catches: what Terraform would report (EvalError), and what cannot be
// told here (Indeterminate).

/**
 * Thrown often during evaluation and always caught there (by try()/can(), or turned into an unknown value):
 * no stack trace is captured, which would cost more than the rest of the throw and never be read.
 */
class UntracedError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/**
 * An error Terraform itself would report while evaluating an expression at plan time: a wrong argument type
 * or count, an index out of range, invalid JSON... The evaluator's `try()` and `can()` catch exactly this
 * class; any other exception means "cannot tell" and is treated as an unknown value.
 */
export class EvalError extends UntracedError {
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
export class Indeterminate extends UntracedError {
  constructor(reason = 'result depends on an unknown value') {
    super(reason);
    this.name = 'Indeterminate';
  }
}
