// Lint is where the architecture's hard rules live: determinism in sim-core, one IPC edge, no node:* in the renderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const clockAndRandom = [
  {
    object: 'Math',
    property: 'random',
    message: 'sim-core is deterministic: use the seeded RNG stored in the world.',
  },
  { object: 'Date', property: 'now', message: 'sim-core has no wall clock: time arrives as sim ticks.' },
  {
    object: 'performance',
    property: 'now',
    message: 'sim-core has no wall clock: time arrives as sim ticks.',
  },
];
const timerGlobals = [
  { name: 'setTimeout', message: 'No timers in sim-core: time arrives as sim ticks.' },
  { name: 'setInterval', message: 'No timers in sim-core: time arrives as sim ticks.' },
  { name: 'Date', message: 'No wall clock in sim-core.' },
];
const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Raw IPC lives only in main/ipc and main/preload; use the typed contract.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [rawIpc] }],
    },
  },
  {
    files: ['main/ipc/**', 'main/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['sim-core/src/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-properties': ['error', ...clockAndRandom],
      'no-restricted-globals': ['error', ...timerGlobals],
    },
  },
  {
    // The model imports nothing outside itself, except types from the scenario schema (erased at build).
    files: ['sim-core/src/model/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./)(?!\\.\\./scenario/)',
              message: 'sim-core/src/model imports nothing outside itself.',
            },
            {
              regex: '^\\.\\./scenario/',
              allowTypeImports: true,
              message: 'Only type imports from the scenario schema.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer reaches Electron only through the preload bridge.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer is browser code: no node:* imports.' },
            {
              regex: '(^|/)main/(?!preload/contract(\\.ts)?$)',
              message: 'The renderer may import only the preload contract from main/.',
            },
          ],
        },
      ],
    },
  },
);
