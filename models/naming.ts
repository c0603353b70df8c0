/**
 * Kubernetes-style names and identifiers: generateName suffixes, pod-template-hash, UIDs. Deterministic given the
 * uniform stream passed in; never draws from Math.random or a clock.
 */
import type { Uniform } from '../engine/random';

/** apimachinery/pkg/util/rand : alphanums (vowels omitted to avoid forming words). */
export const NAME_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** apiserver/pkg/storage/names/generate.go : maxNameLength 63 − randomLength 5. */
export const MAX_GENERATED_NAME_LENGTH = 58;
const RANDOM_LENGTH = 5;

function draw(rng: Uniform, n: number): number {
  const u = rng();
  if (!(u >= 0 && u < 1)) throw new RangeError(`rng must return a number in [0, 1), got ${u}`);
  return Math.floor(u * n);
}

/**
 * apimachinery/pkg/util/rand : String(n): n characters, uniform over NAME_ALPHANUMS. Upstream slices 5-bit chunks of
 * a 63-bit draw and rejects indices ≥ 27; the distribution is the same, but here each character costs exactly one
 * draw so a stream's consumption does not depend on the values drawn.
 */
export function randomString(rng: Uniform, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += NAME_ALPHANUMS[draw(rng, NAME_ALPHANUMS.length)];
  return s;
}

/**
 * apiserver/pkg/storage/names/generate.go : simpleNameGenerator.GenerateName: the base (cut to 58 characters)
 * plus 5 random characters, as the API server does for metadata.generateName (`web-7c5ddbdf54-` → `…-x7k2q`).
 */
export function generateName(base: string, rng: Uniform): string {
  const b = base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  return b + randomString(rng, RANDOM_LENGTH);
}

/** apimachinery/pkg/util/rand : SafeEncodeString: each character's code point mod 27 indexes NAME_ALPHANUMS. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += NAME_ALPHANUMS[(ch.codePointAt(0) ?? 0) % NAME_ALPHANUMS.length];
  return out;
}

/** hash/fnv New32a over bytes: offset basis 2166136261, prime 16777619, xor then multiply (mod 2^32). */
export function fnv32a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level, arrays in order, undefined members omitted:
 * the same value always renders to the same text, whatever the key order it was built with.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    if (s === undefined) throw new TypeError(`canonicalJson: cannot render ${typeof value}`);
    return s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The pod-template-hash label a Deployment puts on its ReplicaSets and pods, after
 * pkg/controller/controller_utils.go : ComputeHash: FNV-32a of the template, then the collision count as 4
 * little-endian bytes plus 4 zero bytes (an 8-byte buffer) when given, then SafeEncodeString of the decimal hash.
 * Upstream hashes a go-spew dump of the Go PodTemplateSpec struct (DeepHashObject), which cannot be reproduced
 * byte for byte from YAML; this hashes canonicalJson(template) instead, so values differ from a real cluster's
 * while keeping its properties: deterministic, independent of key order, changes with the template, same
 * alphabet and length (up to 10 characters).
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let bytes: Uint8Array = Buffer.from(canonicalJson(template), 'utf8');
  if (collisionCount !== undefined) {
    if (!Number.isInteger(collisionCount) || collisionCount < 0 || collisionCount > 0xffffffff) {
      throw new RangeError(`collisionCount must be a uint32, got ${collisionCount}`);
    }
    const extra = Buffer.alloc(8);
    extra.writeUInt32LE(collisionCount, 0);
    bytes = Buffer.concat([bytes, extra]);
  }
  return safeEncodeString(String(fnv32a(bytes)));
}

/** A random (version 4, RFC 4122 variant) UUID in lower-case text, as the API server gives metadata.uid. */
export function newUid(rng: Uniform): string {
  const b = new Array<number>(16);
  for (let i = 0; i < 16; i++) b[i] = draw(rng, 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  // Joined, not a template literal: one flat 36-character string instead of a tree of cons strings (~300 bytes more
  // per uid, kept for every pod's life; issue #13).
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}
