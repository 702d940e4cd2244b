/**
 * The load generator of `npm run bench`, run in its own process (child_process.fork from run.ts)
 * so it shares neither the event loop nor the heap of the servers it measures; on a 2-core
 * machine it gets the other core. It speaks HTTP/1.1 over raw keep-alive sockets (one request in
 * flight per connection, a preformatted request, responses framed by Content-Length or chunked
 * encoding), because node:http's client is slower than node:http's server and would cap every
 * figure at its own speed. It takes jobs over IPC, one at a time, and answers each with a Result.
 */
import net from 'node:net';

/** One measurement: `requests` requests after `warmup` unmeasured ones, `concurrency` connections. */
export type Job = {
  port: number;
  method: 'GET' | 'POST';
  /** Paths used in turn (round robin), e.g. one per client. */
  paths: string[];
  headers: Record<string, string>;
  body?: string;
  requests: number;
  warmup: number;
  concurrency: number;
};

/** Rate over the measured requests, and latency percentiles (write of the request → whole response). */
export type Result = { requests: number; seconds: number; rate: number; failed: number; p50: number; p95: number; statuses: Record<string, number> };

function frame(job: Job): Buffer[] {
  return job.paths.map((path) => {
    const body = job.body === undefined ? '' : job.body;
    const head =
      `${job.method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${job.port}\r\nConnection: keep-alive\r\n` +
      Object.entries(job.headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      (job.body === undefined ? '' : `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`) +
      '\r\n';
    return Buffer.from(head + body, 'utf8');
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function run(job: Job, n: number): Promise<{ failed: number; latencies: number[]; statuses: Record<string, number> }> {
  const requests = frame(job);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let done = 0;
  let failed = 0;
  return new Promise((resolve) => {
    if (n === 0) {
      resolve({ failed, latencies, statuses });
      return;
    }
    const lane = () => {
      if (next >= n) return;
      let sent = 0;
      const send = () => {
        sent = performance.now();
        socket.write(requests[next++ % requests.length]!);
      };
      const socket = net.connect(job.port, '127.0.0.1');
      socket.setNoDelay(true);
      let buf: Buffer = Buffer.alloc(0);
      const finish = (status: number) => {
        latencies.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
        done++;
        if (status < 200 || status >= 300) failed++;
        if (done === n) {
          socket.destroy();
          resolve({ failed, latencies, statuses });
          return;
        }
        if (next < n) send();
        else socket.destroy();
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          const head = buf.indexOf('\r\n\r\n');
          if (head < 0) return;
          const text = buf.subarray(0, head).toString('latin1');
          const status = Number(text.slice(9, 12));
          const length = /\r\ncontent-length: *(\d+)/i.exec(text);
          let end: number;
          if (length) end = head + 4 + Number(length[1]);
          else if (/\r\ntransfer-encoding: *chunked/i.test(text)) {
            const z = buf.indexOf('\r\n0\r\n\r\n', head + 2);
            if (z < 0) return;
            end = z + 7;
          } else end = head + 4;
          if (buf.length < end) return;
          buf = buf.subarray(end);
          finish(status);
        }
      });
      socket.on('error', () => {
        failed++;
        done++;
        if (done >= n) resolve({ failed, latencies, statuses });
      });
    };
    for (let i = 0; i < Math.min(job.concurrency, n); i++) lane();
  });
}

async function measure(job: Job): Promise<Result> {
  await run(job, job.warmup);
  const t0 = performance.now();
  const { failed, latencies, statuses } = await run(job, job.requests);
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: job.requests, seconds, rate: job.requests / seconds, failed, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), statuses };
}

process.on('message', (job: Job) => {
  void measure(job).then((r) => process.send!(r));
});
