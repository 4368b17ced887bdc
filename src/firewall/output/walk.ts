/**
 * Copies a JSON value iteratively (no recursion, so depth cannot overflow the stack) and lists every
 * string inside it with its JSON Pointer (RFC 6901), the key it sits under and where to write it back.
 */
import type { JsonObject, JsonValue } from '../../types.js';

export type Holder = JsonObject | JsonValue[];

export interface Leaf {
  readonly holder: Holder;
  readonly key: string | number;
  readonly text: string;
  readonly path: string;
  /** Name of the nearest enclosing object key (array indices skipped), null at the root. */
  readonly keyName: string | null;
}

export interface WalkLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxChars: number;
}

export class OutputLimitError extends Error {
  constructor(readonly limit: 'depth' | 'nodes' | 'chars') {
    super(`output exceeds the ${limit} limit`);
    this.name = 'OutputLimitError';
  }
}

export interface Walked {
  /** The copy; `root.value` is the copied value. */
  readonly root: { value: JsonValue };
  readonly leaves: Leaf[];
  /** Object keys seen, for scanning (keys can carry text too). */
  readonly keys: string[];
}

const escapePointer = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

function setProp(obj: JsonObject, key: string, value: JsonValue): void {
  // "__proto__" as a plain assignment would change the copy's prototype; define it as data instead.
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

interface Frame {
  readonly src: unknown;
  readonly holder: Holder;
  readonly key: string | number;
  readonly path: string;
  readonly keyName: string | null;
  readonly depth: number;
}

export function walk(value: unknown, limits: WalkLimits): Walked {
  const root: { value: JsonValue } = { value: null };
  const leaves: Leaf[] = [];
  const keys: string[] = [];
  let nodes = 0;
  let chars = 0;
  const stack: Frame[] = [
    { src: value, holder: root as unknown as JsonObject, key: 'value', path: '', keyName: null, depth: 0 },
  ];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (++nodes > limits.maxNodes) throw new OutputLimitError('nodes');
    if (f.depth > limits.maxDepth) throw new OutputLimitError('depth');
    const put = (v: JsonValue): void => {
      if (Array.isArray(f.holder)) f.holder[f.key as number] = v;
      else setProp(f.holder, f.key as string, v);
    };
    const src = f.src;
    if (typeof src === 'string') {
      chars += src.length;
      if (chars > limits.maxChars) throw new OutputLimitError('chars');
      put(src);
      leaves.push({ holder: f.holder, key: f.key, text: src, path: f.path, keyName: f.keyName });
    } else if (typeof src === 'number') {
      put(Number.isFinite(src) ? src : null);
    } else if (typeof src === 'boolean' || src === null) {
      put(src);
    } else if (Array.isArray(src)) {
      const arr: JsonValue[] = new Array<JsonValue>(src.length).fill(null);
      put(arr);
      for (let i = src.length - 1; i >= 0; i--) {
        stack.push({
          src: src[i],
          holder: arr,
          key: i,
          path: `${f.path}/${i}`,
          keyName: f.keyName,
          depth: f.depth + 1,
        });
      }
    } else if (typeof src === 'object') {
      const obj: JsonObject = {};
      put(obj);
      const entries = Object.entries(src as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        chars += k.length;
        keys.push(k);
        stack.push({
          src: v,
          holder: obj,
          key: k,
          path: `${f.path}/${escapePointer(k)}`,
          keyName: k,
          depth: f.depth + 1,
        });
      }
    } else {
      put(null); // undefined, bigint, function: not JSON
    }
  }
  return { root, leaves, keys };
}

/** Removes dropped leaves: object keys are deleted, array elements removed. */
export function dropLeaves(root: { value: JsonValue }, dropped: readonly Leaf[]): void {
  const byArray = new Map<JsonValue[], number[]>();
  for (const leaf of dropped) {
    if (leaf.holder === (root as unknown as Holder)) {
      root.value = null;
    } else if (Array.isArray(leaf.holder)) {
      const list = byArray.get(leaf.holder) ?? [];
      list.push(leaf.key as number);
      byArray.set(leaf.holder, list);
    } else {
      delete leaf.holder[leaf.key as string];
    }
  }
  // One compaction pass per array: splicing each index would be quadratic on large arrays.
  for (const [arr, indices] of byArray) {
    const gone = new Set(indices);
    let w = 0;
    for (let r = 0; r < arr.length; r++) if (!gone.has(r)) arr[w++] = arr[r]!;
    arr.length = w;
  }
}
