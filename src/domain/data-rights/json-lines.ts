/**
 * Where things are in a JSON text, so an import's problems name the line a person can find: the
 * line of each value by its path (`courses.0.sessions.3`), and, for text that is not JSON, the
 * line and column where reading stopped. A small reader of its own, because JSON.parse gives
 * neither.
 */
export type JsonPath = readonly (string | number)[];
export type Located = { ok: true; value: unknown; lineOf(path: JsonPath): number | undefined } | { ok: false; line: number; column: number; message: string };

class Stop extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses `text`; records the line of every value by its path. */
export function locateJson(text: string): Located {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        i++;
        lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else return;
    }
  };
  const fail = (message: string): never => {
    throw new Stop(i, message);
  };
  const str = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c === '\n') fail('a text is not closed with "');
      if (c === '\\') i += 2;
      else if (c === '"') break;
      else i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('a text holds an invalid escape');
    }
  };
  const value = (path: string[]): unknown => {
    ws();
    lines.set(path.join('.'), line);
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a "name" in an object');
        const k = str();
        ws();
        if (text[i] !== ':') fail(`expected ":" after "${k}"`);
        i++;
        Object.defineProperty(out, k, { value: value([...path, k]), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return out;
        } else fail('expected "," or "}" in an object');
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value([...path, String(out.length)]));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return out;
        } else fail('expected "," or "]" in a list');
      }
    }
    if (c === '"') return str();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return fail(c === undefined ? 'the text ends too early' : `unexpected "${c}"`);
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };
  try {
    const v = value([]);
    ws();
    if (i < text.length) fail('more text after the end of the JSON value');
    return { ok: true, value: v, lineOf: (p) => lines.get(p.map(String).join('.')) };
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { ok: false, line, column: e.at - lineStart + 1, message: e.message };
  }
}
