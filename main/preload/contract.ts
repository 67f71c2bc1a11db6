/**
 * The one contract between the Electron main process and the renderer.
 *
 * Everything that crosses the IPC boundary is declared here exactly once: the channel name, the zod schema
 * of its arguments and of its result, and the verb the preload bridge exposes for it. The main handlers
 * (`main/ipc`), the preload bridge (`main/preload/index.ts`) and the renderer's view of `window.cascade`
 * are all derived from this map, so there is no second hand-written copy of any of these types
 * (GitHub Desktop's `ipc-shared.ts` idea, plus runtime schemas because payloads arrive as `unknown`).
 *
 * The renderer imports this file, so it must stay free of Node and Electron runtime imports; zod is fine.
 */
import { z } from 'zod';
// Pure (zod + plain TypeScript, no Node): the session file's schema and checksum check, the single source.
import {
  MAX_SESSION_CHARS,
  parseSessionJson,
  sessionBodySchema,
  sessionIdSchema,
  type SessionBody,
  type SessionFile,
} from '../../sim-core/src/sessions/schema';
import type { SessionListing } from '../../sim-core/src/sessions/listing';

/** The global name under which the preload exposes the bridge (`window.cascade`). */
export const BRIDGE_KEY = 'cascade';

/** What the renderer may learn about the shell it runs in. */
export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  electron: z.string(),
  platform: z.string(),
});
/** Result of {@link CascadeBridge.getAppInfo}. */
export type AppInfo = z.infer<typeof AppInfoSchema>;

/**
 * User preferences persisted in userData. Every field has a default, so a missing or partly valid file
 * still yields a complete object (see `parseSettings` in main/features/settings).
 */
export const SettingsSchema = z.object({
  /** Colour scheme of the UI; `system` follows the OS. */
  theme: z.enum(['system', 'dark', 'light']).default('system'),
  /** Tone down animation (the cascade map pulses a lot). */
  reducedMotion: z.boolean().default(false),
  /** Scenario the briefing screen preselects; `null` before the first drill. */
  lastScenarioId: z
    .string()
    .max(128)
    .regex(/^[a-z0-9][a-z0-9._-]*$/)
    .nullable()
    .default(null),
});
/** The complete settings object, as stored and as returned by the bridge. */
export type Settings = z.infer<typeof SettingsSchema>;

/** Settings with every default applied; the value used when nothing valid is stored yet. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/**
 * A partial update for {@link CascadeBridge.writeSettings}. Strict, so a typo in a key is an error rather
 * than silently dropped, and without defaults, so omitted keys keep their stored values.
 */
export const SettingsPatchSchema = z
  .object({
    theme: z.enum(['system', 'dark', 'light']),
    reducedMotion: z.boolean(),
    lastScenarioId: SettingsSchema.shape.lastScenarioId.unwrap(),
  })
  .partial()
  .strict();
/** Argument of {@link CascadeBridge.writeSettings}. */
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** A session id, as the session schema spells it (also a safe file name). */
export const SessionIdSchema = sessionIdSchema;

/** Issue for a session that failed sim-core's checks, with its one-line message. */
function sessionIssue(ctx: z.RefinementCtx, error: unknown): never {
  ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  return z.NEVER;
}

/**
 * A sealed session file (checksum included), checked with sim-core's `parseSessionJson`: format, version,
 * schema and checksum. Used for results, so main can never hand the renderer a file that fails its checks.
 */
export const SessionFileSchema = z.custom<SessionFile>().transform((value, ctx): SessionFile => {
  try {
    return parseSessionJson(value);
  } catch (e) {
    return sessionIssue(ctx, e);
  }
});

/**
 * A session the renderer sends to be saved: either a body (main seals it) or a sealed file, whose checksum
 * must then match. Either way it is parsed with sim-core's session schema.
 */
export const SessionPayloadSchema = z
  .custom<SessionBody | SessionFile>()
  .transform((value, ctx): SessionBody => {
    if (typeof value === 'object' && value !== null && 'checksum' in value) {
      try {
        const { checksum: _checksum, ...body } = parseSessionJson(value);
        return body;
      } catch (e) {
        return sessionIssue(ctx, e);
      }
    }
    const r = sessionBodySchema.safeParse(value);
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return sessionIssue(ctx, new Error(`invalid session: ${where}: ${issue?.message ?? 'invalid input'}`));
  });

/** One line of the saved-session list: a readable session's summary, or why a file could not be read. */
export const SessionListingSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    id: z.string(),
    file: z.string(),
    title: z.string(),
    scenario: z.object({ id: z.string(), version: z.number(), scale: z.number() }),
    seed: z.number(),
    savedAt: z.string(),
    minute: z.number(),
    closed: z.boolean(),
    headline: z.number().nullable(),
    grade: z.string().nullable(),
    scoring: z.object({ version: z.number(), minutes: z.number() }).nullable(),
    participants: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), file: z.string(), error: z.string(), code: z.string() }),
]);
/** Result row of {@link CascadeBridge.listSessions}. */
export type SessionListingInfo = z.infer<typeof SessionListingSchema>;
// The schema checks what crosses IPC; the stores build rows with sim-core's listingOf. Keep the two equal.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _listingMatches: Same<SessionListingInfo, SessionListing> = true;
void _listingMatches;

/** An autosave of a drill that did not close cleanly ("Resume drill"), or why it cannot be read. */
export const RecoverableSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), id: z.string(), file: z.string(), session: SessionFileSchema }),
  z.object({
    ok: z.literal(false),
    id: z.string(),
    file: z.string(),
    error: z.string(),
    code: z.string(),
  }),
]);
/** Result row of {@link CascadeBridge.recoverableSessions}. */
export type RecoverableInfo = z.output<typeof RecoverableSchema>;

/**
 * Largest report the renderer may hand over for saving or printing, in UTF-16 code units (what
 * `string.length` counts). A 48-hour drill's session JSON and its HTML report are far below this.
 */
export const MAX_REPORT_CHARS = 16 * 1024 * 1024;

/**
 * A session file's own extension and MIME type: what the installers register so a double-click opens the
 * file in Cascade Drill (electron-builder.yml `fileAssociations` repeats them; a test holds the two equal).
 * Plain `.json` would claim every JSON file on the machine.
 */
export const SESSION_FILE_EXTENSION = 'cdsession';
/** MIME type of a session file (vendor tree, JSON underneath). */
export const SESSION_FILE_MIME = 'application/vnd.cascadedrill.session+json';

/** File extensions a saved report may have, per kind; the first is the one the save dialog offers. */
export const REPORT_EXTENSIONS = {
  json: [SESSION_FILE_EXTENSION, 'json'],
  html: ['html', 'htm'],
  pdf: ['pdf'],
} as const satisfies Record<string, readonly [string, ...string[]]>;
/** The kinds of file the report export writes. */
export type ReportFileKind = keyof typeof REPORT_EXTENSIONS;

/**
 * A suggested file name for a report of `kind`: a bare name (no directory part, no control or characters
 * Windows reserves), not hidden, with the kind's extension. It only pre-fills the save dialog; the path
 * written is always the one the user picked there.
 */
export function reportFileNameSchema(kind: ReportFileKind) {
  const extensions: readonly string[] = REPORT_EXTENSIONS[kind];
  return z
    .string()
    .min(1, 'a file name is required')
    .max(200, 'the file name is longer than 200 characters')
    .refine((name) => !/[/\\]/.test(name), 'a file name, not a path (no / or \\)')
    .refine(
      (name) => ![...name].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f' || '<>:"|?*'.includes(c)),
      'the file name has a control character or one of < > : " | ? *',
    )
    .refine((name) => !name.startsWith('.'), 'the file name must not start with a dot')
    .refine(
      (name) =>
        extensions.some((ext) => name.toLowerCase().endsWith(`.${ext}`) && name.length > ext.length + 1),
      `the file name must end in .${extensions.join(' or .')}`,
    );
}

/** The report's text, within {@link MAX_REPORT_CHARS}. */
const reportText = z.string().max(MAX_REPORT_CHARS, 'the report is larger than 16 MiB');

/** What `report:save` writes: the session JSON or the self-contained HTML report, as text. */
export const ReportSavePayloadSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('json'), suggestedName: reportFileNameSchema('json'), content: reportText })
    .strict(),
  z
    .object({ kind: z.literal('html'), suggestedName: reportFileNameSchema('html'), content: reportText })
    .strict(),
]);
/** Argument of {@link CascadeBridge.saveReport}. */
export type ReportSavePayload = z.infer<typeof ReportSavePayloadSchema>;

/** What `report:pdf` prints: the self-contained HTML report, rendered to PDF in a locked-down window. */
export const ReportPdfPayloadSchema = z
  .object({ suggestedName: reportFileNameSchema('pdf'), html: reportText.min(1, 'the report is empty') })
  .strict();
/** Argument of {@link CascadeBridge.saveReportPdf}. */
export type ReportPdfPayload = z.infer<typeof ReportPdfPayloadSchema>;

/** Outcome of a report export: where it was written, or `saved: false` when the user cancelled the dialog. */
export const ReportSaveResultSchema = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true), path: z.string() }).strict(),
  z.object({ saved: z.literal(false) }).strict(),
]);
/** Result of {@link CascadeBridge.saveReport} and {@link CascadeBridge.saveReportPdf}. */
export type ReportSaveResult = z.infer<typeof ReportSaveResultSchema>;

/**
 * Channel -> signature map. `args` is a tuple schema for the positional arguments the renderer passes;
 * `result` is what the handler resolves with. `verb` is the bridge method name, so the bridge surface is
 * derived here too rather than maintained next to the preload.
 */
export const ipcContract = {
  'app:get-info': { verb: 'getAppInfo', args: z.tuple([]), result: AppInfoSchema },
  'settings:read': { verb: 'readSettings', args: z.tuple([]), result: SettingsSchema },
  'settings:write': { verb: 'writeSettings', args: z.tuple([SettingsPatchSchema]), result: SettingsSchema },
  'sessions:save': { verb: 'saveSession', args: z.tuple([SessionPayloadSchema]), result: SessionFileSchema },
  'sessions:load': { verb: 'loadSession', args: z.tuple([SessionIdSchema]), result: SessionFileSchema },
  'sessions:list': { verb: 'listSessions', args: z.tuple([]), result: z.array(SessionListingSchema) },
  'sessions:recoverable': {
    verb: 'recoverableSessions',
    args: z.tuple([]),
    result: z.array(RecoverableSchema),
  },
  'sessions:autosave': {
    verb: 'autosaveSession',
    args: z.tuple([SessionPayloadSchema]),
    result: SessionFileSchema,
  },
  'sessions:close': {
    verb: 'closeSession',
    args: z.tuple([SessionPayloadSchema]),
    result: SessionFileSchema,
  },
  'sessions:discard-autosave': {
    verb: 'discardAutosave',
    args: z.tuple([SessionIdSchema]),
    result: z.null(),
  },
  'report:save': {
    verb: 'saveReport',
    args: z.tuple([ReportSavePayloadSchema]),
    result: ReportSaveResultSchema,
  },
  'report:pdf': {
    verb: 'saveReportPdf',
    args: z.tuple([ReportPdfPayloadSchema]),
    result: ReportSaveResultSchema,
  },
} as const;

/** Every IPC channel name. */
export type IpcChannel = keyof typeof ipcContract;

/** Argument tuple a channel's handler receives after parsing. */
export type IpcArgs<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['args']>;

/** Value a channel's handler resolves with. */
export type IpcResult<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['result']>;

/** Bridge verb of a channel. */
type VerbOf<C extends IpcChannel> = (typeof ipcContract)[C]['verb'];

/**
 * The API the preload exposes as `window.cascade`. Every method returns a promise because every call is an
 * `ipcRenderer.invoke` round trip; rejections carry the main process's validation message.
 */
export type CascadeBridge = {
  readonly [C in IpcChannel as VerbOf<C>]: (
    ...args: z.input<(typeof ipcContract)[C]['args']>
  ) => Promise<IpcResult<C>>;
};

/** All channel names, in declaration order (for registering handlers and building the bridge). */
export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];

/** A session file opened from the desktop (double-click, Open…, Open Recent), already validated by main. */
export const OpenedSessionFileSchema = z
  .object({
    name: z.string().min(1).max(255),
    text: z.string().max(MAX_SESSION_CHARS),
  })
  .strict();
/** Payload of the `files:open-session` event. */
export type OpenedSessionFile = z.infer<typeof OpenedSessionFileSchema>;

/**
 * Events main sends to the window (the other direction from {@link ipcContract}). The preload exposes each
 * as `verb(listener)` returning an unsubscribe function, and parses every payload before the listener sees it.
 */
export const ipcEvents = {
  'files:open-session': { verb: 'onOpenSessionFile', payload: OpenedSessionFileSchema },
} as const;

/** Every main -> window event channel. */
export type IpcEventChannel = keyof typeof ipcEvents;

/** The event half of the bridge: one subscribe function per event. */
export type CascadeBridgeEvents = {
  readonly [C in IpcEventChannel as (typeof ipcEvents)[C]['verb']]: (
    listener: (payload: z.output<(typeof ipcEvents)[C]['payload']>) => void,
  ) => () => void;
};
