/**
 * The practice's crisis information, shown at once on the same screen after a safety answer
 * (SPEC §5.1). It takes focus and is announced, so nobody has to look for it.
 */
import { useEffect, useRef } from 'react';
import { CrisisText } from '../components/crisis-text.tsx';

export function CrisisPanel({ info, therapistName }: { info: string; therapistName?: string | undefined }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className="crisis-now" role="alert" aria-labelledby="crisis-now-title">
      <h2 id="crisis-now-title" tabIndex={-1} ref={heading}>
        Thank you for telling us. Please look after yourself now.
      </h2>
      <p>You said you have had thoughts of being better off dead or of hurting yourself. You do not have to wait for your next session.</p>
      <p className="crisis-info">
        <CrisisText info={info} />
      </p>
      <p>{therapistName ? `${therapistName} will` : 'Your therapist will'} read your answers later. If you feel unsafe now, please use the help above.</p>
    </section>
  );
}
