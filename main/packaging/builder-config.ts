/**
 * electron-builder.yml as electron-builder itself loads and validates it, and the checks that it says what
 * the docs say: targets, file association (the contract's extension and MIME type), no built-in update
 * feed, the fuses hook. Used by `npm run pack:check` and the config test.
 */
import { createRequire } from 'node:module';
import { SESSION_FILE_EXTENSION, SESSION_FILE_MIME } from '../preload/contract';

/** The parts of the loaded configuration these checks read (app-builder-lib ships no types for its loader). */
export type BuilderConfig = Record<string, unknown> & {
  appId?: string;
  productName?: string;
  afterPack?: unknown;
  publish?: unknown;
  files?: unknown[];
  fileAssociations?: { ext?: unknown; mimeType?: unknown; name?: unknown; role?: unknown }[];
  linux?: { target?: unknown[]; category?: string; maintainer?: string };
  win?: { target?: unknown[] };
  mac?: { target?: unknown[] };
  directories?: { output?: string };
};

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
}

// CommonJS internals of electron-builder, loaded the way its CLI loads them.
const load = createRequire(__filename);

/** Load and validate the project's electron-builder configuration exactly as `electron-builder` does first. */
export async function loadBuilderConfig(projectDir: string): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = load('app-builder-lib/out/util/config/config') as ConfigModule;
  const { DebugLogger } = load('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(projectDir, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

/** The hook that flips the fuses. */
export const AFTER_PACK_HOOK = './main/packaging/after-pack.cjs';

/** Check the loaded configuration against what the docs promise. */
export function checkBuilderConfig(config: BuilderConfig): { problems: string[]; summary: string } {
  const problems: string[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!same(config.linux?.target, ['AppImage', 'deb'])) problems.push('Linux targets are not AppImage + deb');
  if (!same(config.win?.target, ['nsis'])) problems.push('Windows target is not NSIS');
  if (!same(config.mac?.target, ['dmg'])) problems.push('macOS target is not DMG');
  if (config.afterPack !== AFTER_PACK_HOOK) problems.push(`afterPack is not ${AFTER_PACK_HOOK} (fuses)`);
  const associations = config.fileAssociations ?? [];
  const session = associations.find((a) => a.ext === SESSION_FILE_EXTENSION);
  if (associations.length !== 1 || !session) {
    problems.push(`fileAssociations must be exactly one, for .${SESSION_FILE_EXTENSION}`);
  } else if (session.mimeType !== SESSION_FILE_MIME) {
    problems.push(`the .${SESSION_FILE_EXTENSION} association's MIME type is not ${SESSION_FILE_MIME}`);
  }
  // `publish: null` means no app-update.yml is generated: the feed comes from the organisation's file.
  if (config.publish !== null) problems.push('publish is set: updates must have no built-in feed');
  const summary =
    `config: ${config.productName ?? '?'} (${config.appId ?? '?'}); ` +
    `opens .${SESSION_FILE_EXTENSION} (${SESSION_FILE_MIME}); no built-in update feed (publish: null); ` +
    `fuses by ${AFTER_PACK_HOOK}`;
  return { problems, summary };
}
