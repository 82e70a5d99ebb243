/** Shopper-facing strings of the loader (before sharing starts), in English and Simplified Chinese. */

/** Every string the SDK shows. `{x}` placeholders are filled by `format`. */
export interface SdkStrings {
  codeTitle: string;
  codeHint: string;
  cancel: string;
  consentTitle: string;
  consentSees: string;
  consentCan: string;
  consentStop: string;
  allow: string;
  deny: string;
  stopped: string;
  unreachable: string;
  /** The relay refused a new session: too many help requests right now. */
  busy: string;
  /** The consent dialog's separate recording switch (sites that keep recordings); `{days}`. */
  recordSwitch: string;
  /** After the session, while the shopper may still delete its recording. */
  deleteRecording: string;
  recordingDeleted: string;
  /** `{why}`: the service's answer. */
  recordingNotDeleted: string;
}

const en: SdkStrings = {
  codeTitle: 'Your help code',
  codeHint: 'Read this code to the support agent.',
  cancel: 'Cancel',
  consentTitle: '{agent} wants to see this page',
  consentSees: 'They will see this tab only. Input fields and payment details stay hidden.',
  consentCan: 'They can point things out on your screen, but can never click or type.',
  consentStop: 'You can stop sharing at any time.',
  allow: 'Allow',
  deny: 'Deny',
  stopped: 'Sharing stopped.',
  unreachable: 'Could not reach the help service. Please try again.',
  busy: 'Help is very busy right now. Please try again in a minute.',
  recordSwitch: 'Also keep a recording of this session for {days} days (for quality and disputes)',
  deleteRecording: 'Delete the recording',
  recordingDeleted: 'The recording is deleted.',
  recordingNotDeleted: 'The recording could not be deleted: {why}',
};

const zhCN: SdkStrings = {
  codeTitle: '您的协助码',
  codeHint: '请把这个号码告诉客服。',
  cancel: '取消',
  consentTitle: '{agent} 想查看此页面',
  consentSees: '对方只能看到此标签页。输入框和支付信息会被隐藏。',
  consentCan: '对方可以在您的屏幕上标注，但永远无法点击或输入。',
  consentStop: '您可以随时停止共享。',
  allow: '允许',
  deny: '拒绝',
  stopped: '已停止共享。',
  unreachable: '无法连接帮助服务，请稍后再试。',
  busy: '当前求助人数较多，请一分钟后再试。',
  recordSwitch: '同时保留本次会话的录制 {days} 天（用于服务质量和纠纷处理）',
  deleteRecording: '删除录制',
  recordingDeleted: '录制已删除。',
  recordingNotDeleted: '无法删除录制：{why}',
};

/** Picks strings from the script tag's `data-lang`, else the browser language; English by default. */
export function pickStrings(dataLang: string | undefined, browserLang: string): { lang: string; strings: SdkStrings } {
  const lang = (dataLang || browserLang || 'en').toLowerCase();
  return lang.startsWith('zh') ? { lang: 'zh-CN', strings: zhCN } : { lang: 'en', strings: en };
}

/** Fills `{key}` placeholders. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/** How an agent is named to the shopper: "Alice (Support)". */
export function agentLabel(agent: { name: string; org?: string }): string {
  return agent.org ? `${agent.name} (${agent.org})` : agent.name;
}
