import type { PolicySet } from './set.js';

/**
 * Holds the active policy set and the recent history. Readers take `current()` once per request,
 * so a swap never shows a request half of one set and half of another.
 */
export interface PolicyStore {
  current(): PolicySet | null;
  swap(next: PolicySet): void;
  history(): readonly PolicySet[];
}

export function createPolicyStore(initial: PolicySet | null = null, keep = 20): PolicyStore {
  let active = initial;
  let past: PolicySet[] = initial ? [initial] : [];
  return {
    current: () => active,
    swap(next) {
      active = next;
      past = [next, ...past.filter((s) => s.version !== next.version)].slice(0, keep);
    },
    history: () => past,
  };
}
