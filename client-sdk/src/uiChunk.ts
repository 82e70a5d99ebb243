/**
 * The UI chunk (`/sdk-ui.js`): the SDK's shadow-root host, the help-code widget, the consent
 * dialog and the dock that keeps them clear of the page's fixed bars. The loader imports it
 * when the shopper first asks for help (or a stored session resumes), so the script every shop
 * page downloads stays small; the recorder chunk draws into the same host after Allow.
 */
import type { AgentPublic, RecordingOffer } from '../../protocol/messages';
import { askConsent, type ConsentChoice } from './consentDialog';
import type { SdkStrings } from './i18n';
import { createUiHost, type UiHost } from './uiHost';
import { createWidget, type Widget } from './widget';

/** The shopper-facing UI of one tab. */
export interface ShopperUi {
  /** The shadow-root host (handed to the recorder chunk). */
  host: UiHost;
  widget: Widget;
  /** Shows the consent dialog for `agent` (with the recording switch when `record` is offered); resolves with the shopper's answer (Esc = deny). */
  askConsent(agent: AgentPublic, record?: RecordingOffer): { answer: Promise<ConsentChoice>; dismiss(): void };
}

/** Shape of the UI chunk module. */
export interface UiChunk {
  createShopperUi(strings: SdkStrings, onCancel: () => void): ShopperUi;
}

/** Creates the host (once per tab) and the widget; `onCancel` is the widget's Cancel. */
export function createShopperUi(strings: SdkStrings, onCancel: () => void): ShopperUi {
  const host = createUiHost();
  return {
    host,
    widget: createWidget(host.panel, host.dock, strings, onCancel),
    askConsent: (agent, record) => askConsent(host.panel, agent, strings, record),
  };
}
