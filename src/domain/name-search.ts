/**
 * Finding people by name when names are sealed (issue 15). A client's name is sealed under the
 * client's own data key and a staff member's under the practice's account key, so the database
 * cannot compare them. What it can compare are keyed hashes of the name's words and word
 * prefixes, taken under the practice's account key (the same key that hashes emails for sign-in):
 * the storage keeps only those hashes (`name_tokens`, migration 0025), and a search hashes its
 * words the same way and asks for the people who hold every one.
 *
 * What a search matches: every word of the query must begin a word of the name (in any order),
 * letters compared without case or accents. A query word of one or two letters must be a whole
 * word of the name ("Li", "Al"); a longer one matches any word it begins, compared on its first
 * `PREFIX_MAX` letters (so "Vanderbiltsson" and "Vanderbiltssen" are not told apart). What the hashes
 * give away to someone holding the database without the key: which people share a word or a
 * prefix, and how often, never the letters (docs/scale.md).
 *
 * Pure: the hashing is the storage's (it holds the key); this module only decides the tokens.
 */

/** Prefixes shorter than this are not indexed: a short query word must be a whole word. */
export const PREFIX_MIN = 3;
/** Prefixes are indexed up to this length; a longer query word is compared on its first PREFIX_MAX letters. */
export const PREFIX_MAX = 12;
/** At most this many words of a query are used (the rest make no difference to a person's name). */
export const QUERY_WORDS_MAX = 4;

/** A name's words: Unicode-normalised, accents dropped, lower case, split on anything not a letter or digit. */
export function nameWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The tokens a name is indexed under: each word whole (`w:`), and its prefixes of PREFIX_MIN..PREFIX_MAX letters (`p:`). */
export function nameTokens(name: string): string[] {
  const out = new Set<string>();
  for (const word of nameWords(name)) {
    const letters = [...word];
    out.add(`w:${word}`);
    for (let n = PREFIX_MIN; n <= Math.min(letters.length, PREFIX_MAX); n++) out.add(`p:${letters.slice(0, n).join('')}`);
  }
  return [...out];
}

/** The tokens a query asks for, each of which a name must hold (none: the query has no word). */
export function queryTokens(query: string): string[] {
  const out = new Set<string>();
  for (const word of nameWords(query).slice(0, QUERY_WORDS_MAX)) {
    const letters = [...word];
    out.add(letters.length < PREFIX_MIN ? `w:${word}` : `p:${letters.slice(0, PREFIX_MAX).join('')}`);
  }
  return [...out];
}

/** The page size of the paged lists (the admin's client list, the staff list): when not asked, and at most. */
export const LIST_PAGE = { default: 100, max: 500 } as const;

/** A list's place: the (created at, id) of the last row of the page before. */
export type PageKey = { createdAt: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** The opaque cursor the answer's `next` carries. */
export function encodeCursor(k: PageKey): string {
  return Buffer.from(`${k.createdAt}|${k.id}`, 'utf8').toString('base64url');
}

/** The key a cursor carries, or undefined when it is not one a list gave out. */
export function decodeCursor(cursor: string): PageKey | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const [createdAt, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !createdAt || !id || !ISO.test(createdAt) || !UUID.test(id)) return undefined;
  return { createdAt, id };
}
