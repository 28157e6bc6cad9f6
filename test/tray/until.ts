// Polling for the tray tests: the bus, the panel and the screen change on
// their own time, so tests wait for a state instead of sleeping.

/** Calls `f` every 200 ms until it gives a value (not undefined/false); fails after `ms`. */
export async function until<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
