/**
 * The practice's crisis information with every phone number a link a phone can call at once
 * (`tel:`), and a number introduced by "text" one it can message (`sms:`): in a crisis nobody should
 * have to copy digits from one app into another. A number is a run of digits (spaces, dashes and a
 * leading + allowed) holding at least three digits: "999", "116 123", "+44 20 7946 0000".
 */
const NUMBER = /\+?\d[\d\s-]*\d/g;

export type CrisisPart = { text: string } | { number: string; href: string };

/** Splits crisis text into plain words and callable numbers (exported for its test). */
export function crisisParts(info: string): CrisisPart[] {
  const parts: CrisisPart[] = [];
  let last = 0;
  for (const m of info.matchAll(NUMBER)) {
    const raw = m[0].trim();
    const digits = raw.replace(/[^\d+]/g, '');
    if (digits.replace('+', '').length < 3) continue;
    const start = m.index;
    if (start > last) parts.push({ text: info.slice(last, start) });
    const texted = /\btext\b[^.;:]*$/i.test(info.slice(Math.max(0, start - 30), start));
    parts.push({ number: raw, href: `${texted ? 'sms' : 'tel'}:${digits}` });
    last = start + m[0].length;
  }
  if (last < info.length) parts.push({ text: info.slice(last) });
  return parts;
}

export function CrisisText({ info }: { info: string }) {
  return (
    <>
      {crisisParts(info).map((p, i) =>
        'number' in p ? (
          <a key={i} className="crisis-number" href={p.href}>
            {p.number}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
