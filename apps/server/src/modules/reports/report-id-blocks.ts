/** A new report's id and its first event's, drawn from their sequences before either is written. */
export interface IntakeIds {
  reportId: number;
  eventId: number;
}

/**
 * Ids for new reports drawn ahead from the sequences, so that intake knows a report's id (its answer and its
 * notifications name it) without a read of its own. Blocks size themselves to the traffic: one id at a time
 * while reports are few, doubling up to `max` while each block is used up within `freshMs` of being drawn,
 * halving when one is not. An id is never handed out more than `freshMs` after it was drawn, so reports'
 * ids follow the order they were filed in to within that, across server instances too; ids left over are
 * dropped (a sequence's gaps are harmless: a rolled-back insert leaves one as well).
 */
export class IdBlocks {
  private block: IntakeIds[] = [];
  private drawnAt = Number.NEGATIVE_INFINITY;
  private size = 1;
  private drawing: Promise<void> | null = null;

  constructor(
    private readonly draw: (n: number) => Promise<IntakeIds[]>,
    private readonly now: () => number = () => performance.now(),
    private readonly freshMs = 1000,
    private readonly max = 64,
  ) {}

  /** How many ids the last block drew. */
  get blockSize(): number {
    return this.size;
  }

  async take(): Promise<IntakeIds> {
    for (;;) {
      if (this.block.length > 0 && this.now() - this.drawnAt < this.freshMs) return this.block.shift() as IntakeIds;
      this.drawing ??= this.refill().finally(() => {
        this.drawing = null;
      });
      await this.drawing;
    }
  }

  private async refill(): Promise<void> {
    if (this.block.length > 0) {
      // Ids went stale unused: fewer reports than the block was drawn for.
      this.size = Math.max(1, this.size >> 1);
    } else if (this.now() - this.drawnAt < this.freshMs) {
      // Used up while fresh: more reports than the block was drawn for.
      this.size = Math.min(this.max, this.size * 2);
    }
    this.block = [];
    const ids = await this.draw(this.size);
    this.block = ids;
    this.drawnAt = this.now();
  }
}
