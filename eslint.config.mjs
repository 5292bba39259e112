// Lint: typescript-eslint's recommended rules for all TypeScript, React hooks rules for the app.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-h5/**',
      'coverage/**',
      'test-output/**',
      '.localcloud/**',
      '.tmp/**',
      'cloudfunctions/*/index.js',
      'cloudfunctions/*/chunks/**',
      'tests/fixtures/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // the contracts are zod schemas: pages take only their types; labels come from core/labels
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@core/contracts/*', '**/core/contracts/*'], allowTypeImports: true, message: 'pages import only types from the contracts (zod must not ship in the mini-program); take labels and enums from @core/labels' },
            { group: ['zod', 'zod/*'], message: 'zod must not ship in the mini-program' },
          ],
        },
      ],
    },
  },
  {
    // the functions' "now" is lib/clock.ts's, which the local cloud can move for tests
    files: ['cloudfunctions/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use now() from cloudfunctions/lib/clock.ts: tests move the clock' },
        { selector: "CallExpression[callee.name='dayjs'][arguments.length=0]", message: 'Use dayjs(now()) with now() from cloudfunctions/lib/clock.ts: tests move the clock' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
