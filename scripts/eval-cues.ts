/**
 * Measures the language-cue reader (SPEC §5.5) as a change / neutral / sustain talk classifier
 * on the client utterances of AnnoMI's development portion, with 5-fold cross-validation grouped
 * by transcript, beside the majority-class baseline.
 *
 *   npm run eval:cues                     cross-validation on ../shared/data/annomi/annomi-dev.csv
 *   npm run eval:cues -- --test FILE      fit on the whole dev file, report on FILE (same columns)
 *   npm run eval:cues -- --dev FILE       use another development file
 *   npm run eval:cues -- --errors         also list the development slice's errors (never the held-out slice's)
 *
 * It first scores the hand-written development set (test/cues/dev-set.ts): per family, precision
 * (target ≥ 0.9) and recall (target ≥ 0.7), on the tuning slice and on the held-out slice apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCuesDetailed } from '../src/domain/cues/read-cues.ts';
import { TALK_FEATURES, TALK_TYPES, TALK_WEIGHTS, classifyTalkFeatures, fitTalkWeights, macroF1, talkFeatures } from '../src/domain/cues/talk-type.ts';
import type { TalkType, TalkWeights } from '../src/domain/cues/talk-type.ts';
import { DEV_SET } from '../test/cues/dev-set.ts';
import { scoreDevSet } from '../test/cues/dev-eval.ts';
import type { LabelScore } from '../test/cues/dev-eval.ts';

type Row = Record<string, string>;

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): Row[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...body] = records;
  if (!header) return [];
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, k) => [h.trim(), r[k] ?? ''])));
}

type Example = { transcript: string; label: TalkType; x: number[]; text: string };

function load(file: string): Example[] {
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const out: Example[] = [];
  for (const row of rows) {
    const label = row.client_talk_type as TalkType;
    if (row.interlocutor !== 'client' || !TALK_TYPES.includes(label)) continue;
    const text = row.utterance_text ?? '';
    out.push({ transcript: row.transcript_id ?? '', label, x: talkFeatures(readCuesDetailed(text)), text });
  }
  return out;
}

type Scores = { f1: Record<TalkType, number>; macro: number; n: number };

function score(truth: readonly TalkType[], pred: readonly TalkType[]): Scores {
  const m = macroF1(truth, pred);
  return { f1: { change: m.change, neutral: m.neutral, sustain: m.sustain }, macro: m.macro, n: truth.length };
}

function majority(ys: readonly TalkType[]): TalkType {
  const counts: Record<TalkType, number> = { change: 0, neutral: 0, sustain: 0 };
  for (const y of ys) counts[y]++;
  return TALK_TYPES.reduce((a, b) => (counts[b] > counts[a] ? b : a));
}

const f = (v: number): string => v.toFixed(3);
const line = (name: string, s: Scores): string =>
  `${name.padEnd(28)} change ${f(s.f1.change)}  neutral ${f(s.f1.neutral)}  sustain ${f(s.f1.sustain)}  macro-F1 ${f(s.macro)}  (n=${s.n})`;

function predict(examples: readonly Example[], w: TalkWeights): TalkType[] {
  return examples.map((e) => classifyTalkFeatures(e.x, w));
}

function printWeights(w: TalkWeights): void {
  console.log('\nweights fitted on the whole development file (neutral is the reference class):');
  console.log(`${'feature'.padEnd(16)} ${'change'.padStart(8)} ${'sustain'.padStart(8)}`);
  TALK_FEATURES.forEach((feat, k) =>
    console.log(`${feat.name.padEnd(16)} ${(w.change[k] ?? 0).toFixed(3).padStart(8)} ${(w.sustain[k] ?? 0).toFixed(3).padStart(8)}`),
  );
  console.log(`\nas a constant:\n  change: [${w.change.join(', ')}],\n  sustain: [${w.sustain.join(', ')}],`);
}

function devSetReport(showErrors: boolean): void {
  const tuning = DEV_SET.filter((i) => !i.heldOut);
  const held = DEV_SET.filter((i) => i.heldOut);
  const a = scoreDevSet(tuning);
  const b = scoreDevSet(held);
  const all = scoreDevSet(DEV_SET);
  const cell = (s: LabelScore): string => `${f(s.precision)} ${f(s.recall)} (${s.tp}/${s.tp + s.fp}/${s.tp + s.fn})`.padEnd(26);
  console.log(`development set: ${DEV_SET.length} hand-written sentences (${tuning.length} tuning, ${held.length} held out)`);
  console.log(`targets: precision ≥ 0.90, recall ≥ 0.70; cells: precision recall (hits/fired/expected)`);
  console.log(`${'family'.padEnd(24)}${'tuning'.padEnd(26)}${'held out'.padEnd(26)}all`);
  let met = true;
  all.scores.forEach((s, k) => {
    const ok = s.precision >= 0.9 && s.recall >= 0.7;
    met &&= ok;
    console.log(`${s.label.padEnd(24)}${cell(a.scores[k]!)}${cell(b.scores[k]!)}${cell(s)}${ok ? '' : '  ← below target'}`);
  });
  console.log(met ? 'all families meet the targets on the whole set' : 'some families are below target');
  if (showErrors) {
    console.log('\nerrors on the tuning slice:');
    for (const e of a.errors) {
      const fired = e.cues.map((c) => `${c.polarity < 0 ? '-' : ''}${c.rule}“${c.words}”`).join(' ');
      console.log(`  [${e.item.id} ${e.item.kind}] ${e.kind} ${e.label}: ${e.item.text.slice(0, 120)}  → ${fired}`);
    }
  }
  console.log('');
}

function main(): void {
  const args = process.argv.slice(2);
  devSetReport(args.includes('--errors'));
  if (args.includes('--dev-set-only')) return;
  const arg = (name: string): string | undefined => {
    const k = args.indexOf(name);
    return k >= 0 ? args[k + 1] : undefined;
  };
  // The shared data sits beside the checkout (../shared); a worktree one level deeper finds it at ../../shared.
  const defaultDev = ['../shared', '../../shared'].map((d) => resolve(process.cwd(), d, 'data/annomi/annomi-dev.csv')).find((f) => existsSync(f));
  const devFile = resolve(arg('--dev') ?? defaultDev ?? resolve(process.cwd(), '../shared/data/annomi/annomi-dev.csv'));
  const testFile = arg('--test');
  const t0 = performance.now();
  const dev = load(devFile);
  console.log(`development file: ${devFile}`);
  const byLabel = TALK_TYPES.map((c) => `${c} ${dev.filter((e) => e.label === c).length}`).join(', ');
  console.log(
    `client utterances: ${dev.length} (${byLabel}) from ${new Set(dev.map((e) => e.transcript)).size} transcripts; read in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const allWeights = fitTalkWeights(
    dev.map((e) => e.x),
    dev.map((e) => e.label),
  );

  if (testFile) {
    const test = load(resolve(testFile));
    const truth = test.map((e) => e.label);
    const maj = majority(dev.map((e) => e.label));
    console.log(`\ntest file: ${resolve(testFile)} — weights fitted on the whole development file`);
    console.log(line('cues (fitted on dev)', score(truth, predict(test, allWeights))));
    console.log(line('cues (shipped weights)', score(truth, predict(test, TALK_WEIGHTS))));
    console.log(
      line(
        `majority baseline (${maj})`,
        score(
          truth,
          truth.map(() => maj),
        ),
      ),
    );
    return;
  }

  // Five folds grouped by transcript: transcripts sorted by id, dealt round-robin.
  const transcripts = [...new Set(dev.map((e) => e.transcript))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const foldOf = new Map(transcripts.map((t, k) => [t, k % 5]));
  const truth: TalkType[] = [];
  const pred: TalkType[] = [];
  const base: TalkType[] = [];
  console.log('\n5-fold cross-validation, grouped by transcript:');
  const foldMacros: number[] = [];
  for (let fold = 0; fold < 5; fold++) {
    const train = dev.filter((e) => foldOf.get(e.transcript) !== fold);
    const test = dev.filter((e) => foldOf.get(e.transcript) === fold);
    const w = fitTalkWeights(
      train.map((e) => e.x),
      train.map((e) => e.label),
    );
    const p = predict(test, w);
    const maj = majority(train.map((e) => e.label));
    const y = test.map((e) => e.label);
    const s = score(y, p);
    foldMacros.push(s.macro);
    console.log(
      line(`  fold ${fold + 1}`, s) +
        `  baseline ${f(
          score(
            y,
            y.map(() => maj),
          ).macro,
        )}`,
    );
    truth.push(...y);
    pred.push(...p);
    base.push(...y.map(() => maj));
  }
  const mean = foldMacros.reduce((a, b) => a + b, 0) / foldMacros.length;
  const sd = Math.sqrt(foldMacros.reduce((a, b) => a + (b - mean) ** 2, 0) / foldMacros.length);
  console.log('');
  console.log(line('cues, out-of-fold (pooled)', score(truth, pred)));
  console.log(`${'cues, mean of folds'.padEnd(28)} macro-F1 ${f(mean)} ± ${f(sd)}`);
  console.log(line('majority baseline', score(truth, base)));
  console.log(
    line(
      'shipped weights (in-sample)',
      score(
        dev.map((e) => e.label),
        predict(dev, TALK_WEIGHTS),
      ),
    ),
  );
  printWeights(allWeights);
  console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main();
