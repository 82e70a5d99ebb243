/**
 * Every text of the agent console, in English and Simplified Chinese. `{x}` placeholders are
 * filled by `fillIn`. Pure: no DOM, so the dictionaries can be checked in unit tests.
 */

/** Languages the console speaks. */
export const CONSOLE_LANGUAGES = ['en', 'zh-CN'] as const;
/** One console language (also the value of `<html lang>`). */
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];

const en = {
  documentTitle: 'Lookalong — Agent console',
  tagline: 'Agent console · view only',
  signedInAs: 'Signed in as {name}',
  signOut: 'Sign out',

  signInHeading: 'Sign in',
  tokenLabel: 'Agent token',
  tokenHint: 'Paste the token from your helpdesk. It is kept in this browser tab only.',
  signIn: 'Sign in',
  signInRefused: 'Your sign-in was refused or has expired. Please sign in again.',

  queueHeading: 'Shoppers asking for help',
  codeLabel: 'Session code',
  join: 'Join',
  codeInvalid: 'Enter the 6-digit code the shopper sees',
  queueListLabel: 'Help requests, longest waiting first',
  queueEmpty: 'No shopper is waiting right now. New help requests appear here by themselves.',
  queueUnreachable: 'Could not load the waiting shoppers; trying again…',
  queueOmitted: '{count} more help requests are not listed: each site gets its turn, longest waiting first.',
  untitledPage: 'Page without a title',
  stateWaiting: 'Waiting',
  stateLive: 'Live',
  pageAway: 'page away',
  waitingFor: 'waiting {time}',
  sinceFor: 'for {time}',
  watchingCount: '{count} watching',
  codeShort: 'code {code}',

  backToQueue: 'Back to the queue',
  sessionLabel: 'Session',
  connecting: 'Connecting…',
  waitingForConsent: 'Waiting for the shopper to allow…',
  live: 'Live — you can see the shopper’s page',
  shopperLoading: 'The shopper’s page is loading…',
  declined: 'The shopper declined. You can ask them to try again.',
  disconnected: 'Disconnected from the relay',
  endedShopperStopped: 'The shopper stopped sharing',
  endedAgentEnded: 'You ended the session',
  endedShopperLeft: 'The shopper left the page',
  endedExpired: 'The session expired',
  relayRestarting: 'The relay restarted and the console could not reconnect. Reload the page to rejoin.',
  relaySessionEnded: 'The session has ended',
  relayUnauthorized: 'Your sign-in was refused or has expired',
  relayTokenExpired: 'Your sign-in has expired',
  relayProtocolError: 'The relay did not understand the console (protocol error). Reload the page.',
  relayUnknownSession: 'No waiting session has this code',
  relayNoSuchCode: 'No waiting session has code {code}',
  relayTooSlow: 'The connection was too slow to keep up with the shopper’s page',
  relaySignInTimeout: 'The console did not sign in to the relay in time',
  relayRateLimited: 'Too many messages in a short time. Wait a moment, then join again.',
  relayTooManyGuesses: 'Too many wrong session codes: try again in {seconds} s',
  relayTooManySockets: 'You have too many sessions open (at most {max})',
  consentUntil: 'Consent until {time}',
  endSession: 'End session',

  pageLabel: 'Page',
  viewportLabel: 'Viewport',
  connectionLabel: 'Connection',
  viewersLabel: 'Watching',
  notYetKnown: '—',
  latency: 'latency {ms} ms',
  latencyUnknown: 'latency —',
  lag: 'replay {seconds} s behind',
  onlyYou: 'only you',
  youAnd: 'you and {names}',
  fidelityWarning: 'Some styles or fonts of the shopper’s page could not be shown',
  framePlaceholder: 'Secure payment field — hidden from support',
  marksDismissed: 'The shopper hid your marks.',
  deviceLabel: 'Device',
  devicePhone: 'Phone · {width}×{height} · {orientation}',
  devicePortrait: 'portrait',
  deviceLandscape: 'landscape',
  deviceZoomed: 'Zoomed {scale}×',
  deviceKeyboard: 'Keyboard',

  toolsLabel: 'Drawing tools',
  toolPen: 'Pen',
  toolHighlight: 'Highlight',
  toolArrow: 'Arrow',
  toolText: 'Text',
  toolLaser: 'Laser',
  toolElement: 'Element',
  toolUndo: 'Undo',
  toolClear: 'Clear my marks',
  toolColor: 'Colour',
  toolTextPrompt: 'Note for the shopper',
  toolElementStage: 'Shopper’s page. Element tool: arrow keys choose an element, Enter marks it, Escape leaves.',
  toolElementCandidate: '{name} ({n} of {count})',
  toolElementNone: 'No element to mark in view',
  toolElementMarked: 'Marked: {name}',
};

/** One text of the console. */
export type ConsoleStringKey = keyof typeof en;
/** The console's texts in one language. */
export type ConsoleStrings = Record<ConsoleStringKey, string>;

const zhCN: ConsoleStrings = {
  documentTitle: 'Lookalong — 客服控制台',
  tagline: '客服控制台 · 仅查看',
  signedInAs: '已登录：{name}',
  signOut: '退出登录',

  signInHeading: '登录',
  tokenLabel: '客服令牌',
  tokenHint: '请粘贴帮助台提供的令牌。令牌只保存在此浏览器标签页中。',
  signIn: '登录',
  signInRefused: '登录被拒绝或已过期，请重新登录。',

  queueHeading: '正在求助的顾客',
  codeLabel: '会话码',
  join: '加入',
  codeInvalid: '请输入顾客看到的 6 位数字码',
  queueListLabel: '求助请求（等待最久的在前）',
  queueEmpty: '目前没有等待中的顾客。新的求助请求会自动显示在这里。',
  queueUnreachable: '无法加载等待中的顾客，正在重试…',
  queueOmitted: '另有 {count} 个求助请求未列出：各站点轮流显示，等待最久的在前。',
  untitledPage: '无标题页面',
  stateWaiting: '等待中',
  stateLive: '进行中',
  pageAway: '页面已离开',
  waitingFor: '已等待 {time}',
  sinceFor: '已进行 {time}',
  watchingCount: '{count} 人在看',
  codeShort: '会话码 {code}',

  backToQueue: '返回队列',
  sessionLabel: '会话',
  connecting: '正在连接…',
  waitingForConsent: '正在等待顾客允许…',
  live: '进行中 — 您可以看到顾客的页面',
  shopperLoading: '顾客的页面正在加载…',
  declined: '顾客拒绝了请求。您可以请对方再试一次。',
  disconnected: '与中继服务器的连接已断开',
  endedShopperStopped: '顾客已停止共享',
  endedAgentEnded: '您已结束会话',
  endedShopperLeft: '顾客已离开页面',
  endedExpired: '会话已过期',
  relayRestarting: '中继服务器已重启，控制台未能重新连接。请刷新页面重新加入。',
  relaySessionEnded: '会话已结束',
  relayUnauthorized: '您的登录被拒绝或已过期',
  relayTokenExpired: '您的登录已过期',
  relayProtocolError: '中继服务器无法理解控制台的消息（协议错误）。请刷新页面。',
  relayUnknownSession: '没有使用此会话码的等待中会话',
  relayNoSuchCode: '没有会话码为 {code} 的等待中会话',
  relayTooSlow: '连接太慢，跟不上顾客的页面',
  relaySignInTimeout: '控制台未能及时登录中继服务器',
  relayRateLimited: '短时间内消息过多。请稍候，然后重新加入。',
  relayTooManyGuesses: '错误的会话码过多，请在 {seconds} 秒后重试',
  relayTooManySockets: '您打开的会话过多（最多 {max} 个）',
  consentUntil: '授权有效至 {time}',
  endSession: '结束会话',

  pageLabel: '页面',
  viewportLabel: '视口',
  connectionLabel: '连接',
  viewersLabel: '观看者',
  notYetKnown: '—',
  latency: '延迟 {ms} 毫秒',
  latencyUnknown: '延迟 —',
  lag: '回放落后 {seconds} 秒',
  onlyYou: '只有您',
  youAnd: '您和 {names}',
  fidelityWarning: '顾客页面的部分样式或字体无法显示',
  framePlaceholder: '安全支付区域 — 对客服隐藏',
  marksDismissed: '顾客隐藏了您的标注。',
  deviceLabel: '设备',
  devicePhone: '手机 · {width}×{height} · {orientation}',
  devicePortrait: '竖屏',
  deviceLandscape: '横屏',
  deviceZoomed: '放大 {scale}×',
  deviceKeyboard: '键盘',

  toolsLabel: '绘图工具',
  toolPen: '画笔',
  toolHighlight: '高亮',
  toolArrow: '箭头',
  toolText: '文字',
  toolLaser: '激光笔',
  toolElement: '元素',
  toolUndo: '撤销',
  toolClear: '清除我的标注',
  toolColor: '颜色',
  toolTextPrompt: '给顾客的说明',
  toolElementStage: '顾客的页面。元素工具：用方向键选择元素，按 Enter 标注，按 Esc 退出。',
  toolElementCandidate: '{name}（第 {n} 个，共 {count} 个）',
  toolElementNone: '当前视图中没有可标注的元素',
  toolElementMarked: '已标注：{name}',
};

/** The dictionaries, by language. */
export const CONSOLE_STRINGS: Record<ConsoleLanguage, ConsoleStrings> = { en, 'zh-CN': zhCN };

/**
 * The console's language: `?lang=` when it names one we speak, else the browser's first
 * language we speak; any Chinese variant gets Simplified Chinese, everything else English.
 */
export function pickConsoleLanguage(requested: string | null, browserLanguages: readonly string[]): ConsoleLanguage {
  for (const candidate of [requested, ...browserLanguages]) {
    const lower = candidate?.toLowerCase() ?? '';
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Fills `{name}` placeholders of a text. */
export function fillIn(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
