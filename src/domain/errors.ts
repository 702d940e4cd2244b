/**
 * The one error that crosses layers. Expected failures inside a layer are values
 * (`{ ok: false, reason }`); when a use case must stop, it throws a DomainError with a code from
 * this closed set, and src/http/errors.ts alone turns codes into HTTP statuses.
 */
export const ERROR_CODES = [
  'invalid_input', // the request is malformed or fails validation
  'not_found', // missing, or outside the caller's scope (never distinguished)
  'unauthenticated', // no valid session
  'forbidden', // the caller can see the object but may not do this to it
  'mfa_required', // a second factor is needed before this
  'reauth_required', // a recent re-authentication is needed
  'conflict', // the state does not allow this (already used, already exists)
  'invite_invalid', // unknown, expired or already used invite
  'weak_password', // fails the password policy
  'rate_limited', // too many attempts
  'setup_done', // the practice already exists
  'audit_unavailable', // the audit event could not be written, so the read is refused
  'csrf', // missing or wrong anti-forgery token
  'payload_too_large',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /**
   * For the audit trail only, never sent: the client a refused request was about. An object out
   * of the caller's scope answers exactly like a missing one, but its refusal names its client.
   */
  auditClientId: string | null = null;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export type Result<T, R = string> = { ok: true; value: T } | { ok: false; reason: R; message: string };
