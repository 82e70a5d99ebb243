/** Strings of the live-sharing indicator (recorder chunk), in English and Simplified Chinese. */

/** Every string the live indicator shows. */
export interface LiveStrings {
  sharingWith: string;
  sharing: string;
  stop: string;
  endsIn: string;
  extend: string;
  whatCanTheySee: string;
  hideMarks: string;
}

const en: LiveStrings = {
  sharingWith: 'Sharing this page with {names}',
  sharing: 'Sharing this page',
  stop: 'Stop sharing',
  endsIn: 'Ends in {minutes} min',
  extend: 'Extend',
  whatCanTheySee: 'What can they see?',
  hideMarks: 'Hide marks',
};

const zhCN: LiveStrings = {
  sharingWith: '正在与 {names} 共享此页面',
  sharing: '正在共享此页面',
  stop: '停止共享',
  endsIn: '{minutes} 分钟后结束',
  extend: '延长',
  whatCanTheySee: '对方能看到什么？',
  hideMarks: '隐藏标注',
};

/** Strings for the language the loader picked (`zh-CN` or `en`). */
export function liveStringsFor(lang: string): LiveStrings {
  return lang === 'zh-CN' ? zhCN : en;
}
