/** One-way hashes of bearer tokens: the database keeps only the hash of a session id or invite token. */
import { createHash } from 'node:crypto';

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');
