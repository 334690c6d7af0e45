// PGlite does not stop a second process from opening the same data folder,
// and two writers corrupt it. Every process that opens the embedded database
// takes this lock first, so a second one stops with a clear message instead.
import lockfile from "proper-lockfile";

/** Thrown when another process holds the embedded database folder. */
export class EmbeddedDatabaseLockedError extends Error {
  constructor(readonly dir: string) {
    super(
      `The embedded database in ${dir} is in use by another process, probably the running shop. ` +
        "Stop the shop (Ctrl-C in the terminal running `npm start`) and run this command again, " +
        "or set DATABASE_URL to use a PostgreSQL server, which many processes can share.",
    );
    this.name = "EmbeddedDatabaseLockedError";
  }
}

/**
 * Takes the exclusive lock on the embedded database folder `dir` and returns
 * the function that releases it.
 * Throws EmbeddedDatabaseLockedError when another live process holds it.
 */
export async function lockEmbeddedDatabase(
  dir: string,
): Promise<() => Promise<void>> {
  try {
    // The lock's mtime is refreshed every few seconds; a lock left by a
    // process that died goes stale after `stale` milliseconds and is taken over.
    return await lockfile.lock(dir, {
      lockfilePath: `${dir}.lock`,
      stale: 15_000,
      update: 5_000,
      retries: 0,
      realpath: false,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new EmbeddedDatabaseLockedError(dir);
    }
    throw error;
  }
}
