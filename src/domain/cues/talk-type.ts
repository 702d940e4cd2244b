/**
 * Change / neutral / sustain talk (Motivational Interviewing; Miller & Rollnick 2013) from the
 * agency and commitment cues. This is how the cue reader is measured (SPEC §5.5): on expert-
 * labelled client utterances, the cues must separate change talk from sustain talk.
 *
 * The classifier is a small multinomial logistic model over hand-designed, interpretable
 * features, each a sum of cue weights (or a fact about the reply's length). Its weights were fitted
 * by `npm run eval:cues` (scripts/eval-cues.ts) on the development portion of AnnoMI, as its
 * README allows: no vocabulary comes from the data, only these numbers.
 */
import type { CueReading } from './read-cues.ts';
import type { Cue } from './types.ts';

export type TalkType = 'change' | 'neutral' | 'sustain';
export const TALK_TYPES: readonly TalkType[] = ['change', 'neutral', 'sustain'];

type Feature = { name: string; about: string; value: (r: CueReading) => number };

const sum = (cues: readonly Cue[], keep: (c: Cue) => boolean): number => {
  let s = 0;
  for (const c of cues) if (keep(c)) s += c.weight;
  return Math.min(2, s);
};
const ruleIs = (c: Cue, ...prefixes: string[]): boolean => prefixes.some((p) => c.rule.startsWith(p));
/** Sustain rules that name a barrier to change rather than a benefit of the status quo. */
const BARRIER_RULES = ['agency.sustain-barrier', 'agency.sustain-no-time', 'agency.sustain-hard-to', 'agency.sustain-not-easy'];
const isAgentCopy = (c: Cue): boolean => c.rule.endsWith('/agent');

/** The features, in the order of the weight vectors. Each names the cues it sums. */
export const TALK_FEATURES: readonly Feature[] = [
  { name: 'bias', about: 'constant', value: () => 1 },
  { name: 'desire', about: 'I want / would like to … (not negated)', value: (r) => sum(r.cues, (c) => ruleIs(c, 'agency.desire') && c.polarity === 1) },
  {
    name: 'ability_need',
    about: 'I can / could / need to / have to / should … (not negated)',
    value: (r) => sum(r.cues, (c) => ruleIs(c, 'agency.ability', 'agency.need') && c.polarity === 1),
  },
  {
    name: 'possibility',
    about: 'I could / might / would … (not negated)',
    value: (r) => sum(r.cues, (c) => ruleIs(c, 'agency.modal', 'agency.elliptic') && c.polarity === 1),
  },
  {
    name: 'commitment',
    about: 'I will / I’m going to / I plan to / I’m ready to / time to act / a first step',
    value: (r) =>
      sum(
        r.cues,
        (c) =>
          ruleIs(c, 'working.commit', 'working.plan', 'working.ready', 'working.doing-now', 'agency.activation', 'agency.first-step') &&
          !isAgentCopy(c) &&
          c.polarity === 1,
      ),
  },
  {
    name: 'steps',
    about: 'past-tense practice: I tried / I cut down / I’ve been using',
    value: (r) => sum(r.cues, (c) => c.family === 'practice' && c.polarity === 1),
  },
  {
    name: 'reasons',
    about: 'worries, harms, "a problem", discontent (sick of, fed up), too much / worse, benefits pictured, health, "my choice"',
    value: (r) => sum(r.cues, (c) => ruleIs(c, 'agency.reason', 'agency.own-choice') && c.polarity === 1),
  },
  {
    name: 'negated_change',
    about: 'change words under a negation: I don’t want to / I can’t / I won’t',
    value: (r) =>
      sum(
        r.cues,
        (c) => c.polarity === -1 && !isAgentCopy(c) && ruleIs(c, 'agency.desire', 'agency.ability', 'agency.need', 'agency.reason', 'working.', 'practice.'),
      ),
  },
  {
    name: 'status_quo',
    about: 'sustain talk other than barriers: I like it / it helps me relax / it’s not that bad / I’m fine / I don’t feel like it / others do worse',
    value: (r) => sum(r.cues, (c) => ruleIs(c, 'agency.sustain-') && !BARRIER_RULES.some((p) => c.rule.startsWith(p))),
  },
  { name: 'barriers', about: 'barriers: too busy / no time / too hard / not easy', value: (r) => sum(r.cues, (c) => ruleIs(c, ...BARRIER_RULES)) },
  {
    name: 'externalising',
    about: 'the change located in others or asked for by others; magical cues',
    value: (r) =>
      sum(
        r.cues,
        (c) => (c.family === 'externalising' || c.family === 'magical_external' || c.family === 'magical_quick_fix') && c.polarity === 1 && !isAgentCopy(c),
      ),
  },
  {
    name: 'hopeless',
    about: 'hopelessness, giving up, nothing works, tried everything',
    value: (r) =>
      sum(
        r.cues,
        (c) =>
          ruleIs(c, 'withdrawal.hopeless', 'withdrawal.give-up', 'withdrawal.nothing-works', 'withdrawal.tried-everything', 'withdrawal.no-point') &&
          c.polarity === 1,
      ),
  },
  {
    name: 'self_work',
    about: 'therapeutic or structuralizing cues: the self as object of change, keeping gains',
    value: (r) => sum(r.cues, (c) => (c.family === 'therapeutic' || c.family === 'structuralizing') && c.polarity === 1 && !isAgentCopy(c)),
  },
  {
    name: 'behaviour',
    about: 'names an everyday behaviour (drinking, smoking, exercise, medication …)',
    value: (r) => sum(r.cues, (c) => c.rule === 'working.behaviour'),
  },
  { name: 'minimal', about: 'a reply of at most three words ("Yeah.", "Mm-hmm.")', value: (r) => (r.words <= 3 ? 1 : 0) },
  { name: 'minimal_no', about: 'a reply of at most three words that says no ("No.", "Not really.")', value: (r) => (r.words <= 3 && r.negations > 0 ? 1 : 0) },
  {
    name: 'dont_know',
    about: '"I don’t know" / "not sure" anywhere in the reply, whatever follows (ambivalence)',
    value: (r) => Math.min(2, 0.5 * r.uncertain),
  },
  { name: 'length', about: 'log of the number of words', value: (r) => Math.log1p(r.words) },
  { name: 'negations', about: 'clinical negations in the reply (at most 3)', value: (r) => Math.min(3, r.negations) },
  { name: 'contrasts', about: 'but / though / however (ambivalence), at most 2', value: (r) => Math.min(2, r.contrasts) },
  { name: 'first_person', about: 'share of words that are I / me / my / we', value: (r) => (r.words > 0 ? r.firstPerson / r.words : 0) },
  { name: 'question', about: 'the reply ends with a question mark', value: (r) => (r.question ? 1 : 0) },
];

/** Weights per feature (in TALK_FEATURES order) for the change and the sustain logit; neutral is 0. */
export type TalkWeights = { change: readonly number[]; sustain: readonly number[] };

/**
 * Fitted by `npm run eval:cues` on all of annomi-dev.csv (2 728 client utterances, 80 transcripts):
 * multinomial logistic regression on standardised features, class-balanced, L2 0.001, 1 500
 * full-batch gradient steps from zero, then the two intercepts shifted to maximise macro-F1 on the
 * same data. Neutral is the reference class. 22 × 2 = 44 numbers. Cross-validated figures are in
 * docs/language-cues.md.
 */
export const TALK_WEIGHTS: TalkWeights = {
  change: [
    -1.36, 1.349, 1.408, 1.057, 1.022, 0.846, 1.883, 0.23, 0.239, 0.811, -0.28, -0.938, -0.18, 1.393, -0.328, 0.6, -0.754, 0.25, 0.005, -0.272, 1.201, -0.432,
  ],
  sustain: [
    -1.799, 0.147, 0.283, 1.059, -0.049, 0.525, 1.085, 0.635, 2.024, 2, 0.305, -1.947, -0.485, 1.682, -0.888, 1.71, -0.193, 0.347, 0.185, 0.169, 0.43, -0.853,
  ],
};

/** The feature vector of a reading, in TALK_FEATURES order. */
export function talkFeatures(reading: CueReading): number[] {
  return TALK_FEATURES.map((f) => f.value(reading));
}

function dot(w: readonly number[], x: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += (w[k] ?? 0) * (x[k] ?? 0);
  return s;
}

/** Probabilities of change, neutral and sustain talk for a feature vector. */
export function talkProbabilities(x: readonly number[], weights: TalkWeights = TALK_WEIGHTS): Record<TalkType, number> {
  const zc = dot(weights.change, x);
  const zs = dot(weights.sustain, x);
  const m = Math.max(zc, zs, 0);
  const ec = Math.exp(zc - m);
  const es = Math.exp(zs - m);
  const en = Math.exp(-m);
  const total = ec + es + en;
  return { change: ec / total, neutral: en / total, sustain: es / total };
}

/**
 * Classifies a client utterance as change, neutral or sustain talk from its cues. Used to
 * measure the cue reader against expert labels; the product shows cues, not this label.
 */
export function classifyTalk(reading: CueReading, weights: TalkWeights = TALK_WEIGHTS): TalkType {
  return classifyTalkFeatures(talkFeatures(reading), weights);
}

/** The same decision from a feature vector already computed (the evaluation computes each once). */
export function classifyTalkFeatures(x: readonly number[], weights: TalkWeights = TALK_WEIGHTS): TalkType {
  return decide(dot(weights.change, x), dot(weights.sustain, x));
}

export type FitOptions = { l2: number; steps: number; rate: number };

/**
 * Fits TalkWeights by class-balanced multinomial logistic regression (full-batch gradient
 * descent from zero, so the result is deterministic). Class balancing aims at macro-F1, the
 * figure SPEC §5.5 asks for, rather than at accuracy on the majority class.
 */
export function fitTalkWeights(
  rawXs: readonly (readonly number[])[],
  ys: readonly TalkType[],
  options: FitOptions = { l2: 0.001, steps: 1500, rate: 0.5 },
): TalkWeights {
  const d = rawXs[0]?.length ?? 0;
  // Fit on standardised features (column 0 is the constant) so one step size suits every feature.
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(1);
  for (let j = 1; j < d; j++) {
    let m = 0;
    for (const x of rawXs) m += x[j] ?? 0;
    m /= Math.max(1, rawXs.length);
    let v = 0;
    for (const x of rawXs) v += ((x[j] ?? 0) - m) ** 2;
    mean[j] = m;
    sd[j] = Math.sqrt(v / Math.max(1, rawXs.length)) || 1;
  }
  const n = ys.length;
  // Standardised features in one flat array, so the 1 500 passes allocate nothing per example.
  const xs = new Float64Array(n * d);
  for (let k = 0; k < n; k++) {
    const x = rawXs[k];
    for (let j = 0; j < d; j++) xs[k * d + j] = j === 0 ? 1 : ((x?.[j] ?? 0) - (mean[j] ?? 0)) / (sd[j] ?? 1);
  }
  const wc = new Float64Array(d);
  const ws = new Float64Array(d);
  const counts: Record<TalkType, number> = { change: 0, neutral: 0, sustain: 0 };
  for (const y of ys) counts[y]++;
  const classWeight = (y: TalkType): number => (counts[y] > 0 ? n / (3 * counts[y]) : 0);
  const cws = new Float64Array(n);
  const isChange = new Uint8Array(n);
  const isSustain = new Uint8Array(n);
  let totalWeight = 0;
  for (let k = 0; k < n; k++) {
    const y = ys[k] as TalkType;
    cws[k] = classWeight(y);
    isChange[k] = y === 'change' ? 1 : 0;
    isSustain[k] = y === 'sustain' ? 1 : 0;
    totalWeight += cws[k] ?? 0;
  }
  const gc = new Float64Array(d);
  const gs = new Float64Array(d);
  for (let step = 0; step < options.steps; step++) {
    gc.fill(0);
    gs.fill(0);
    for (let k = 0; k < n; k++) {
      const o = k * d;
      let zc = 0;
      let zs = 0;
      for (let j = 0; j < d; j++) {
        const v = xs[o + j] as number;
        zc += (wc[j] as number) * v;
        zs += (ws[j] as number) * v;
      }
      const m = Math.max(zc, zs, 0);
      const ec0 = Math.exp(zc - m);
      const es0 = Math.exp(zs - m);
      const total = ec0 + es0 + Math.exp(-m);
      const cw = cws[k] as number;
      const ec = cw * (ec0 / total - (isChange[k] as number));
      const es = cw * (es0 / total - (isSustain[k] as number));
      for (let j = 0; j < d; j++) {
        const v = xs[o + j] as number;
        gc[j] = (gc[j] as number) + ec * v;
        gs[j] = (gs[j] as number) + es * v;
      }
    }
    for (let j = 0; j < d; j++) {
      const reg = j === 0 ? 0 : options.l2;
      wc[j] = (wc[j] as number) - options.rate * ((gc[j] as number) / totalWeight + reg * (wc[j] as number));
      ws[j] = (ws[j] as number) - options.rate * ((gs[j] as number) / totalWeight + reg * (ws[j] as number));
    }
  }
  const r = (v: number): number => Math.round(v * 1000) / 1000;
  const raw = (w: Float64Array): number[] => {
    const out = Array.from(w, (v, j) => (j === 0 ? v : v / (sd[j] ?? 1)));
    for (let j = 1; j < d; j++) out[0] = (out[0] ?? 0) - (out[j] ?? 0) * (mean[j] ?? 0);
    return out.map(r);
  };
  return tuneOffsets(rawXs, ys, { change: raw(wc), sustain: raw(ws) });
}

/** Macro-F1 of predictions against labels (SPEC §5.5's figure of merit). */
export function macroF1(truth: readonly TalkType[], pred: readonly TalkType[]): { change: number; neutral: number; sustain: number; macro: number } {
  const f1 = { change: 0, neutral: 0, sustain: 0 };
  for (const c of TALK_TYPES) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let k = 0; k < truth.length; k++) {
      if (pred[k] === c && truth[k] === c) tp++;
      else if (pred[k] === c) fp++;
      else if (truth[k] === c) fn++;
    }
    f1[c] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return { ...f1, macro: (f1.change + f1.neutral + f1.sustain) / 3 };
}

/**
 * Shifts the two intercepts so the decision maximises macro-F1 on the training data (a grid of
 * ±1.5 in steps of 0.1): the probability-optimal boundary is not the macro-F1-optimal one.
 */
function tuneOffsets(xs: readonly (readonly number[])[], ys: readonly TalkType[], w: TalkWeights): TalkWeights {
  const zc = xs.map((x) => dot(w.change, x));
  const zs = xs.map((x) => dot(w.sustain, x));
  let best = { macro: -1, oc: 0, os: 0 };
  for (let i = -15; i <= 15; i++) {
    for (let j = -15; j <= 15; j++) {
      const oc = i / 10;
      const os = j / 10;
      const pred = zc.map((c, k): TalkType => decide(c + oc, (zs[k] ?? 0) + os));
      const m = macroF1(ys, pred).macro;
      if (m > best.macro + 1e-9) best = { macro: m, oc, os };
    }
  }
  const shift = (v: readonly number[], o: number): number[] => v.map((x, j) => (j === 0 ? Math.round((x + o) * 1000) / 1000 : x));
  return { change: shift(w.change, best.oc), sustain: shift(w.sustain, best.os) };
}

function decide(zc: number, zs: number): TalkType {
  if (zc >= 0 && zc >= zs) return 'change';
  if (zs > 0) return 'sustain';
  return 'neutral';
}
