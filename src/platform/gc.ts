import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full garbage collection now, for bulk work that knows when its garbage is dead (V8 grows its heap
 * long before it collects it). Node's documented way to reach gc() without starting node with
 * --expose-gc; a runtime without it gets a no-op (the heap is only larger).
 */
export const collectGarbage = ((): (() => void) => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return () => undefined;
  }
})();
