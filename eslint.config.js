import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The folder is the layer: these rules keep shared/ pure and electron's own API inside main/preload.
// Bare builtin names are matched exactly (`paths`), not as patterns: the pattern "net" would also match
// our own `../net/addr`.
const nodeBuiltinNames = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'net',
  'crypto',
  'util',
  'stream',
  'http',
  'https',
];
const nodePaths = nodeBuiltinNames.map((name) => ({ name, message: 'no Node APIs in this layer' }));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'test-results/', '.lab/', 'templates/', '**/golden/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        project: [
          'shared/tsconfig.json',
          'electron/tsconfig.json',
          'renderer/tsconfig.json',
          'tsconfig.test.json',
        ],
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          // `paths` matches the bare package only; a pattern would also match our own ../electron/ folder.
          paths: [
            {
              name: 'electron',
              message: 'electron is imported only in electron/main.ts and electron/preload.ts',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths,
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure: no Node APIs (put side effects in electron/)' },
            {
              group: ['electron', '**/electron/**', '**/renderer/**'],
              message: 'shared/ imports nothing outside shared/ (and templates/)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths,
          patterns: [
            {
              group: ['node:*', 'electron', '**/electron/**'],
              message: 'renderer/ talks to the Node side only through the typed API',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // main.ts hands ipcMain to the wrapper but never registers a handler itself: every message must pass
    // the one sender check in electron/main/ipc.ts. (preload.ts is the other wrapper and owns ipcRenderer.)
    files: ['electron/main.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name="ipcMain"]',
          message: 'IPC handlers are registered only through electron/main/ipc.ts',
        },
      ],
    },
  },
  {
    // The apply engine is a loop over small step bodies (electron/apply/apply-steps.ts); keep it so.
    files: ['electron/apply/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests build broken profiles on purpose by deleting fields.
      '@typescript-eslint/no-dynamic-delete': 'off',
    },
  },
);
