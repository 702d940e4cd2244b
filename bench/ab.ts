/**
 * Two versions of Accord side by side in one process, for A/B work on a machine whose speed moves
 * by half within a minute: `node --import tsx bench/ab.ts <treeA> <treeB> [--rounds 8]
 * [--only submit,read,list]`. Each tree is a checkout of Accord (e.g. a `git archive` of another
 * commit into a directory, with `node_modules` linked to this one's). The bench practice
 * (bench/fixture.ts, 40 clients × 3 years) is built once and copied, each tree serves its own copy
 * from its own modules (the same SQLite file layout, the same fixture), and the load generator
 * (bench/loader.ts, its own process) alternates between them: each round measures A then B, or B
 * then A, burst after burst, so both meet the same phases of the machine; every burst's
 * follow-ups are drained before the next. The first round is a warm-up and is not counted.
 *
 * Prints per round each tree's rate and server CPU a request (process.cpuUsage, both servers'
 * process: only one is loaded at a time), then per route the median over the rounds of B ÷ A for
 * both. Two copies of the same tree give the spread to read a difference against: on a shared
 * 2-core machine single rounds of the same code differed by up to a third either way, so a change
 * of less than a tenth does not show in eight rounds.
 */
import { fork } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixture } from './fixture.ts';
import type { Job, Result } from './loader.ts';
import type * as Open from '../src/storage/open.ts';
import type * as App from '../src/http/app.ts';
import type * as Bg from '../src/services/background.ts';
import type * as Builtin from '../src/domain/measures/builtin/index.ts';
import type * as Fx from './fixture.ts';

const args = process.argv.slice(2);
const flag = (name: string, d: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : d;
};
const trees = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).map((t) => resolve(t));
if (trees.length !== 2) {
  process.stderr.write('usage: node --import tsx bench/ab.ts <treeA> <treeB> [--rounds 8] [--only submit,read,list]\n');
  process.exit(2);
}
const ROUNDS = Number(flag('rounds', '8'));
const ONLY = flag('only', 'submit,read,list').split(',');

const f = await buildFixture({ clients: 40, years: 3 });
const dirB = `${f.dir}-b`;
cpSync(f.dir, dirB, { recursive: true });

type Served = Awaited<ReturnType<typeof serve>>;
/** One tree's app on its own copy of the practice, signed in as the bench's therapist. */
async function serve(tree: string, dir: string) {
  // Loaded from the tree itself: each tree runs its own code (modules are cached per path).
  const { openStorage } = (await import(join(tree, 'src/storage/open.ts'))) as typeof Open;
  const { buildApp } = (await import(join(tree, 'src/http/app.ts'))) as typeof App;
  const { Background } = (await import(join(tree, 'src/services/background.ts'))) as typeof Bg;
  const { PHQ9 } = (await import(join(tree, 'src/domain/measures/builtin/index.ts'))) as typeof Builtin;
  const fx = (await import(join(tree, 'bench/fixture.ts'))) as typeof Fx;
  const storage = await openStorage({ dataDir: dir, keyFile: f.keyFile });
  const deps = fx.depsFor(storage, fx.benchClock());
  const background = new Background(() => deps);
  deps.background = background;
  const app = await buildApp({ deps, secureCookies: false, logger: false, version: 'bench' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email: fx.THERAPIST, password: fx.PASSWORD } });
  const cookie = `accord_session=${res.cookies.find((c) => c.name === 'accord_session')!.value}`;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  const body = JSON.stringify({ instrumentCode: 'phq9', source: 'in_session', answers: fx.answersFor(PHQ9, 5, 5) });
  const port = (app.server.address() as AddressInfo).port;
  const close = async () => {
    await app.close();
    await background.close();
    await deps.audit.settle();
    await storage.close();
  };
  return { port, cookie, csrf, body, background, close };
}

const loader = fork(fileURLToPath(new URL('./loader.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], serialization: 'json' });
/** One burst of a route on one server, as the bench loads it (concurrency 16): its rate and the CPU a request. */
function burst(s: Served, route: string): Promise<{ rate: number; cpuUs: number }> {
  const job: Job =
    route === 'submit'
      ? {
          port: s.port,
          method: 'POST',
          paths: f.clientIds.map((id) => `/api/clients/${id}/responses`),
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          body: s.body,
          requests: 240,
          warmup: 16,
          concurrency: 16,
        }
      : {
          port: s.port,
          method: 'GET',
          paths: route === 'read' ? [`/api/clients/${f.clientId}`] : ['/api/clients'],
          headers: { cookie: s.cookie },
          requests: route === 'read' ? 3000 : 600,
          warmup: 50,
          concurrency: 16,
        };
  return new Promise((done) => {
    const before = process.cpuUsage();
    loader.once('message', (r: Result) => {
      const used = process.cpuUsage(before);
      if (r.failed) throw new Error(`${route}: ${r.failed} requests failed (${JSON.stringify(r.statuses)})`);
      done({ rate: r.rate, cpuUs: (used.user + used.system) / (r.requests + job.warmup) });
    });
    loader.send(job);
  });
}

const median = (v: readonly number[]) => {
  const s = [...v].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const a = await serve(trees[0]!, f.dir);
const b = await serve(trees[1]!, dirB);
const got = new Map<string, { a: { rate: number; cpuUs: number }[]; b: { rate: number; cpuUs: number }[] }>();
try {
  for (let round = 0; round <= ROUNDS; round++) {
    for (const route of ONLY) {
      const order =
        round % 2
          ? ([
              ['b', b],
              ['a', a],
            ] as const)
          : ([
              ['a', a],
              ['b', b],
            ] as const);
      for (const [name, s] of order) {
        const r = await burst(s, route);
        await s.background.settle();
        if (round === 0) continue; // warm-up
        const m = got.get(route) ?? { a: [], b: [] };
        m[name].push(r);
        got.set(route, m);
        process.stdout.write(`round ${round} ${route.padEnd(6)} ${name}: ${r.rate.toFixed(0).padStart(6)}/s  cpu ${r.cpuUs.toFixed(0).padStart(5)} µs/req\n`);
      }
    }
  }
  for (const [route, m] of got) {
    const rate = median(m.b.map((x, i) => x.rate / m.a[i]!.rate));
    const cpu = median(m.b.map((x, i) => x.cpuUs / m.a[i]!.cpuUs));
    process.stdout.write(
      `${route.padEnd(6)} B ÷ A, median of ${m.a.length} rounds: rate ${rate.toFixed(3)} (A ${median(m.a.map((x) => x.rate)).toFixed(0)}/s, B ${median(m.b.map((x) => x.rate)).toFixed(0)}/s), cpu a request ${cpu.toFixed(3)}\n`,
    );
  }
} finally {
  loader.kill();
  await a.close();
  await b.close();
  rmSync(f.dir, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
}
