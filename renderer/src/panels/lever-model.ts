/**
 * What the console knows about each lever before the click: its label (the exact accessible name), key,
 * parameters with their ranges, and a preview of lead time and cost computed from the scenario's own model
 * parameters and the latest metrics. Pure functions, so the numbers the trainee sees are tested. The host
 * still decides: a preview that says "fine" can be refused, and the refusal reason is shown.
 */
import type { LeverName } from '../../../sim-core/src/levers/index';
import type { ModelParams, SimMetrics } from '../../../sim-core/src/model/index';
import { formatCompact, formatCount, formatMinutes, formatUsd } from '../format/numbers';

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

/** The six levers, in the order the console shows them (sim-core's LEVERS order). */
export const LEVER_SPECS: readonly LeverSpec[] = [
  {
    name: 'forceUpdate',
    label: 'Force update',
    key: 'u',
    effect: 'Push Windows 5.0.0156 (the fix) to 5.0.0152 clients; each updated client restarts.',
    params: [
      {
        kind: 'number',
        name: 'rolloutPercentPerHour',
        label: 'Rollout',
        unit: '%/h',
        min: 1,
        max: 100,
        step: 1,
        value: 25,
      },
      {
        kind: 'number',
        name: 'bandwidthGbps',
        label: 'Bandwidth',
        unit: 'Gbit/s',
        min: 1,
        max: 10000,
        step: 10,
        value: 100,
      },
    ],
  },
  {
    name: 'spinUpSupernodes',
    label: 'Spin up supernodes',
    key: 's',
    effect: 'Provision dedicated (mega) supernodes on spare servers.',
    params: [
      { kind: 'number', name: 'count', label: 'Servers', unit: '', min: 1, max: 700, step: 10, value: 100 },
      {
        kind: 'number',
        name: 'capacity',
        label: 'Capacity',
        unit: 'clients each',
        min: 100,
        max: 100000,
        step: 500,
        value: 4000,
      },
    ],
  },
  {
    name: 'scaleOfflineMessaging',
    label: 'Scale offline messaging',
    key: 'm',
    effect: 'Add capacity to the offline-IM cluster whose slow replies crash 5.0.0152.',
    params: [
      {
        kind: 'number',
        name: 'factor',
        label: 'Capacity ×',
        unit: '',
        min: 1.01,
        max: 10,
        step: 0.1,
        value: 1.5,
      },
    ],
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
    effect: 'Cap logins per minute; refused clients are told to wait and retry slower.',
    params: [
      {
        kind: 'number',
        name: 'perMinute',
        label: 'Logins',
        unit: 'per min',
        min: 1000,
        max: 100_000_000,
        step: 10000,
        value: 200000,
      },
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
    effect: 'Tell clients to retry slowly; only 5.0.0156 clients honour it.',
    params: [],
  },
];

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

/** What a lever will do, shown before the click. */
export interface LeverPreview {
  /** "30 min" until it takes effect. */
  readonly lead: string;
  /** "$10,400 one-off", "$200 per hour", "no money; …". */
  readonly cost: string;
  /** A consequence worth a second look (a storm, a pool too small), or null. */
  readonly warning: string | null;
}

/** The live facts a preview may use (from the latest metrics; null before the first tick). */
export type LiveFacts = Pick<
  SimMetrics,
  | 'dedicatedSupernodes'
  | 'dedicatedProvisioning'
  | 'omEnabled'
  | 'groupVideoEnabled'
  | 'rolloutFraction'
  | 'onlineByKind'
  | 'backoffEnabled'
  | 'loginThrottlePerMinute'
>;

/** Spare servers free for dedicated supernodes, as the host's pool check will see it (before pending changes). */
export function freeServers(p: ModelParams, live: LiveFacts | null): number {
  const d = p.dedicated;
  if (!live) return d.poolServers;
  const pool =
    d.poolServers +
    (live.groupVideoEnabled ? 0 : d.groupVideoServers) +
    (live.omEnabled ? 0 : d.offlineImServers);
  return Math.max(0, pool - live.dedicatedSupernodes - live.dedicatedProvisioning);
}

const num = (args: Record<string, unknown>, k: string, fallback: number): number => {
  const v = args[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
};

/** Lead time, cost and a warning for `spec` with `args`, in this scenario, at this moment. */
export function previewLever(
  spec: LeverSpec,
  args: Record<string, unknown>,
  p: ModelParams,
  live: LiveFacts | null,
): LeverPreview {
  switch (spec.name) {
    case 'forceUpdate': {
      const rate = num(args, 'rolloutPercentPerHour', 25);
      const gbps = num(args, 'bandwidthGbps', 100);
      const buggyShare = (p.population.kindShares[0] ?? 0) + (p.population.kindShares[1] ?? 0);
      const left = 1 - (live?.rolloutFraction ?? 0);
      const clients = p.population.total * buggyShare * left;
      const tb = (clients * p.update.packageMB) / 1e6;
      const perMinute = (gbps * 1e9 * 60) / 8 / (p.update.packageMB * 1e6);
      const hours = 100 / Math.max(rate, 1e-9);
      return {
        lead: `${formatMinutes(p.update.leadMinutes)}, then ${formatMinutes(hours * 60)} to reach everyone`,
        cost: `up to ${formatUsd(tb * p.update.costPerTB)} (${formatCompact(clients)} downloads × ${p.update.packageMB} MB); at most ${formatCompact(perMinute)} downloads/min`,
        warning:
          rate > 40 ? 'Fast rollouts restart many clients at once: a login storm on a weak network.' : null,
      };
    }
    case 'spinUpSupernodes': {
      const count = num(args, 'count', 100);
      const cap = num(args, 'capacity', p.dedicated.capacity);
      const free = freeServers(p, live);
      return {
        lead: `servers reserved now, serving after ${formatMinutes(p.dedicated.leadMinutes)}`,
        cost: `${formatUsd(count * p.dedicated.costPerServerHour)} per hour (${formatCount(count)} × ${formatUsd(p.dedicated.costPerServerHour)}/server-hour); room for ${formatCompact(count * cap)} clients`,
        warning:
          count > free
            ? `Only ${formatCount(free)} spare servers are free; turning off group video or offline IM frees more.`
            : cap > p.dedicated.maxCapacity
              ? `Capacity above ${formatCount(p.dedicated.maxCapacity)} clients per server is not possible.`
              : null,
      };
    }
    case 'scaleOfflineMessaging': {
      const factor = num(args, 'factor', 1.5);
      return {
        lead: formatMinutes(p.offlineIm.scaleLeadMinutes),
        cost: `${formatUsd(Math.max(0, factor - 1) * p.offlineIm.costPerCapacityHour)} per hour`,
        warning: null,
      };
    }
    case 'disableFeature': {
      const feature = args['feature'] === 'groupVideo' ? 'groupVideo' : 'offlineIm';
      const off = args['disabled'] !== false;
      const servers = feature === 'offlineIm' ? p.dedicated.offlineImServers : p.dedicated.groupVideoServers;
      const name = feature === 'offlineIm' ? 'offline IM' : 'group video';
      const on = live ? (feature === 'offlineIm' ? live.omEnabled : live.groupVideoEnabled) : true;
      return {
        lead: formatMinutes(p.levers.disableLeadMinutes),
        cost: off
          ? `no money; users lose ${name}; frees ${formatCount(servers)} servers for supernodes`
          : `no money; ${name} returns and takes its ${formatCount(servers)} servers back`,
        warning:
          on === !off ? `${name[0]!.toUpperCase()}${name.slice(1)} is already ${off ? 'off' : 'on'}.` : null,
      };
    }
    case 'throttleLogins': {
      const lift = args['perMinute'] === null;
      const per = num(args, 'perMinute', 200000);
      return {
        lead: formatMinutes(p.levers.throttleLeadMinutes),
        cost: lift
          ? 'no money; every client may log in again at once'
          : `no money; at most ${formatCount(per)} logins/min, the rest wait (slower reconnection)`,
        warning: lift && live && live.loginThrottlePerMinute === null ? 'No throttle is in force.' : null,
      };
    }
    case 'enableClientBackoff': {
      const fixed = live ? (live.onlineByKind[2] ?? 0) : 0;
      const total = live ? live.onlineByKind.reduce((a, b) => a + b, 0) : 0;
      return {
        lead: formatMinutes(p.levers.backoffLeadMinutes),
        cost: `no money; only 5.0.0156 clients honour it${live ? ` (${formatCompact(fixed)} of ${formatCompact(total)} online now)` : ''}`,
        warning: live?.backoffEnabled ? 'Client back-off is already enabled.' : null,
      };
    }
  }
}
