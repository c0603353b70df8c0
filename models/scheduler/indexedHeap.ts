/**
 * A binary min-heap of objects that remember their own position (`heapIndex`), so any element can be removed or
 * re-sifted in O(log n) without tombstones (the scheduling queue's activeQ and backoffQ, after
 * pkg/scheduler/backend/heap : Heap, which keeps an index by key for the same reason). Owns order only; an element
 * belongs to at most one IndexedHeap at a time (its `heapIndex` is −1 when it is in none).
 */

export interface HeapElement {
  /** Position in the heap's array; −1 when the element is in no heap. Written only by IndexedHeap. */
  heapIndex: number;
}

/** `less(a, b)`: a comes out before b. Must be a strict total order for a deterministic pop order. */
export type Less<T> = (a: T, b: T) => boolean;

export class IndexedHeap<T extends HeapElement> {
  private readonly items: T[] = [];

  constructor(private readonly less: Less<T>) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(x: T): void {
    x.heapIndex = this.items.length;
    this.items.push(x);
    this.up(x.heapIndex);
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    this.removeAt(0);
    return top;
  }

  /** Removes `x` if it is in this heap; true when it was. */
  remove(x: T): boolean {
    const i = x.heapIndex;
    if (i < 0 || i >= this.items.length || this.items[i] !== x) return false;
    this.removeAt(i);
    return true;
  }

  /** Restores order after `x`'s key changed (in either direction). */
  fix(x: T): void {
    const i = x.heapIndex;
    if (i < 0 || this.items[i] !== x) return;
    if (!this.up(i)) this.down(i);
  }

  private removeAt(i: number): void {
    const items = this.items;
    const removed = items[i];
    const last = items.pop()!;
    removed.heapIndex = -1;
    if (i === items.length) return; // it was the last element
    items[i] = last;
    last.heapIndex = i;
    if (!this.up(i)) this.down(i);
  }

  /** Sifts up from i; true when the element moved. */
  private up(i: number): boolean {
    const items = this.items;
    const x = items[i];
    const start = i;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (!this.less(x, p)) break;
      items[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    items[i] = x;
    x.heapIndex = i;
    return i !== start;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const x = items[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(items[r], items[l]) ? r : l;
      const child = items[c];
      if (!this.less(child, x)) break;
      items[i] = child;
      child.heapIndex = i;
      i = c;
    }
    items[i] = x;
    x.heapIndex = i;
  }
}
