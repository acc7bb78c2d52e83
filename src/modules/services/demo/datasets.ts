// Deterministic demo registries: the same rows on every start, so docs/services.md can name examples.

function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The secret number printed on an applicant's exam pass (derived so the docs can list examples). */
export function demoSecret(index: number): string {
  return String(((index * 7919 + 123_457) % 900_000) + 100_000);
}

export function examResults(count: number): Record<string, string>[] {
  const random = prng(2016);
  const score = (max: number) => (Math.round(random() * max * 10) / 10).toFixed(1);
  return Array.from({ length: count }, (_, i) => {
    const language = score(100);
    const mathematics = score(100);
    const history = score(100);
    const total = (Number(language) + Number(mathematics) + Number(history) * 1.5).toFixed(1);
    return {
      applicantCode: String(1_000_001 + i),
      secret: demoSecret(i + 1),
      language,
      mathematics,
      history,
      total,
    };
  });
}

const OPERATORS = ['Azercell', 'Bakcell', 'Nar'];
const PREFIXES = ['50', '51', '55', '70', '77', '99', '10'];

export function portedNumbers(count: number): Record<string, string>[] {
  const random = prng(2017);
  return Array.from({ length: count }, (_, i) => {
    const prefix = PREFIXES[i % PREFIXES.length] as string;
    const day = new Date(Date.UTC(2013, 0, 1) + Math.floor(random() * 1300) * 86_400_000);
    return {
      phone: `${prefix}${String(2_000_000 + i).padStart(7, '0')}`,
      operator: OPERATORS[Math.floor(random() * 3)] as string,
      movedOn: day.toISOString().slice(0, 10),
    };
  });
}

const KINDS = ['Apteka', 'Məktəb', 'Poliklinika', 'Kitabxana', 'Poçt şöbəsi', 'Bank filialı'];
const STREETS = ['Nizami küç.', 'Füzuli küç.', 'Azadlıq pr.', 'Neftçilər pr.', 'Təbriz küç.'];
const CITIES = ['Bakı', 'Gəncə', 'Sumqayıt', 'Şəki', 'Lənkəran'];

export function phoneDirectory(count: number): Record<string, string>[] {
  return Array.from({ length: count }, (_, i) => ({
    phone: `12${String(4_000_000 + i).padStart(7, '0')}`,
    name: `${KINDS[i % KINDS.length]} № ${i + 1}`,
    address: `${CITIES[i % CITIES.length]}, ${STREETS[i % STREETS.length]} ${(i % 120) + 1}`,
  }));
}

export function genericRecords(): Record<string, string>[] {
  return [
    { reference: 'DEMO0001', status: 'valid / etibarlıdır / действителен' },
    { reference: 'DEMO0002', status: 'expired / müddəti bitib / истёк' },
  ];
}
