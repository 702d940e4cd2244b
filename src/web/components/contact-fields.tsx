import type { Contact } from '../api.ts';
import { TextField } from './field.tsx';

export type ContactDraft = { email: string; phone: string; dateOfBirth: string };
export const emptyContact: ContactDraft = { email: '', phone: '', dateOfBirth: '' };
export const draftOf = (c: Contact): ContactDraft => ({ email: c.email ?? '', phone: c.phone ?? '', dateOfBirth: c.dateOfBirth ?? '' });
export const toContact = (d: ContactDraft): Contact => ({
  email: d.email.trim() || null,
  phone: d.phone.trim() || null,
  dateOfBirth: d.dateOfBirth || null,
});

/** A client's contact details (all optional). */
export function ContactFields({ value, onChange }: { value: ContactDraft; onChange(v: ContactDraft): void }) {
  return (
    <fieldset>
      <legend>Contact (optional)</legend>
      <TextField label="Email" type="email" value={value.email} onChange={(e) => onChange({ ...value, email: e.target.value })} autoComplete="off" />
      <TextField
        label="Phone"
        type="tel"
        value={value.phone}
        hint="Digits, spaces and + - ( ) only."
        onChange={(e) => onChange({ ...value, phone: e.target.value })}
        autoComplete="off"
      />
      <TextField
        label="Date of birth"
        type="date"
        value={value.dateOfBirth}
        onChange={(e) => onChange({ ...value, dateOfBirth: e.target.value })}
        className="short"
      />
    </fieldset>
  );
}
