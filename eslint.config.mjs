// ESLint: Next's recommended rules (core web vitals) and typescript-eslint's recommended rules, as issue 14 asks.
// Formatting is Prettier's job (.prettierrc.json); `npm test` runs both.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    '.next/**',
    'node_modules/**',
    'lib/generated/**',
    'next-env.d.ts',
    'scratch/**',
    'test-results/**',
    'playwright-report/**',
    '.data*/**',
  ]),
  {
    rules: {
      // An argument kept for its position (a callback's signature) is named with a leading underscore.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
]);
