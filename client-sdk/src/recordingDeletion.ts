/** The shopper's "Delete the recording" after the session: one request with the tab's one-time token, and the answer in words. */
import type { RecordingMessage } from '../../protocol/messages';
import { format, type SdkStrings } from './i18n';
import type { ServiceUrls } from './serviceUrls';

/** The ended panel's button (what the widget's `showMessage` action takes). */
export interface DeletionOffer {
  label: string;
  forMs: number;
  onPress(): void;
}

/** The button that deletes `recording` (none without one); `say` shows the outcome (deleted, or why not). */
export function recordingDeletionOffer(recording: RecordingMessage | null, urls: ServiceUrls, strings: SdkStrings, say: (text: string) => void): DeletionOffer | undefined {
  if (!recording) return undefined;
  const onPress = (): void => {
    fetch(urls.recordingDeletion(recording.id), { method: 'DELETE', headers: { Authorization: `Bearer ${recording.deleteToken}` } })
      .then(async (response) => {
        if (response.ok) return say(strings.recordingDeleted);
        const body = (await response.json().catch(() => ({}))) as { error?: unknown };
        say(format(strings.recordingNotDeleted, { why: typeof body.error === 'string' ? body.error : String(response.status) }));
      })
      .catch(() => say(format(strings.recordingNotDeleted, { why: strings.unreachable })));
  };
  return { label: strings.deleteRecording, forMs: recording.deletableForMs, onPress };
}
