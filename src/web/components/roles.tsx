/** How roles are named on screen. */
import type { Role } from '../../domain/people.ts';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Administrator',
  therapist: 'Therapist',
  supervisor: 'Supervisor',
  client: 'Client',
};

/** "therapist and supervisor" — for sentences. */
export function roleList(roles: readonly Role[]): string {
  const words = roles.map((r) => ROLE_LABELS[r].toLowerCase());
  const article = /^[aeiou]/.test(words[0] ?? '') ? 'an' : 'a';
  if (words.length <= 1) return `${article} ${words[0] ?? 'member'}`;
  return `${article} ${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  return (
    <ul className="tags" aria-label="Roles">
      {roles.map((r) => (
        <li key={r} className="tag">
          {ROLE_LABELS[r]}
        </li>
      ))}
    </ul>
  );
}
