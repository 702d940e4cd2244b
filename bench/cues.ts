/**
 * Throughput of the language-cue reader beside wink-nlp's own rate on the same text, from one run.
 * The baseline is wink-nlp reading the text with the pipeline the reader needs (sentences and
 * parts of speech) and handing out its tokens, so the ratio is what the cue rules, negation and
 * agent detection cost on top of tokenisation. The text is written here, not taken from any dataset.
 */
import { readCues } from '../src/domain/cues/read-cues.ts';
import { winkPipeline } from '../src/domain/cues/nlp.ts';

const SENTENCES = [
  "I don't want a quick fix, I want to understand why I keep pushing people away.",
  'My mother needs to change and I am waiting for things to get better.',
  'Last week I tried the breathing exercise when my boss shouted at me, and it helped a bit.',
  "I'm going to talk to my manager on Friday about the conflict.",
  'I want to keep the progress after therapy ends and manage on my own without falling back.',
  "Honestly I don't know. The homework feels pointless and we are not making any progress.",
  'Client reported practising the thought record twice; denied thoughts of self-harm.',
  'It reminds me of how my father used to shout when I was a child.',
];

/** A few hundred short texts like those the reader sees: reflections, goals, notes. */
function corpus(): string[] {
  const texts: string[] = [];
  for (let k = 0; k < 400; k++) {
    const a = SENTENCES[k % SENTENCES.length] ?? '';
    const b = SENTENCES[(k * 3 + 1) % SENTENCES.length] ?? '';
    texts.push(k % 2 === 0 ? `${a} ${b}` : a);
  }
  return texts;
}

function timeIt(texts: readonly string[], read: (t: string) => number, minMs: number): { tokens: number; ms: number } {
  let tokens = 0;
  const t0 = performance.now();
  let ms = 0;
  do {
    for (const t of texts) tokens += read(t);
    ms = performance.now() - t0;
  } while (ms < minMs);
  return { tokens, ms };
}

/**
 * Measures cue analysis (readCues) and wink-nlp tokenisation on the same texts in one run,
 * interleaved in rounds so both see the same machine load; tokens are counted by wink-nlp for both.
 */
export async function benchCues(): Promise<{ cueTokensPerSec: number; winkTokensPerSec: number; ratio: number }> {
  const texts = corpus();
  const nlp = winkPipeline();
  // Both rates count wink-nlp's own tokens of each text, so the ratio compares like with like.
  const tokenCount = new Map(texts.map((t) => [t, nlp.readDoc(t).tokens().length()]));
  const wink = (t: string): number => {
    const doc = nlp.readDoc(t);
    const tokens = doc.tokens();
    tokens.out();
    tokens.out(nlp.its.pos);
    tokens.out(nlp.its.lemma as unknown as typeof nlp.its.value);
    return tokens.length();
  };
  const cue = (t: string): number => {
    readCues(t);
    return tokenCount.get(t) ?? 0;
  };
  // Warm up both paths (JIT, lazy model set-up).
  timeIt(texts, wink, 200);
  timeIt(texts, cue, 200);
  let winkTokens = 0;
  let winkMs = 0;
  let cueTokens = 0;
  let cueMs = 0;
  for (let round = 0; round < 4; round++) {
    const w = timeIt(texts, wink, 250);
    const c = timeIt(texts, cue, 250);
    winkTokens += w.tokens;
    winkMs += w.ms;
    cueTokens += c.tokens;
    cueMs += c.ms;
  }
  const winkTokensPerSec = Math.round((winkTokens / winkMs) * 1000);
  const cueTokensPerSec = Math.round((cueTokens / cueMs) * 1000);
  return { cueTokensPerSec, winkTokensPerSec, ratio: Math.round((cueTokensPerSec / winkTokensPerSec) * 100) / 100 };
}

// Run alone for A/B work (`node --import tsx bench/cues.ts [--runs 3]`): `benchCues()` as `npm run bench` calls it, one line a run.
if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--runs');
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 1;
  for (let k = 0; k < runs; k++) console.log(JSON.stringify(await benchCues()));
}
