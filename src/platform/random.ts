/**
 * mulberry32: a small, fast deterministic generator of numbers in [0, 1), good enough for demo data and
 * tests (the same seed always gives the same sequence, so a failure can be replayed). Not for secrets.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
