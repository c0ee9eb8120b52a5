/**
 * /healthz throughput through Custos' full middleware stack, as a ratio of a bare Hono handler
 * measured on the same machine in the same run. Each server runs in its own process. The load
 * generator is wrk when installed (`apt-get install wrk`; written in C, it saturates the server
 * rather than itself), else autocannon, which runs here and becomes the bottleneck against a bare
 * handler (it then understates the overhead: the ratio looks better than it is). Rounds alternate
 * between the two servers so that drift in machine load hits both alike; medians are reported.
 *
 *   npm run bench:http [-- --rounds 5 --seconds 5 --connections 32]
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// @ts-expect-error autocannon ships no type declarations.
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const script = fileURLToPath(new URL('./http-overhead.server.ts', import.meta.url));

function start(mode: 'bare' | 'full'): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(script, [mode], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) =>
      resolve({ child, url: `http://127.0.0.1:${(message as { port: number }).port}/healthz` }),
    );
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

const wrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
})();

async function measure(url: string, duration: number): Promise<number> {
  if (wrk) {
    const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, url], { encoding: 'utf8' });
    if (/Non-2xx|Socket errors/.test(out)) throw new Error(`${url}: errors during the run\n${out}`);
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  }
  const result = await autocannon({ url, connections, duration, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

const bare = await start('bare');
const full = await start('full');
try {
  await measure(bare.url, 2); // warm-up: JIT and connection setup
  await measure(full.url, 2);
  const samples = { bare: [] as number[], full: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    samples.bare.push(await measure(bare.url, seconds));
    samples.full.push(await measure(full.url, seconds));
    console.log(
      `round ${round}: bare ${samples.bare.at(-1)?.toFixed(0)} req/s, full ${samples.full.at(-1)?.toFixed(0)} req/s`,
    );
  }
  const ratio = median(samples.full) / median(samples.bare);
  console.log(`\nbare Hono  median ${median(samples.bare).toFixed(0)} req/s`);
  console.log(`Custos     median ${median(samples.full).toFixed(0)} req/s`);
  console.log(
    `ratio      ${(ratio * 100).toFixed(1)}% (target ≥ 70%)  [${wrk ? 'wrk' : 'autocannon'}, ${rounds} rounds × ${seconds} s, ${connections} connections]`,
  );
  process.exitCode = ratio >= 0.7 ? 0 : 1;
} finally {
  bare.child.disconnect();
  full.child.disconnect();
}
