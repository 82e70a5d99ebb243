/** Strings of the live-sharing indicator (recorder chunk), in English and Simplified Chinese. */
import type { AnnouncementStrings } from './markAnnouncement';

/** Every string the live indicator shows. */
export interface LiveStrings {
  sharingWith: string;
  sharing: string;
  stop: string;
  endsIn: string;
  extend: string;
  whatCanTheySee: string;
  hideMarks: string;
  /** The compact indicator's viewer count. */
  watching: string;
  /** Shows / hides the compact indicator's details. */
  details: string;
  /** Moves the indicator to another corner of the screen. */
  move: string;
  /** What a screen reader hears when agents draw marks. */
  announcements: AnnouncementStrings;
}

const en: LiveStrings = {
  sharingWith: 'Sharing this page with {names}',
  sharing: 'Sharing this page',
  stop: 'Stop sharing',
  endsIn: 'Ends in {minutes} min',
  extend: 'Extend',
  whatCanTheySee: 'What can they see?',
  hideMarks: 'Hide marks',
  watching: '{count} watching',
  details: 'Details',
  move: 'Move',
  announcements: {
    single: {
      rect: '{name} highlighted part of the page',
      arrow: '{name} drew an arrow',
      text: '{name} added a note: {text}',
      element: '{name} outlined an element',
      pen: '{name} drew on the page',
    },
    several: '{names} added {count} marks',
    nameSeparator: ', ',
    lastNameSeparator: ' and ',
  },
};

const zhCN: LiveStrings = {
  sharingWith: '正在与 {names} 共享此页面',
  sharing: '正在共享此页面',
  stop: '停止共享',
  endsIn: '{minutes} 分钟后结束',
  extend: '延长',
  whatCanTheySee: '对方能看到什么？',
  hideMarks: '隐藏标注',
  watching: '{count} 人在看',
  details: '详情',
  move: '移动',
  announcements: {
    single: {
      rect: '{name} 标出了页面的一部分',
      arrow: '{name} 画了一个箭头',
      text: '{name} 添加了备注：{text}',
      element: '{name} 框出了一个元素',
      pen: '{name} 在页面上画了标记',
    },
    several: '{names} 添加了 {count} 个标注',
    nameSeparator: '、',
    lastNameSeparator: ' 和 ',
  },
};

/** Strings for the language the loader picked (`zh-CN` or `en`). */
export function liveStringsFor(lang: string): LiveStrings {
  return lang === 'zh-CN' ? zhCN : en;
}
