import type { CatalogueFile, ServiceEntry } from '../src/modules/catalogue/catalogue.model.ts';

// The data of bench:catalogue: a generated catalogue and a mix of realistic queries.

/** A deterministic generator, so every run searches the same catalogue. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** 20,000 services whose names and summaries mix the words of the real ones, in all three languages. */
export function generated(demo: CatalogueFile, count: number): ServiceEntry[] {
  const real = demo.services ?? [];
  const next = random(42);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)] as T;
  const words = (lang: 'az' | 'en' | 'ru') => real.flatMap((s) => s.name[lang].split(/\s+/));
  const vocabulary = { az: words('az'), en: words('en'), ru: words('ru') };
  const phrase = (lang: 'az' | 'en' | 'ru', n: number) =>
    Array.from({ length: n }, () => pick(vocabulary[lang])).join(' ');
  return Array.from({ length: count }, (_, i) => {
    const model = pick(real);
    const n = 4 + Math.floor(next() * 6);
    return {
      ...model,
      code: `GEN-${String(i + 1).padStart(5, '0')}`,
      name: { az: phrase('az', n), en: phrase('en', n), ru: phrase('ru', n) },
      summary: { az: phrase('az', 14), en: phrase('en', 14), ru: phrase('ru', 14) },
    };
  });
}

/** Realistic queries: one to three words of real names in each language, some misspelt, some filtered. */
export function searchPaths(demo: CatalogueFile, prefix: string): string[] {
  const next = random(7);
  const real = demo.services ?? [];
  const paths: string[] = [];
  for (let i = 0; i < 150; i++) {
    const lang = (['az', 'en', 'ru'] as const)[i % 3] ?? 'en';
    const words = (real[Math.floor(next() * real.length)]?.name[lang] ?? 'social')
      .split(/\s+/)
      .filter((w: string) => w.length > 3);
    let q = words.slice(0, 1 + (i % 3)).join(' ');
    if (i % 10 === 0) q = q.replace(/([a-zа-яəöüğışç])\1?/i, '');
    const filter = i % 5 === 0 ? `&category=${(demo.categories ?? [])[i % 14]?.code}` : '';
    paths.push(`${prefix}q=${encodeURIComponent(q)}${filter}`);
  }
  paths.push(`${prefix}q=socal%20asistance`, `${prefix}q=mobil%20nomre`, `${prefix}agency=MLSPP`);
  return paths;
}
