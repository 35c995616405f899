/** Shuffle without repeats until every track was played, then a new order (not starting with the last one). */
export class TrackShuffle {
  private order: string[] = [];
  private last: string | null = null;

  constructor(
    private readonly tracks: readonly string[],
    private readonly random: () => number = Math.random,
  ) {}

  next(): string | null {
    if (this.tracks.length === 0) return null;
    if (this.order.length === 0) {
      this.order = [...this.tracks];
      for (let i = this.order.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
      }
      // order is consumed from the end; avoid hearing the same track twice across the boundary
      if (this.order.length > 1 && this.order[this.order.length - 1] === this.last) [this.order[0], this.order[this.order.length - 1]] = [this.order[this.order.length - 1], this.order[0]];
    }
    this.last = this.order.pop()!;
    return this.last;
  }
}
