// Lint rules that hold the architecture (docs/architecture.md, pattern 1): the core never imports
// electron, the DOM or the renderer; the renderer imports only the contract from src-main; only the core
// touches native modules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nativeModules = ['serialport', 'better-sqlite3', 'keytar', '@serialport/*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-output/**', 'bench-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'A focused test skips the rest.' },
        { object: 'describe', property: 'only', message: 'A focused test skips the rest.' },
        { object: 'test', property: 'only', message: 'A focused test skips the rest.' },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The core runs in plain Node: no electron imports.' },
            { group: ['react', 'react-dom', 'react/*'], message: 'The core never imports the UI.' },
            { group: ['**/src-renderer/**', '../../src-renderer/*'], message: 'The core never imports the renderer.' },
            { group: ['**/cli/**', '**/host/**', '**/contract/**'], message: 'The core is imported by the shells, never the reverse.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: nativeModules.filter((name) => !name.includes('*')), patterns: [{ group: ['@serialport/*'], message: 'Only the core touches native modules.' }] },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/*', '!**/src-main/contract', '**/src-main/core/**', '**/src-main/cli/**', '**/src-main/host/**', '**/src-main/preload/**'],
              message: 'The renderer imports only src-main/contract.',
            },
            { group: ['node:*', 'fs', 'path', 'child_process', 'electron'], message: 'The renderer has no Node or Electron access.' },
            { group: nativeModules, message: 'Only the core touches native modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
