import { formatBenchLine, type BenchOptions } from './bench/bench-result';
import { BENCHMARKS } from './bench/registry';

/**
 * `npm run bench -- NAME`: one benchmark of QUALITY.md; `smoke` runs every one at a tiny
 * size with no bar (CI catches a broken benchmark, never a slow machine).
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  const names = Object.keys(BENCHMARKS);
  if (!name || (name !== 'smoke' && !BENCHMARKS[name])) {
    console.error(`usage: npm run bench -- <${[...names, 'smoke'].join('|')}>`);
    process.exit(2);
  }
  const options: BenchOptions = { smoke: name === 'smoke', log: (line) => console.log(line) };
  for (const bench of name === 'smoke' ? names : [name]) {
    const { run } = await BENCHMARKS[bench]!();
    console.log(formatBenchLine(await run(options)));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
