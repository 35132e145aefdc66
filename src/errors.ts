/**
 * Domain errors. Services throw these; src/http/problem.ts is the one place that turns them
 * into RFC 9457 problems. `code` is stable and machine-readable; `detail` is for people.
 */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly title: string,
    detail: string,
    public readonly errors?: { path: string; message: string }[],
  ) {
    super(detail)
    this.name = new.target.name
  }
}

export class NotFound extends AppError {
  constructor(what: string, detail = `${what} not found`) {
    super(404, 'not-found', 'Not Found', detail)
  }
}

export class Unauthorized extends AppError {
  constructor(detail = 'Sign in first: send Authorization: Bearer <token>') {
    super(401, 'unauthorized', 'Unauthorized', detail)
  }
}

export class Forbidden extends AppError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail)
  }
}

export class Conflict extends AppError {
  constructor(code: string, detail: string) {
    super(409, code, 'Conflict', detail)
  }
}

/** A business rule refused the request (DESIGN.md rules): 422 with a code naming the rule. */
export class RuleViolation extends AppError {
  constructor(code: string, detail: string, errors?: { path: string; message: string }[]) {
    super(422, code, 'Rule violation', detail, errors)
  }
}

export class BadInput extends AppError {
  constructor(path: string, message: string) {
    super(400, 'validation-failed', 'Bad Request', `${path}: ${message}`, [{ path, message }])
  }
}
