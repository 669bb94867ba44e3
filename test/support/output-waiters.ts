/**
 * Waits on a console's growing output: `until` resolves once `pattern` matches what `read`
 * returns, re-testing each time `wake` is called (new output, the console closing), and rejects
 * after `timeoutMs` naming the pattern and the output seen.
 */
export class OutputWaiters {
  private readonly waiters = new Set<() => void>();

  wake(): void {
    for (const wake of this.waiters) wake();
  }

  async until(read: () => string, pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(read())) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no ${String(pattern)} in console output: ${JSON.stringify(read())}`);
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
    return read();
  }
}
