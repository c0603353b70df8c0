/**
 * The event queue's heaps: a binary min-heap of (time, order, slot) entries in three parallel typed arrays. A
 * comparison reads the keys where the heap holds them (no hop through the slot to per-slot arrays at random places),
 * and sifts move a hole instead of swapping. Owns nothing but the heap shape; SlotQueue owns what the slots mean.
 *
 * Order: (time, then order), both compared as numbers. The queue's keys are unique (order packs a unique seq), so the
 * pop order is the key order whatever the heap's shape: exactly fastpriorityqueue's order before (issue #13).
 */
export class KeyHeap {
  /** Entry i's time, order and slot; entries [0, size) form the heap, root at 0. Read directly by SlotQueue. */
  times: Float64Array;
  orders: Float64Array;
  slots: Int32Array;
  size = 0;

  constructor(initialCapacity = 64) {
    const cap = Math.max(4, initialCapacity);
    this.times = new Float64Array(cap);
    this.orders = new Float64Array(cap);
    this.slots = new Int32Array(cap);
  }

  /** Adds an entry (sift up). */
  add(time: number, order: number, slot: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const orders = this.orders;
    const slots = this.slots;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      // Stop below a parent that comes first (keys are unique: never equal).
      if (tp < time || (tp === time && orders[p] < order)) break;
      times[i] = tp;
      orders[i] = orders[p];
      slots[i] = slots[p];
      i = p;
    }
    times[i] = time;
    orders[i] = order;
    slots[i] = slot;
  }

  /** Removes the root (size > 0). */
  poll(): void {
    const last = --this.size;
    if (last > 0) this.siftDown(this.times[last], this.orders[last], this.slots[last]);
  }

  /** Replaces the root (size > 0) with a new entry: one poll and one add, in one sift down. */
  replaceTop(time: number, order: number, slot: number): void {
    this.siftDown(time, order, slot);
  }

  /** Puts the entry at the root's place and sinks it past every child that comes first. */
  private siftDown(time: number, order: number, slot: number): void {
    const times = this.times;
    const orders = this.orders;
    const slots = this.slots;
    const size = this.size;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      let tc = times[c];
      let oc = orders[c];
      const r = c + 1;
      if (r < size) {
        const tr = times[r];
        if (tr < tc || (tr === tc && orders[r] < oc)) {
          c = r;
          tc = tr;
          oc = orders[r];
        }
      }
      if (time < tc || (time === tc && order < oc)) break;
      times[i] = tc;
      orders[i] = oc;
      slots[i] = slots[c];
      i = c;
    }
    times[i] = time;
    orders[i] = order;
    slots[i] = slot;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    const orders = new Float64Array(cap);
    const slots = new Int32Array(cap);
    times.set(this.times);
    orders.set(this.orders);
    slots.set(this.slots);
    this.times = times;
    this.orders = orders;
    this.slots = slots;
  }
}
