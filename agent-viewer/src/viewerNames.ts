/** "Who else is watching", from the relay's viewer list. Pure. */
import type { AgentPublic } from '../../protocol/messages';
import { fillIn, type ConsoleStrings } from './consoleI18n';

/** How an agent is named to other agents: "Alice (Support)". */
export function agentLabel(agent: AgentPublic): string {
  return agent.org ? `${agent.name} (${agent.org})` : agent.name;
}

/** "only you", or "you and Bob (Support), Chen" — this agent (`selfId`) is left out of the names. */
export function watchingText(viewers: readonly AgentPublic[], selfId: string | null, strings: ConsoleStrings): string {
  const others = viewers.filter((viewer) => viewer.id !== selfId).map(agentLabel);
  return others.length ? fillIn(strings.youAnd, { names: others.join(', ') }) : strings.onlyYou;
}
