/**
 * Runs one job at a time. A request while it runs schedules exactly one more run after
 * it (so a write made during a run is never left waiting for the next timer), and every
 * caller's promise resolves once a run that started after its request has finished.
 */
export class SingleFlight<T> {
  private running: Promise<T> | null = null;
  private again: Promise<T> | null = null;

  constructor(private readonly job: () => Promise<T>) {}

  run(): Promise<T> {
    if (this.running === null) return this.start();
    if (this.again === null) {
      this.again = this.running.then(
        () => this.startAfter(),
        () => this.startAfter(),
      );
    }
    return this.again;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  private startAfter(): Promise<T> {
    this.again = null;
    return this.start();
  }

  private start(): Promise<T> {
    const run = this.job().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}
