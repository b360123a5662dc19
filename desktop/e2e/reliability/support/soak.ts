/**
 * Sizes of the reliability tests: small enough for `npm test` on a 2-core CI machine,
 * bigger under `npm run test:soak` (SERI_SOAK=1).
 */
export const SOAK = process.env['SERI_SOAK'] === '1' || process.env['SERI_SOAK'] === 'true';

export function size(ci: number, soak: number): number {
  return SOAK ? soak : ci;
}

/** A seeded generator (mulberry32), so a failing random run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function testSeed(): number {
  const fromEnv = Number(process.env['SERI_SEED']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31);
}

/** Polls `check` until it holds; counts attempts, never wall time, and says what it waited for. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, attempts = 600, pauseMs = 100): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new Error(`never happened: ${what}`);
}
