// Lint is where the architecture's hard rules live: determinism in sim-core, one IPC edge, no node:* in the renderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

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

// sim-core's layers, bottom to top: model -> scenario -> levers -> timeline -> drill -> scoring / sessions.
// A layer imports only layers below it (the model's own rule is further down: nothing outside itself, bar
// scenario types). Sessions may use scoring (a replay is scored); scoring never imports sessions.
const simLayers = ['scenario', 'levers', 'timeline', 'drill', 'scoring', 'sessions'];
const layerZones = simLayers.slice(0, -1).map((layer, i) => ({
  target: `./sim-core/src/${layer}`,
  from: simLayers.slice(i + 1).map((above) => `./sim-core/src/${above}`),
  message: `sim-core layers read model -> scenario -> levers -> timeline -> drill -> scoring / sessions: ${layer} imports only layers below it.`,
}));

// Renderer files that still read the model directly (state codes, parameter types): issue 12 item 2 moves
// them onto the drill protocol and sim-core's lever previews. Shrink this list; never grow it.
const rendererModelImporters = [
  'renderer/src/panels/legend.ts',
  'renderer/src/panels/lever-model.ts',
  'renderer/src/panels/lever-panel.ts',
  'renderer/src/screens/briefing-screen.ts',
  'renderer/src/views/glyph-table.test.ts',
  'renderer/src/views/glyph.test.ts',
  'renderer/src/views/glyph.ts',
  'renderer/src/views/network-view.ts',
];

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
  {
    // Import cycles and layer boundaries, resolved the way the bundlers do (.ts without extensions).
    // Packages are not walked (ignoreExternal): only our own modules can form a cycle worth reporting.
    files: ['sim-core/**/*.ts', 'main/**/*.ts', 'renderer/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mts', '.js', '.mjs', '.json'] })],
      'import-x/extensions': ['.ts', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['sim-core/src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones }],
    },
  },
  {
    // The renderer learns the model's codes from the drill protocol, never from the model itself.
    files: ['renderer/**/*.ts'],
    ignores: rendererModelImporters,
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: './renderer',
              from: './sim-core/src/model',
              message:
                'The renderer imports nothing from sim-core/src/model: state codes come with the drill protocol.',
            },
          ],
        },
      ],
    },
  },
);
