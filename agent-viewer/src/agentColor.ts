/** Each agent's default mark colour, derived from the agent id so co-watching agents differ. Pure. */
import { PRESET_COLORS } from './tools/toolbar';

/** One of the toolbox's preset colours, always the same for the same agent id. */
export function defaultMarkColor(agentId: string): string {
  let hash = 0;
  for (const char of agentId) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return PRESET_COLORS[hash % PRESET_COLORS.length]!;
}
