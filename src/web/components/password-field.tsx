import { useState } from 'react';
import type { InputHTMLAttributes } from 'react';
import { PASSWORD_MIN } from '../../domain/password-policy.ts';
import { TextField } from './field.tsx';

/** The rule for new passwords, said the same way everywhere (NIST 800-63B: length, not symbols). */
export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN} characters. A few unrelated words make a good passphrase; no symbols or numbers are required.`;

/** A password input with a Show/Hide switch; `isNew` adds the length rule and a live count. */
export function PasswordField({
  label,
  isNew = false,
  error,
  value,
  ...input
}: { label: string; isNew?: boolean; error?: string | null; value: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'type'>) {
  const [shown, setShown] = useState(false);
  const length = [...value].length;
  const hint = isNew ? (
    <>
      {NEW_PASSWORD_HINT} <span className="count">{length < PASSWORD_MIN ? `${length} of ${PASSWORD_MIN} so far.` : 'Long enough.'}</span>
    </>
  ) : undefined;
  return (
    <div className="password-field">
      <TextField
        label={label}
        hint={hint}
        error={error}
        type={shown ? 'text' : 'password'}
        value={value}
        autoComplete={isNew ? 'new-password' : 'current-password'}
        spellCheck={false}
        {...input}
      />
      <button type="button" className="button link-like" onClick={() => setShown((s) => !s)}>
        {shown ? 'Hide password' : 'Show password'}
      </button>
    </div>
  );
}
