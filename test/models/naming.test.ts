/**
 * Name generation, pod-template-hash and UIDs: format, determinism for a fixed stream, key-order independence.
 * Expected hashes were computed independently (Python, FNV-32a by its definition) from the canonical JSON shown.
 */
import {
  canonicalJson,
  fnv32a,
  generateName,
  MAX_GENERATED_NAME_LENGTH,
  NAME_ALPHANUMS,
  newUid,
  podTemplateHash,
  randomString,
  safeEncodeString,
} from '../../models/naming';

/** A stream that replays fixed values (cycling). */
const replay = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};
/** A small deterministic generator (mulberry32) for bulk checks. */
const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe('generateName (names.SimpleNameGenerator + rand.String)', () => {
  test('one draw per character, uniform index floor(u·27) into the alphabet', () => {
    // 0 → b, 1/27 → c, 2/27 → d, 3/27 → f, 26.5/27 → 9
    const rng = replay([0, 1 / 27, 2 / 27, 3 / 27, 26.5 / 27]);
    expect(generateName('web-7c5ddbdf54-', rng)).toBe('web-7c5ddbdf54-bcdf9');
  });

  test('format: base + 5 characters of bcdfghjklmnpqrstvwxz2456789', () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 200; i++) {
      expect(generateName('web-', rng)).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    }
  });

  test('bases longer than 58 characters are cut to 58 (names stay ≤ 63)', () => {
    const base = 'x'.repeat(70);
    const name = generateName(base, mulberry32(1));
    expect(name).toHaveLength(63);
    expect(name.slice(0, MAX_GENERATED_NAME_LENGTH)).toBe('x'.repeat(58));
    expect(generateName('y'.repeat(58), mulberry32(1))).toHaveLength(63);
  });

  test('deterministic for a fixed stream', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const namesA = Array.from({ length: 20 }, () => generateName('p-', a));
    const namesB = Array.from({ length: 20 }, () => generateName('p-', b));
    expect(namesA).toEqual(namesB);
    expect(new Set(namesA).size).toBeGreaterThan(15);
  });

  test('rejects a stream value outside [0, 1)', () => {
    expect(() => randomString(replay([1]), 1)).toThrow(RangeError);
    expect(() => randomString(replay([-0.1]), 1)).toThrow(RangeError);
    expect(() => randomString(replay([NaN]), 1)).toThrow(RangeError);
  });

  test('uses every character of the alphabet', () => {
    const s = randomString(mulberry32(3), 2000);
    expect(new Set(s).size).toBe(NAME_ALPHANUMS.length);
  });
});

describe('podTemplateHash (controller.ComputeHash with canonical JSON instead of a spew dump)', () => {
  test('FNV-32a reference values', () => {
    expect(fnv32a(Buffer.from(''))).toBe(2166136261);
    expect(fnv32a(Buffer.from('a'))).toBe(0xe40c292c);
    expect(fnv32a(Buffer.from('foobar'))).toBe(0xbf9cf968);
  });

  test('SafeEncodeString maps digits 0–9 to 4 5 6 7 8 9 b c d f', () => {
    // '0' is 48, 48 mod 27 = 21 → '4'; '6' is 54, 54 mod 27 = 0 → 'b'
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  test('hash of a small template (derived independently)', () => {
    expect(canonicalJson({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
    // fnv32a('{"a":"x","b":1}') = 4155642861 → SafeEncodeString("4155642861")
    expect(podTemplateHash({ b: 1, a: 'x' })).toBe('8599b86db5');
    // with collisionCount 3: + 03 00 00 00 00 00 00 00 → 109568942
    expect(podTemplateHash({ b: 1, a: 'x' }, 3)).toBe('54f9bdf86');
  });

  const template = {
    metadata: { labels: { app: 'web', tier: 'front' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m' } } }] },
  };
  const reordered = {
    spec: { containers: [{ resources: { requests: { cpu: '100m' } }, ports: [{ containerPort: 80 }], image: 'nginx:1.27', name: 'nginx' }] },
    metadata: { labels: { tier: 'front', app: 'web' } },
  };

  test('independent of key order, dependent on content and array order', () => {
    expect(podTemplateHash(reordered)).toBe(podTemplateHash(template));
    const changed = { ...template, spec: { containers: [{ ...template.spec.containers[0], image: 'nginx:1.28' }] } };
    expect(podTemplateHash(changed)).not.toBe(podTemplateHash(template));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  test('undefined members are ignored (as JSON would)', () => {
    expect(podTemplateHash({ a: 1, b: undefined })).toBe(podTemplateHash({ a: 1 }));
  });

  test('format: at most 10 characters of the digit images', () => {
    for (let i = 0; i < 50; i++) expect(podTemplateHash({ i })).toMatch(/^[456789bcdf]{1,10}$/);
  });
});

describe('newUid (UUID v4)', () => {
  test('all-zero draws give the bare version/variant bits', () => {
    expect(newUid(replay([0]))).toBe('00000000-0000-4000-8000-000000000000');
  });
  test('all-max draws', () => {
    expect(newUid(replay([255.5 / 256]))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
  test('format and determinism', () => {
    const a = mulberry32(9);
    const b = mulberry32(9);
    for (let i = 0; i < 50; i++) {
      const u = newUid(a);
      expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(newUid(b)).toBe(u);
    }
  });
});
