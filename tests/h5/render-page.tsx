/**
 * Renders one page the way Taro's H5 runtime mounts it: the React app bridge first (it hands React
 * to the hooks), then the page inside `connectReactPage`, with the route's params in `Current.router`.
 */
import React, { type ComponentType, type PropsWithChildren } from 'react';
import ReactDOM from 'react-dom';
import { render } from '@testing-library/react';
import { Current, getPageInstance } from '@tarojs/runtime';
import { connectReactPage, createReactApp } from '@tarojs/plugin-framework-react/dist/runtime';

createReactApp(({ children }: PropsWithChildren) => children, React, ReactDOM, {});

export function renderPage(Page: ComponentType, path: string, params: Record<string, string> = {}) {
  Current.router = { params, path, onReady: '', onHide: '', onShow: '', shareRecord: '' } as unknown as typeof Current.router;
  const Wrapped = connectReactPage(React, path)(Page);
  const view = render(<Wrapped />);
  return {
    ...view,
    /** what the platform does when the person pulls the page down */
    pullDownRefresh() {
      const hooks = (getPageInstance(path) as { onPullDownRefresh?: (() => void)[] } | undefined)?.onPullDownRefresh ?? [];
      for (const fn of hooks) fn();
    },
  };
}
