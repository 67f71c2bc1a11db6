import { DEFAULT_SETTINGS, SettingsPatchSchema, SettingsSchema, type Settings } from './contract';

/**
 * Browser mode keeps settings in localStorage, where anything may be waiting (an older version's shape,
 * a hand edit). It arrives as `unknown` and is parsed with the contract's schema, field by field, so one
 * bad field costs that field only, never the boot.
 */
export function parseStoredSettings(raw: unknown): Settings {
  const whole = SettingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (typeof raw === 'object' && raw !== null) {
    for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
      const field = schema.safeParse((raw as Record<string, unknown>)[key]);
      if (field.success) out[key] = field.data;
    }
  }
  return SettingsSchema.parse(out);
}

/** Parses a JSON string that may be missing or malformed. */
export function parseStoredSettingsJson(json: string | null): Settings {
  if (json === null) return { ...DEFAULT_SETTINGS };
  try {
    return parseStoredSettings(JSON.parse(json));
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

/** Applies a patch the way the Electron side does: validated strictly, omitted keys kept. Throws on a bad patch. */
export function applySettingsPatch(current: Settings, patch: unknown): Settings {
  return SettingsSchema.parse({ ...current, ...SettingsPatchSchema.parse(patch) });
}
