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

// sim-core's layers, bottom to top: model -> scenario -> levers -> timeline -> drill -> scoring / sessions ->
// team. A layer imports only layers below it (the model's own rule is further down: nothing outside itself,
// bar scenario types). Sessions may use scoring (a replay is scored); scoring never imports sessions.
const simLayers = ['scenario', 'levers', 'timeline', 'drill', 'scoring', 'sessions', 'team'];
const LAYER_ORDER = 'model -> scenario -> levers -> timeline -> drill -> scoring / sessions -> team';
const above = (layer) => simLayers.slice(simLayers.indexOf(layer) + 1).map((l) => `./sim-core/src/${l}`);
const layerZones = simLayers.slice(0, -1).flatMap((layer) => [
  ...(layer === 'sessions'
    ? []
    : [
        {
          target: `./sim-core/src/${layer}`,
          from: above(layer).filter((l) => !l.endsWith('/team')),
          message: `sim-core layers read ${LAYER_ORDER}: ${layer} imports only layers below it.`,
        },
      ]),
  {
    target: `./sim-core/src/${layer}`,
    from: './sim-core/src/team',
    // team/record.ts is the team section of the session file: the session schema embeds it.
    ...(layer === 'sessions' ? { except: ['./record.ts'] } : {}),
    message: `sim-core layers read ${LAYER_ORDER}: ${layer} imports only layers below it.`,
  },
]);
// ...so team/record.ts stands below sessions although it lives in team/.
const TEAM_RECORD = 'sim-core/src/team/record.ts';
const teamRecordZones = [
  {
    target: `./${TEAM_RECORD}`,
    from: ['./sim-core/src/scoring', './sim-core/src/sessions'],
    message: `sim-core layers read ${LAYER_ORDER}: the team section of the session file stands below sessions.`,
  },
];
// scenario/authoring.ts checks a whole scenario file, timeline section included, so it stands on the timeline
// layer although it lives in scenario/ (nothing below imports it; moving it up would make the folder say so).
const SCENARIO_FILE = 'sim-core/src/scenario/authoring.ts';
const scenarioFileZones = [
  {
    target: `./${SCENARIO_FILE}`,
    from: above('timeline'),
    message: `sim-core layers read ${LAYER_ORDER}: the scenario file check stands on the timeline layer.`,
  },
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
    ignores: [SCENARIO_FILE, TEAM_RECORD],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones }],
    },
  },
  {
    files: [SCENARIO_FILE],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: scenarioFileZones }],
    },
  },
  {
    files: [TEAM_RECORD],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: teamRecordZones }],
    },
  },
  {
    // The renderer learns the model's codes from the drill layer (drill/view-codes.ts), never from the model itself.
    // (Tests may build a model to check the renderer against it.)
    files: ['renderer/**/*.ts'],
    ignores: ['renderer/**/*.test.ts'],
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
