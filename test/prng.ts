/** mulberry32: a tiny seeded PRNG returning floats in [0, 1), so generated inputs repeat exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded source of floats in [0, 1), such as mulberry32 returns. */
export type Rand = () => number;

/** An integer from lo to hi, both included. */
export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
/** One of xs, each as likely. */
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
/** true with probability p. */
export const chance = (r: Rand, p: number): boolean => r() < p;
