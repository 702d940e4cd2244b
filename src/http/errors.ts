/** The one place error codes become HTTP statuses, and the one error shape: { error: { code, message, details? } }. */
import type { ErrorCode } from '../domain/errors.ts';
import type { ErrorView } from '../contract/common.ts';

export const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  weak_password: 400,
  invite_invalid: 410,
  unauthenticated: 401,
  mfa_required: 401,
  reauth_required: 401,
  csrf: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  setup_done: 409,
  payload_too_large: 413,
  rate_limited: 429,
  audit_unavailable: 503,
  unavailable: 503,
};

/** The error shape of the wire contract (src/contract/common.ts), so what is built here is what the contract says. */
export type ErrorBody = ErrorView;

export const errorBody = (code: ErrorCode | 'internal', message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});
