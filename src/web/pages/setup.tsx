import { useState } from 'react';
import { api } from '../api.ts';
import { Checkbox, SelectField, TextArea, TextField } from '../components/field.tsx';
import { DEFAULT_LOCALE, PRACTICE_LOCALES } from '../../domain/locale.ts';
import type { PracticeLocale } from '../../domain/locale.ts';
import { ErrorNote, InfoNote } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { useSubmit } from '../use-submit.ts';
import { PasswordField } from '../components/password-field.tsx';
import { TimeZoneField } from '../components/time-zone-field.tsx';
import { browserTimeZone, sampleIn } from '../dates.ts';
import { Link } from '../router.tsx';

/** The browser's own way of writing dates, when it is one of the practice locales (en-GB otherwise). */
function browserLocale(): PracticeLocale {
  const wanted = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  return ((PRACTICE_LOCALES as readonly string[]).find((l) => wanted.includes(l)) as PracticeLocale | undefined) ?? DEFAULT_LOCALE;
}

/** First run: the practice and its first admin, behind the one-time link the server printed. */
export function SetupPage({ token }: { token: string }) {
  const [practiceName, setPracticeName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [locale, setLocale] = useState<PracticeLocale>(browserLocale);
  const [adminName, setAdminName] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const [password, setPassword] = useState('');
  const [alsoTherapist, setAlsoTherapist] = useState(false);
  const [requireSecondFactor, setRequireSecondFactor] = useState(true);
  const [crisisInfo, setCrisisInfo] = useState('');
  const [done, setDone] = useState(false);

  const { error, busy, submit } = useSubmit(async () => {
    await api.setup({ token, practiceName, timeZone, locale, adminName, adminEmail, password, alsoTherapist, requireSecondFactor, crisisInfo });
    setDone(true);
  });

  if (done) {
    return (
      <section className="card auth-card">
        <PageHeading title="Your practice is ready" />
        <p>{practiceName} has been created with you as its administrator.</p>
        <p>Next, sign in. Accord will then ask you to set up an authenticator app, because admin accounts need a second factor.</p>
        <Link className="button primary" to="/sign-in">
          Go to sign in
        </Link>
      </section>
    );
  }

  return (
    <section className="card auth-card wide">
      <PageHeading title="Set up your practice" />
      <p>This link works once. It creates the practice and the first administrator account.</p>
      <ErrorNote message={error} />
      <form onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>The practice</legend>
          <TextField
            label="Practice name"
            required
            maxLength={120}
            value={practiceName}
            onChange={(e) => setPracticeName(e.target.value)}
            autoComplete="organization"
          />
          <TimeZoneField
            value={timeZone}
            onChange={setTimeZone}
            hint="Every date and time in Accord is shown in this zone. We filled in the one your browser uses."
          />
          <SelectField
            label="How dates and times are written"
            value={locale}
            onChange={(e) => setLocale(e.target.value as PracticeLocale)}
            options={PRACTICE_LOCALES.map((l) => ({ value: l, label: `${sampleIn(l, timeZone)} (${l})` }))}
            hint="The same everywhere in Accord, for staff and clients alike. You can change it later under Practice."
          />
          <TextArea
            label="Crisis information for your clients"
            required
            minLength={20}
            maxLength={2000}
            value={crisisInfo}
            onChange={(e) => setCrisisInfo(e.target.value)}
            hint="Whom a client should call if they are in danger or feel unsafe: your local emergency number and a crisis line, with their numbers. Clients see it in their portal, and at once if they answer a safety question. Phone numbers become tap-to-call links. You can change it later under Practice."
          />
        </fieldset>
        <fieldset>
          <legend>You, the administrator</legend>
          <TextField label="Your name" required maxLength={120} value={adminName} onChange={(e) => setAdminName(e.target.value)} autoComplete="name" />
          <TextField label="Your email" type="email" required value={adminEmail} onChange={(e) => setAdminEmail(e.target.value)} autoComplete="email" />
          <PasswordField label="Choose a password" isNew required value={password} onChange={(e) => setPassword(e.target.value)} />
          <Checkbox
            label="I also see clients myself (a solo practice)"
            checked={alsoTherapist}
            onChange={(e) => setAlsoTherapist(e.target.checked)}
            hint="Makes you the practice's therapist as well as its administrator. Giving yourself a clinical role later asks for your password again."
          />
          <Checkbox
            label="Require a second factor for all staff"
            checked={requireSecondFactor}
            onChange={(e) => setRequireSecondFactor(e.target.checked)}
            hint="Everyone who works in the practice confirms each sign-in with a code from an authenticator app, so a stolen password alone cannot open client records. You can change this later under Practice."
          />
        </fieldset>
        <InfoNote>You will sign in with this email and password. Keep the password somewhere safe: nobody, including Accord, can read it back.</InfoNote>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create the practice'}
        </button>
      </form>
    </section>
  );
}
