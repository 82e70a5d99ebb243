/** Runs the configuration reader on settings that must be refused, for the settings tests. */
import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config';

/** The problems loadConfig reports for `env` (fails the test when it accepts them). */
export function configProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const { problems, message, name } = err as ConfigError;
    expect(message).toBe(problems.join('\n'));
    expect(name).toBe('ConfigError');
    return problems;
  }
  throw new Error('expected loadConfig to throw');
}
