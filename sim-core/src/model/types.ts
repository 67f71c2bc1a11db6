/**
 * The model's contracts, written once. The scenario schema (sim-core/src/scenario) and the lever validators
 * (sim-core/src/levers) are checked against these types by the compiler; nothing here imports anything.
 */

/** Client kinds. The buggy Windows build is split in two so a first crash can be told from a repeat one. */
export const KIND = {
  /** Windows 5.0.0152 that has not crashed during this incident. */
  Buggy: 0,
  /** Windows 5.0.0152 that crashed at least once and was restarted (same bug, counted apart). */
  BuggyRestarted: 1,
  /** Windows 5.0.0156, the fixed build (and where forced updates lead). Honours client back-off when enabled. */
  Fixed: 2,
  /** Other Windows builds (4.x, older 5.0): unaffected by the bug. */
  OtherWindows: 3,
  /** Mac, Linux, mobile, TV: unaffected by the bug. */
  NonWindows: 4,
} as const;
/** Number of client kinds. */
export const KINDS = 5;

/** Supernode slot states. */
export const SN_STATE = {
  /** Slot unused: no host holds the supernode role here. */
  Empty: 0,
  /** Serving clients. */
  Alive: 1,
  /** Dropped the role by its own overload protection; back after a cool-down. */
  Protecting: 2,
  /** Host (re)started or newly promoted; becomes available after a warm-up. */
  Warming: 3,
  /** Host crashed; restarts after the user's restart delay, then warms up. */
  Dead: 4,
  /** A dedicated (mega) supernode that was ordered and is being provisioned. */
  Provisioning: 5,
} as const;

/** Region names indexed by the supernode region id. */
export const REGIONS = [
  'Europe',
  'North America',
  'Asia',
  'South America',
  'Africa & Middle East',
  'Oceania',
] as const;

/** Features that can be switched off to shed load. */
export type Feature = 'offlineIm' | 'groupVideo';

/** A model input from outside (operator lever, facilitator inject effect, scripted event). */
export type ModelCommand =
  | {
      kind: 'forceUpdate';
      /** The fixed build (the scenario's update.fixedVersion); left out, it is that one. */
      targetVersion?: string;
      /** Share of the buggy population newly told to update, per hour (percent). */
      rolloutPercentPerHour: number;
      /** Update-server bandwidth (Gbit/s); bounds how many downloads finish per minute. */
      bandwidthGbps: number;
    }
  | { kind: 'spinUpSupernodes'; count: number; capacity?: number }
  /** Take dedicated supernodes down (newest first), returning their servers to the pool and their features. */
  | { kind: 'releaseSupernodes'; count: number }
  | { kind: 'scaleOfflineMessaging'; factor: number }
  | { kind: 'disableFeature'; feature: Feature; disabled: boolean }
  | { kind: 'throttleLogins'; perMinute: number | null }
  | { kind: 'enableClientBackoff' }
  /**
   * Withdraw an order still waiting for its lead time: the pending `order` issued at `issuedAtMinute`. It has
   * no effect once that order has taken effect (the lever layer refuses it then).
   */
  | { kind: 'cancelOrder'; order: OrderKind; issuedAtMinute: number }
  /** Scenario/inject effect: multiply offline-IM server capacity (e.g. the trigger, a datacenter link failure). */
  | { kind: 'offlineImCapacity'; factor: number };

/** Commands an operator orders (and may cancel while they wait for their lead time), in the console's order. */
export const ORDER_KINDS = [
  'forceUpdate',
  'spinUpSupernodes',
  'releaseSupernodes',
  'scaleOfflineMessaging',
  'disableFeature',
  'throttleLogins',
  'enableClientBackoff',
] as const;
/** One of {@link ORDER_KINDS}. */
export type OrderKind = (typeof ORDER_KINDS)[number];

/** A tick-stamped input. Same-tick order is insertion order. */
export type SimInput = ModelCommand & { tick: number };

/** Parameters of the cascade model. Every number is documented with its source or reason in docs/model.md. */
export interface ModelParams {
  /** The model kind (model/cascade.ts): this one is `skype`, the default when a scenario leaves it out. */
  kind?: 'skype';
  /** GMT minute of day at tick 0. */
  startMinuteOfDay: number;
  /** Length of the scenario in simulated minutes (ticks). */
  durationMinutes: number;
  /**
   * Tick at which the triggering event happens (used for first-wave statistics). With `variation`, the
   * scenario's value is the nominal one; each seed draws its own (see model/variation.ts).
   */
  triggerMinute: number;
  /**
   * What the record leaves uncertain, drawn per seed at creation (null: every seed uses the values as written).
   * Each range is inclusive; the scripted effects after the trigger move with it and stretch by rampScale.
   */
  variation: {
    /** Onset of the offline-IM overload (tick). */
    triggerMinute: { min: number; max: number };
    /** Stretch of the scripted degradation after the trigger (1 = as written). */
    rampScale: { min: number; max: number };
    /** Share of clients on the buggy build. */
    buggyShare: { min: number; max: number };
    /** Crash chance per slow reply (bug.crashPerSlowReply). */
    crashPerSlowReply: { min: number; max: number };
    /** Scale of the restart delays (restart.delayMinutes). */
    restartDelayScale: { min: number; max: number };
  } | null;
  population: {
    /** Clients who may come online during the scenario (conserved exactly). */
    total: number;
    /** Normal concurrent users at the daily peak. */
    peakOnline: number;
    /** 24 hourly fractions of the daily peak, GMT hour 0..23; interpolated linearly. */
    diurnal: number[];
    /** Client kind shares, in KIND order; sum to 1. */
    kindShares: number[];
    /** Mean online session length (minutes): users log off at 1/sessionMinutes per minute. */
    sessionMinutes: number;
  };
  supernodes: {
    /** User-hosted supernodes at start. */
    count: number;
    /** Extra user slots for promotions (the organic recovery path). */
    spareSlots: number;
    /** Client capacity of a user supernode, uniform in [min, max]. */
    capacityMin: number;
    capacityMax: number;
    /** Supernode host kind shares, in KIND order. */
    hostKindShares: number[];
    /** Region shares, in REGIONS order. */
    regionShares: number[];
    /** A user supernode drops its role when traffic exceeds its capacity times a tolerance drawn per host
     * uniformly in [min, max] (hosts differ in bandwidth and CPU headroom). */
    protectLoadFactorMin: number;
    protectLoadFactorMax: number;
    /** Share of user hosts provisioned well enough to tolerate robustLoadFactor × capacity. */
    robustShare: number;
    robustLoadFactor: number;
    /** Time constant (minutes) of the traffic average the protection watches. */
    protectAfterMinutes: number;
    coolDownMinutes: number;
    warmupMinutes: number;
    /** Traffic of one connection attempt, relative to one attached client for one minute. */
    attemptCost: number;
    /** Traffic of one client logging in through a supernode (presence, buddy list, lookups), in client-minutes. */
    loginCost: number;
    /** Most new clients one supernode takes on per minute. */
    acceptPerMinute: number;
    /** Mean time a host keeps the supernode role before its user logs off (minutes). */
    hostSessionMinutes: number;
    /** Online clients per supernode the network aims for; sets the promotion target. */
    clientsPerSupernodeTarget: number;
    /** Share of the supernode deficit filled per minute, bounded by eligible online clients. */
    promotionPerMinute: number;
    /** Of online clients, the share per minute that qualifies for promotion (public IP, uptime). */
    eligiblePerMinute: number;
  };
  search: {
    /** Connection attempts per searching client per minute: 2010 clients retried without back-off. */
    attemptsPerMinute: number;
    /** Attempts per minute for clients honouring back-off (updated clients, once enabled). */
    backoffAttemptsPerMinute: number;
    /** Share of searching users per minute who give up and close the client. */
    giveUpPerMinute: number;
  };
  restart: {
    /** Human restart delay histogram after a crash: delays in minutes and their weights. */
    delayMinutes: number[];
    delayWeights: number[];
    /** Weight of users who do not restart during the scenario (become gone). */
    neverWeight: number;
  };
  offlineIm: {
    /** Requests per minute the cluster serves at the normal capacity. */
    capacityPerMinute: number;
    /** Sync requests per online client per minute. */
    syncPerOnlinePerMinute: number;
    /** Requests per successful login (the offline-message fetch). */
    requestsPerLogin: number;
    baseLatencyMs: number;
    maxLatencyMs: number;
    /** Server-hours cost of one extra unit of capacity (per hour, per 1.0 of capacity factor). */
    costPerCapacityHour: number;
    /** Share of a user's service that offline messaging is: lost for every online user while it is off. */
    serviceShare: number;
    /** Minutes until extra capacity ordered with scaleOfflineMessaging arrives. */
    scaleLeadMinutes: number;
    /** Largest size the cluster can grow to, as a multiple of its normal capacity (orders do not compound past it). */
    maxScale: number;
  };
  bug: {
    /** A reply slower than this starts to crash 5.0.0152. */
    slowReplyMs: number;
    /** At this latency every sync of a 5.0.0152 client is a slow reply. */
    fullHazardMs: number;
    /** Chance that one slow reply crashes a 5.0.0152 client. */
    crashPerSlowReply: number;
  };
  dedicated: {
    /** Spare servers available for dedicated supernodes from the start. */
    poolServers: number;
    /** Servers freed by disabling group video. */
    groupVideoServers: number;
    /** Share of a user's service that group video is: lost for every online user while it is off. */
    groupVideoServiceShare: number;
    /** Servers freed by disabling offline IM. */
    offlineImServers: number;
    /** Default client capacity of one dedicated supernode. */
    capacity: number;
    /** Largest capacity a command may ask for. */
    maxCapacity: number;
    leadMinutes: number;
    costPerServerHour: number;
    /** New clients one dedicated supernode takes on per minute. */
    acceptPerMinute: number;
    /** How much more often a dedicated supernode appears in host caches (handed out at login). */
    cacheBoost: number;
  };
  update: {
    /** The client build that fixes the bug (the only one a forced update can push). */
    fixedVersion: string;
    /** Update-server bandwidth the operators can reserve at most (Gbit/s), and the default order. */
    maxBandwidthGbps: number;
    defaultBandwidthGbps: number;
    /** Bandwidth the update servers have on hand at the order (Gbit/s); more is provisioned at provisionGbpsPerHour. */
    onHandGbps: number;
    provisionGbpsPerHour: number;
    /** Price of reserved update-server bandwidth per Gbit/s-hour while a rollout runs (besides the transfer). */
    costPerGbpsHour: number;
    packageMB: number;
    /** Minutes a client is off the network while it restarts into the update (the download runs in the background). */
    installMinutes: number;
    costPerTB: number;
    /** Minutes an updated supernode host needs after installing before it serves again (orderly restart). */
    supernodeRejoinMinutes: number;
    /** Minutes from the order to the first clients being told to update. */
    leadMinutes: number;
  };
  levers: {
    throttleLeadMinutes: number;
    backoffLeadMinutes: number;
    disableLeadMinutes: number;
  };
  /** Scripted model effects (the trigger and anything else the scenario makes happen). */
  effects: Array<{ atMinute: number } & ModelCommand>;
}

/** What createSim needs from a scenario: the model section. A full scenario carries more. */
export interface ModelScenario {
  model: ModelParams;
}

/** Metrics for the current tick: what every view, score and CLI reads. */
export interface SimMetrics {
  tick: number;
  /** GMT minute of day. */
  minuteOfDay: number;
  /** Users online (attached to a supernode). */
  online: number;
  /** Users online at this time of day on a normal day (the demand curve). */
  expectedOnline: number;
  searching: number;
  /** Clients connected to a supernode and waiting for the login server (the login throttle's queue): not online. */
  awaitingLogin: number;
  crashed: number;
  updating: number;
  gone: number;
  onlineByKind: number[];
  buggyOnline: number;
  supernodesAlive: number;
  supernodesProtecting: number;
  supernodesWarming: number;
  supernodesDead: number;
  dedicatedSupernodes: number;
  dedicatedProvisioning: number;
  /** Mean traffic of alive user supernodes relative to a normal one at this time of day. */
  supernodeLoadFactor: number;
  omLatencyMs: number;
  omUtilisation: number;
  omEnabled: boolean;
  groupVideoEnabled: boolean;
  crashesThisTick: number;
  loginsThisTick: number;
  /** Connection attempts that found no supernode with room this tick (a client taken into the login queue is not a failure). */
  failedAttemptsThisTick: number;
  supernodeDeathsThisTick: number;
  protectionsThisTick: number;
  updatesCompletedThisTick: number;
  /** Share of the buggy population told to update so far (0..1). */
  rolloutFraction: number;
  loginThrottlePerMinute: number | null;
  backoffEnabled: boolean;
  /** Cumulative cost in USD, and the parts of it spent on dedicated supernodes and on the forced update
   * (downloads and reserved bandwidth); the rest is offline-IM capacity. */
  costUsd: number;
  serverCostUsd: number;
  updateCostUsd: number;
  /** Cumulative user-minutes below the expected online level. */
  userMinutesLost: number;
  totalClients: number;
}

/** Read-only view of the supernode arrays for drawing. */
export interface SupernodeView {
  count: number;
  state: Uint8Array;
  load: Float32Array;
  region: Uint8Array;
  attached: Int32Array;
  capacity: Int32Array;
  dedicated: Uint8Array;
  hostKind: Uint8Array;
}
