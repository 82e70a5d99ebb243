/** The sign-in texts the agent console and the review page share, in English and Simplified Chinese. */

/** Sign-in and signed-in texts in English. */
export const SIGN_IN_EN = {
  signedInAs: 'Signed in as {name}',
  signOut: 'Sign out',
  signInHeading: 'Sign in',
  tokenLabel: 'Agent token',
  tokenHint: 'Paste the token from your helpdesk. It is kept in this browser tab only.',
  signIn: 'Sign in',
  signInRefused: 'Your sign-in was refused or has expired. Please sign in again.',
};

/** The same texts in Simplified Chinese. */
export const SIGN_IN_ZH_CN: Record<keyof typeof SIGN_IN_EN, string> = {
  signedInAs: '已登录：{name}',
  signOut: '退出登录',
  signInHeading: '登录',
  tokenLabel: '客服令牌',
  tokenHint: '请粘贴帮助台提供的令牌。令牌只保存在此浏览器标签页中。',
  signIn: '登录',
  signInRefused: '登录被拒绝或已过期，请重新登录。',
};
