import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { knownTimeZones } from '../dates.ts';
import { SelectField } from './field.tsx';

/** A time zone picker over the zones the browser knows (plus the current value if it is not among them). */
export function TimeZoneField({ value, onChange, hint }: { value: string; onChange(tz: string): void; hint?: ReactNode }) {
  const options = useMemo(() => {
    const zones = knownTimeZones();
    const all = zones.includes(value) ? zones : [value, ...zones];
    return all.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
  }, [value]);
  return <SelectField label="Time zone" hint={hint} value={value} onChange={(e) => onChange(e.target.value)} options={options} />;
}
