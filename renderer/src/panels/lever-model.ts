/**
 * The console's side of the levers: labels (the exact accessible names), keys, one-line effects and the form
 * layout. Every rule (ranges, defaults, checks, lead times, costs, consequences) is sim-core's: the number
 * fields take their ranges from `leverRanges` and previews come from sim-core's `previewLever`, which runs the
 * host's own checks on the LeverContext of the latest snapshot. So a preview and a refusal cannot disagree.
 */
import {
  leverContextAtStart,
  leverRanges,
  previewLever as corePreview,
  type LeverContext,
  type LeverName,
  type LeverPreview as CorePreview,
  type ModelParams,
} from '../../../sim-core/src/levers/index';
import { builtinScenario } from '../../../sim-core/src/scenario/index';
import { formatMinutes, formatUsd } from '../format/numbers';

/** One input of a lever. */
export type LeverParam =
  | {
      readonly kind: 'number';
      readonly name: string;
      readonly label: string;
      readonly unit: string;
      readonly min: number;
      readonly max: number;
      readonly step: number;
      readonly value: number;
    }
  | {
      readonly kind: 'choice';
      readonly name: string;
      readonly label: string;
      readonly options: readonly { readonly value: string; readonly label: string }[];
      readonly value: string;
    };

/** A lever as the console shows it. */
export interface LeverSpec {
  readonly name: LeverName;
  /** The button's accessible name (exact: specs and screen readers use it). */
  readonly label: string;
  /** Keyboard shortcut (one lower-case letter). */
  readonly key: string;
  /** One line: what it does. */
  readonly effect: string;
  readonly params: readonly LeverParam[];
}

/** A number field's words; its range and default come from sim-core (`leverRanges`). */
function numberField(
  p: ModelParams,
  lever: LeverName,
  name: string,
  label: string,
  unit: string,
): LeverParam {
  const r = leverRanges(p)[lever]?.[name];
  if (!r) throw new Error(`sim-core has no range for ${lever}.${name}`);
  return { kind: 'number', name, label, unit, min: r.min, max: r.max, step: r.step, value: r.defaultValue };
}

/**
 * The levers the console offers as buttons, in sim-core's LEVERS order (cancelling a pending order is done from
 * the pending list, not a button), with their ranges for this scenario.
 */
export function leverSpecs(p: ModelParams): readonly LeverSpec[] {
  const n = (lever: LeverName, name: string, label: string, unit: string) =>
    numberField(p, lever, name, label, unit);
  return [
    {
      name: 'forceUpdate',
      label: 'Force update',
      key: 'u',
      effect: `Push Windows ${p.update.fixedVersion} (the fix) to 5.0.0152 clients; each updated client restarts.`,
      params: [
        n('forceUpdate', 'rolloutPercentPerHour', 'Rollout', '%/h'),
        n('forceUpdate', 'bandwidthGbps', 'Bandwidth', 'Gbit/s'),
      ],
    },
    {
      name: 'spinUpSupernodes',
      label: 'Spin up supernodes',
      key: 's',
      effect: 'Run dedicated (mega) supernodes on spare servers.',
      params: [
        n('spinUpSupernodes', 'count', 'Servers', ''),
        n('spinUpSupernodes', 'capacity', 'Load', 'clients each'),
      ],
    },
    {
      name: 'releaseSupernodes',
      label: 'Release supernodes',
      key: 'r',
      effect: 'Take dedicated supernodes down and give their servers back to their features.',
      params: [n('releaseSupernodes', 'count', 'Servers', '')],
    },
    {
      name: 'scaleOfflineMessaging',
      label: 'Scale offline messaging',
      key: 'm',
      effect: 'Add capacity to the offline-IM cluster whose slow replies crash 5.0.0152.',
      params: [n('scaleOfflineMessaging', 'factor', 'Capacity ×', '')],
    },
    {
      name: 'disableFeature',
      label: 'Disable feature',
      key: 'd',
      effect: 'Switch a feature off (or back on): sheds its load and frees its servers.',
      params: [
        {
          kind: 'choice',
          name: 'feature',
          label: 'Feature',
          options: [
            { value: 'offlineIm', label: 'Offline IM' },
            { value: 'groupVideo', label: 'Group video' },
          ],
          value: 'offlineIm',
        },
        {
          kind: 'choice',
          name: 'disabled',
          label: 'Action',
          options: [
            { value: 'true', label: 'Turn off' },
            { value: 'false', label: 'Turn back on' },
          ],
          value: 'true',
        },
      ],
    },
    {
      name: 'throttleLogins',
      label: 'Throttle logins',
      key: 'l',
      effect:
        'Cap logins per minute at the login servers; clients above the cap wait at their supernode for their turn.',
      params: [
        n('throttleLogins', 'perMinute', 'Logins', 'per min'),
        {
          kind: 'choice',
          name: 'lift',
          label: 'Mode',
          options: [
            { value: 'cap', label: 'Cap logins' },
            { value: 'lift', label: 'Lift the cap' },
          ],
          value: 'cap',
        },
      ],
    },
    {
      name: 'enableClientBackoff',
      label: 'Enable client back-off',
      key: 'b',
      effect: `Tell clients to retry slowly; only ${p.update.fixedVersion} clients honour it.`,
      params: [],
    },
  ];
}

/**
 * Labels, keys and effects of the levers (with the built-in scenario's ranges). Forms for a given scenario use
 * `leverSpecs(params)`, whose labels and keys are the same.
 */
export const LEVER_SPECS: readonly LeverSpec[] = leverSpecs(builtinScenario('skype-2010').model);

/** Raw parameter values as the form holds them (strings from inputs, keyed by param name). */
export type LeverValues = Readonly<Record<string, string>>;

/** The command arguments for the host, from the form values. Out-of-range numbers go through: the host refuses them with its reason. */
export function leverArgs(spec: LeverSpec, values: LeverValues): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const p of spec.params) {
    const raw = values[p.name] ?? String(p.value);
    if (p.kind === 'number') args[p.name] = Number(raw);
    else if (p.name === 'disabled') args[p.name] = raw === 'true';
    else if (p.name !== 'lift') args[p.name] = raw;
  }
  if (spec.name === 'throttleLogins' && (values['lift'] ?? 'cap') === 'lift') args['perMinute'] = null;
  return args;
}

/** What a lever will do, shown before the click (words for the card; numbers from sim-core). */
export interface LeverPreview {
  /** "30 min" until it takes effect ("at once"), whether or not the host would accept it now. */
  readonly lead: string;
  /** "$200 per hour; $12,400 over the rest of the drill", "no money; 1.2 million user-hours an hour". */
  readonly cost: string;
  /** The first warning, or the refusal the host would give, or null. */
  readonly warning: string | null;
  /** The refusal the host would give now (plain words), or null. */
  readonly refusal: string | null;
  /** Consequences in the trainee's terms, then warnings (sim-core's sentences). */
  readonly consequences: readonly string[];
  readonly warnings: readonly string[];
  /** What is left to order, or null. */
  readonly room: string | null;
  /** What this lever already has ordered or in force and what it has cost so far (sim-core's sentences). */
  readonly standing: readonly string[];
}

/** The live facts a preview uses: the LeverContext of the latest snapshot (null before the first one). */
export type LiveFacts = LeverContext;

/** Lead time, money, consequences and warnings for `spec` with `args`, in this scenario, at this moment. */
export function previewLever(
  spec: LeverSpec,
  args: Record<string, unknown>,
  p: ModelParams,
  live: LiveFacts | null,
): LeverPreview {
  const core: CorePreview = corePreview(p, live ?? leverContextAtStart(p), spec.name, args);
  return {
    // The lead time of the order as asked, refused or not: the refusal is its own line, with its reason.
    lead: leadWords(core),
    cost: costWords(core),
    warning: core.refusal ?? core.warnings[0] ?? null,
    refusal: core.refusal,
    consequences: core.consequences,
    warnings: core.warnings,
    room: core.room,
    standing: core.standing,
  };
}

function leadWords(c: CorePreview): string {
  return c.leadMinutes === 0 ? 'at once' : formatMinutes(c.leadMinutes);
}

function costWords(c: CorePreview): string {
  const parts: string[] = [];
  if (c.usdOnce > 0) parts.push(`${formatUsd(c.usdOnce)} once`);
  if (c.usdPerHour > 0) parts.push(`${formatUsd(c.usdPerHour)} per hour`);
  if (parts.length > 0 && c.usdOverWindow > c.usdOnce)
    parts.push(`${formatUsd(c.usdOverWindow)} to the end of the drill`);
  const money = parts.length > 0 ? parts.join('; ') : 'no money';
  const service =
    c.userHoursPerHour > 0 ? `; users lose ${formatUsd(c.userHoursPerHour).slice(1)} user-hours an hour` : '';
  return money + service;
}
