/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** the platform Taro builds for; replaced at build time */
    TARO_ENV?: 'weapp' | 'h5';
  }
}

/** CloudBase environment id, injected by config/index.ts `defineConstants` */
declare const CLOUD_ENV: string;

/** subscribe-message template ids of 报事, injected by config/index.ts `defineConstants` (null: not configured) */
declare const REQUEST_TEMPLATES: { accepted: string | null; resolved: string | null; newRequest: string | null };
