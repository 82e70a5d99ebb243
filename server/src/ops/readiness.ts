/**
 * Readiness: the checks that must pass for this node to take traffic (`GET /readyz`). Built-in:
 * the server is not shutting down and the audit log's folder is writable; a Redis-backed
 * deployment adds "Redis reachable". Each check has a deadline, so a hung dependency reads as
 * not ready instead of hanging the probe.
 */

/** One condition of readiness; `probe` throws (or rejects) when it does not hold. */
export interface ReadinessCheck {
  name: string;
  probe(): void | Promise<void>;
}

/** What `/readyz` answers: overall and per check (`ok` or `failing`; reasons go to the log only). */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | 'failing'>;
}

/** Longest a single check may take. */
const CHECK_TIMEOUT_MS = 2000;

/** The readiness checks of one server. */
export class Readiness {
  private readonly checks: ReadinessCheck[] = [];
  private readonly failing = new Set<string>();

  constructor(
    /** Hears a check start failing (with why) or recover — once per change, not once per probe. */
    private readonly onChange: (name: string, failing: boolean, reason?: unknown) => void,
  ) {}

  /** Adds a check (e.g. the Redis helper's ping). */
  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  /** Runs every check concurrently. */
  async report(): Promise<ReadinessReport> {
    const results = await Promise.all(this.checks.map(async ({ name, probe }) => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      });
      try {
        await Promise.race([Promise.resolve().then(probe), deadline]);
        if (this.failing.delete(name)) this.onChange(name, false);
        return [name, 'ok'] as const;
      } catch (err) {
        if (!this.failing.has(name)) this.onChange(name, true, err);
        this.failing.add(name);
        return [name, 'failing'] as const;
      } finally {
        clearTimeout(timer);
      }
    }));
    return { ready: results.every(([, state]) => state === 'ok'), checks: Object.fromEntries(results) };
  }
}
