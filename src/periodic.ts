/**
 * Work a process does now and then: a pass now, then one every `intervalMs`, never two at once (a
 * pass still running when the next is due is not doubled). The timer does not keep the process
 * alive; `stop` clears it and waits for a pass under way. A failing pass goes to `onError` and the
 * next one tries again; `onSuccess` follows each pass that did not fail.
 */
export function startPeriodic(
  pass: () => Promise<unknown>,
  intervalMs: number,
  hooks: {
    readonly onError?: (error: unknown) => void;
    readonly onSuccess?: () => void;
  } = {},
): { stop: () => Promise<void> } {
  let running: Promise<unknown> | undefined;
  const tick = (): void => {
    running ??= pass()
      .then(
        () => hooks.onSuccess?.(),
        (error: unknown) => hooks.onError?.(error),
      )
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
