/** The two untyped modules the h5 tests reach into, typed as far as the tests use them. */
declare module '@tarojs/plugin-framework-react/dist/runtime' {
  import type { ComponentType, PropsWithChildren, ReactNode } from 'react';
  export function createReactApp(app: (props: PropsWithChildren) => ReactNode, react: unknown, dom: unknown, config: object): unknown;
  export function connectReactPage(react: unknown, id: string): (page: ComponentType) => ComponentType;
}

declare module 'react-dom' {
  const ReactDOM: unknown;
  export default ReactDOM;
}
