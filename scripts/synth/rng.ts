/** Seeded PRNG (mulberry32) and template helpers, so generated data is identical run to run. */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, xs: readonly T[]): T {
  const x = xs[Math.floor(rng() * xs.length)];
  if (x === undefined) throw new Error('pick from empty list');
  return x;
}

export function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Fill `{name}` slots from a table of alternatives; nested slots are expanded recursively. */
export function fill(
  rng: Rng,
  template: string,
  slots: Readonly<Record<string, readonly string[]>>,
  depth = 0,
): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const alts = slots[name];
    if (!alts || depth > 6) return m;
    return fill(rng, pick(rng, alts), slots, depth + 1);
  });
}

export function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = xs[i] as T;
    xs[i] = xs[j] as T;
    xs[j] = t;
  }
  return xs;
}

export interface SynthRow {
  readonly text: string;
  readonly label: 'attack' | 'benign';
  readonly kind: string;
  readonly source: string;
}
