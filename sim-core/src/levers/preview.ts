/**
 * What a lever will do, before the click: lead time, money (per hour and over the rest of the scoring window),
 * room left, the refusal the host would give (the same checkLeverIn), and the consequences in the trainee's
 * terms, with warnings when the numbers say it will hurt. Pure: the console runs it on the LeverContext of each
 * drill snapshot; tests run it on a sim's context.
 */
import { dedicatedUsdPerHour, featureLossShare, type ModelCommand, type ModelParams } from '../model/index';
import type { LeverContext } from './context';
import {
  FEATURE_WORDS,
  ORDER_WORDS,
  checkLeverIn,
  leadMinutes,
  parseLever,
  serversFree,
  omScaleAfter,
  type LeverName,
} from './rules';
import { duration, num, people, usd } from './words';

/** A lever's preview. Money is in USD; service in user-hours (what the score charges, docs/scoring.md). */
export interface LeverPreview {
  /** Whether the host would accept the command now. */
  ok: boolean;
  /** The host's refusal reason when it would not (plain words). */
  refusal: string | null;
  /** Minutes from the order until it takes effect, and that minute. */
  leadMinutes: number;
  takesEffectAtMinute: number;
  /** Money charged per hour while it stands, and once (downloads). */
  usdPerHour: number;
  usdOnce: number;
  /** Money over the rest of the scoring window if it stands until the end. */
  usdOverWindow: number;
  /** User-hours of service lost per hour while it stands (a switched-off feature), at today's online users. */
  userHoursPerHour: number;
  /** What is left to order after this one ("380 spare servers left"), or null. */
  room: string | null;
  /** What happens, in the trainee's terms (one sentence each). */
  consequences: string[];
  /** Reasons for a second look (numbers that say it will hurt). */
  warnings: string[];
  /**
   * What this lever already has ordered or in force, and what it has cost so far (one sentence each), so a
   * card shows the order's state next to the preview of another one. Empty when nothing stands.
   */
  standing: string[];
}

/**
 * Preview `lever` with the operator's `args` (as the command would be sent) in context `ctx`. `alsoAccepted`
 * are commands accepted earlier in the same minute.
 */
export function previewLever(
  p: ModelParams,
  ctx: LeverContext,
  lever: LeverName,
  args: Record<string, unknown>,
  alsoAccepted: readonly ModelCommand[] = [],
): LeverPreview {
  const out: LeverPreview = {
    ok: false,
    refusal: null,
    leadMinutes: 0,
    takesEffectAtMinute: ctx.minute,
    usdPerHour: 0,
    usdOnce: 0,
    usdOverWindow: 0,
    userHoursPerHour: 0,
    room: null,
    consequences: [],
    warnings: [],
    standing: standingOrders(p, ctx, lever),
  };
  const parsed = parseLever({ ...args, command: lever });
  if (!parsed.ok) {
    out.refusal = parsed.reason;
    return out;
  }
  const c = parsed.command;
  const checked = checkLeverIn(p, ctx, c, alsoAccepted);
  const accepted = [...ctx.accepted, ...alsoAccepted];
  out.ok = checked.ok;
  out.refusal = checked.ok ? null : checked.reason;
  out.leadMinutes = leadMinutes(p, c);
  out.takesEffectAtMinute = ctx.minute + out.leadMinutes;
  // A refused order happens not at all: no consequences, no money, nothing left to order (the refusal says why).
  if (!checked.ok) return out;
  const hoursLeft = Math.max(0, p.durationMinutes - out.takesEffectAtMinute) / 60;
  const chargedHours = describe(p, ctx, c, accepted, out, hoursLeft);
  out.usdOverWindow = out.usdOnce + out.usdPerHour * Math.min(hoursLeft, chargedHours);
  return out;
}

/** "in 25 min" / "now" for an order taking effect at `at` seen at `minute`. */
const inWords = (at: number, minute: number): string =>
  at > minute ? `takes effect in ${duration(at - minute)}` : 'takes effect this minute';

/**
 * What `lever` already has ordered (waiting for its lead time) or in force in `ctx`, and what it has cost so far,
 * one sentence each. The console shows these on the lever's card, above the preview of a further order.
 */
export function standingOrders(p: ModelParams, ctx: LeverContext, lever: LeverName): string[] {
  const out: string[] = [];
  const waiting = [
    ...ctx.pending.map((x) => ({ at: x.at, command: x.command })),
    ...ctx.accepted.map((c) => ({ at: ctx.minute + leadMinutes(p, c), command: c })),
  ].filter((x) => x.command.kind === lever);
  for (const { at, command: c } of waiting)
    out.push(`Ordered: ${orderSummary(c)}; ${inWords(at, ctx.minute)}.`);
  switch (lever) {
    case 'forceUpdate': {
      if (ctx.rolloutActive) {
        const told = Math.min(100, Math.round(100 * ctx.rolloutFraction));
        const served =
          ctx.rolloutFraction >= 1 && ctx.updateQueue <= 0
            ? 'Every 5.0.0152 user has been told and served.'
            : `Rolling out at ${num(ctx.rolloutPercentPerHour)}% an hour over ${num(ctx.rolloutBandwidthGbps)} Gbit/s (${num(ctx.bandwidthNowGbps)} Gbit/s serving now): ${told}% of 5.0.0152 users told, ${people(ctx.updateQueue)} of them waiting for their download.`;
        out.push(served);
      }
      if (ctx.updateCostUsd > 0 || ctx.rolloutActive)
        out.push(
          `Spent on the update so far: ${usd(ctx.updateCostUsd)}${ctx.rolloutActive && !(ctx.rolloutFraction >= 1 && ctx.updateQueue <= 0) ? `; ${usd(ctx.rolloutBandwidthGbps * p.update.costPerGbpsHour)} an hour for the bandwidth while it runs, plus each download` : ''}.`,
        );
      return out;
    }
    case 'spinUpSupernodes':
    case 'releaseSupernodes':
      if (ctx.dedicatedInUse > 0)
        out.push(`${people(ctx.dedicatedInUse)} dedicated supernodes are running or starting.`);
      if (lever === 'spinUpSupernodes' && ctx.serverCostUsd > 0)
        out.push(`Spent on dedicated supernodes so far: ${usd(ctx.serverCostUsd)}.`);
      return out;
    case 'scaleOfflineMessaging':
      if (ctx.omScale > 1)
        out.push(
          `The offline-IM cluster runs at ${num(ctx.omScale)}× its normal size: ${usd((ctx.omScale - 1) * p.offlineIm.costPerCapacityHour)} an hour.`,
        );
      return out;
    case 'disableFeature': {
      const off = [
        ...(ctx.omEnabled ? [] : [FEATURE_WORDS.offlineIm]),
        ...(ctx.groupVideoEnabled ? [] : [FEATURE_WORDS.groupVideo]),
      ];
      if (off.length > 0) out.push(`Switched off now: ${off.join(' and ')}.`);
      return out;
    }
    case 'throttleLogins':
      if (ctx.loginThrottle !== null) out.push(`Logins are capped at ${people(ctx.loginThrottle)} a minute.`);
      return out;
    case 'enableClientBackoff':
      if (ctx.backoffEnabled) out.push('Client back-off is on.');
      return out;
    case 'cancelOrder':
      return [];
  }
}

/** An order in a few words: "25% an hour over 100 Gbit/s". */
function orderSummary(c: ModelCommand): string {
  switch (c.kind) {
    case 'forceUpdate':
      return `update ${num(c.rolloutPercentPerHour)}% an hour over ${num(c.bandwidthGbps)} Gbit/s`;
    case 'spinUpSupernodes':
      return `${people(c.count)} dedicated supernodes`;
    case 'releaseSupernodes':
      return `release ${people(c.count)} dedicated supernodes`;
    case 'scaleOfflineMessaging':
      return `offline-IM cluster ×${num(c.factor)}`;
    case 'disableFeature':
      return `${FEATURE_WORDS[c.feature]} ${c.disabled ? 'off' : 'back on'}`;
    case 'throttleLogins':
      return c.perMinute === null ? 'lift the login cap' : `cap logins at ${people(c.perMinute)} a minute`;
    case 'enableClientBackoff':
      return 'client back-off';
    case 'cancelOrder':
      return `cancel ${ORDER_WORDS[c.order]}`;
    case 'offlineImCapacity':
      return 'offline-IM capacity';
  }
}

function describe(
  p: ModelParams,
  ctx: LeverContext,
  c: ModelCommand,
  alsoAccepted: readonly ModelCommand[],
  out: LeverPreview,
  hoursLeft: number,
): number {
  const say = (s: string) => out.consequences.push(s);
  const warn = (s: string) => out.warnings.push(s);
  switch (c.kind) {
    case 'forceUpdate': {
      const plan = rolloutPlan(p, ctx, c.rolloutPercentPerHour, c.bandwidthGbps);
      out.usdOnce = plan.downloadUsd;
      out.usdPerHour = plan.reservedUsdPerHour;
      const untold = Math.round(plan.clients * Math.max(0, 1 - ctx.rolloutFraction));
      say(
        `About ${people(plan.toldPerHour)} users an hour are told to update; ${ctx.rolloutFraction > 0 ? `the ${people(untold)} 5.0.0152 users not yet told` : `all ${people(untold)} 5.0.0152 users`} within ${duration(plan.minutesToTellAll)} of it taking effect.`,
      );
      say(
        `The update servers carry ${people(plan.downloadsPerHour)} downloads an hour at ${num(c.bandwidthGbps)} Gbit/s${c.bandwidthGbps > p.update.onHandGbps && !ctx.rolloutActive ? ` once provisioned (${num(p.update.onHandGbps)} Gbit/s on hand, ${num(p.update.provisionGbpsPerHour)} Gbit/s more an hour)` : ''}.`,
      );
      say('Told users download in the background and keep using Skype meanwhile.');
      say(
        `Each updated user is off Skype for about ${duration(p.update.installMinutes)} while the client restarts.`,
      );
      if (plan.peakQueue > 0)
        say(
          `Told users wait for their download: the queue peaks near ${people(plan.peakQueue)}; ${plan.queueWords}`,
        );
      if (plan.outruns)
        warn(
          `The rollout outruns the update servers: they need ${duration(plan.minutesToServeAll)} to serve everyone, ${duration(plan.minutesToServeAll - plan.minutesToTellAll)} longer than the rollout. A slower rollout or more bandwidth keeps the queue short.`,
        );
      if (plan.restartsPerMinute > p.supernodes.acceptPerMinute * 50) {
        const restarts = `About ${people(plan.restartsPerMinute)} clients a minute restart and log in again`;
        if (weakened(ctx))
          warn(
            `${restarts}: the network is at ${num(Math.round(100 * (ctx.online / ctx.expectedOnline)))}% of normal, so that is extra login load on a weakened network.`,
          );
        else
          say(
            `${restarts} (the network is at ${num(Math.round(100 * (ctx.online / ctx.expectedOnline)))}% of normal now).`,
          );
      }
      // Bandwidth is charged while the rollout runs: until every told user is served.
      return plan.minutesToServeAll / 60;
    }
    case 'spinUpSupernodes': {
      const cap = c.capacity ?? p.dedicated.capacity;
      const perServerHour = dedicatedUsdPerHour(p, cap);
      out.usdPerHour = dedicatedUsdPerHour(p, c.count * cap);
      const free = serversFree(p, ctx, alsoAccepted);
      out.room = `${people(Math.max(0, free - c.count))} spare servers left after this order`;
      say(
        `${people(c.count)} servers start as dedicated supernodes; they serve after ${duration(p.dedicated.leadMinutes)} and carry up to ${people(c.count * cap)} users.`,
      );
      say(`They cost ${usd(perServerHour)} per server-hour until released.`);
      if (cap > p.dedicated.capacity)
        warn(
          `Above ${people(p.dedicated.capacity)} clients each a server costs more, in proportion (the 2012 hosted supernodes carried about 4,100).`,
        );
      return Infinity;
    }
    case 'releaseSupernodes': {
      const attachedEach = ctx.dedicatedInUse > 0 ? p.dedicated.capacity : 0;
      say(
        `${people(c.count)} dedicated supernodes stop at once; up to ${people(c.count * attachedEach)} users on them look for another supernode.`,
      );
      say(`Their servers go back to the pool, so switched-off features can have theirs back.`);
      out.room = `${people(Math.max(0, ctx.dedicatedInUse - c.count))} dedicated supernodes keep running`;
      if (weakened(ctx))
        warn(`The network is below 90% of normal: the released users add to the login storm.`);
      return Infinity;
    }
    case 'scaleOfflineMessaging': {
      const before = omScaleAfter(ctx, alsoAccepted);
      const after = Math.min(p.offlineIm.maxScale, before * c.factor);
      out.usdPerHour = (after - before) * p.offlineIm.costPerCapacityHour;
      out.room = `the cluster can grow to ${num(p.offlineIm.maxScale)}× its normal size; ${num(after)}× after this order`;
      say(
        `The offline-IM cluster grows from ${num(before)}× to ${num(after)}× its normal capacity after ${duration(p.offlineIm.scaleLeadMinutes)} (servers are provisioned, not switched).`,
      );
      say(
        `It costs ${usd(p.offlineIm.costPerCapacityHour)} an hour per normal-cluster's worth: ${usd(out.usdPerHour)} an hour more.`,
      );
      return Infinity;
    }
    case 'disableFeature': {
      const name = FEATURE_WORDS[c.feature];
      const servers =
        c.feature === 'offlineIm' ? p.dedicated.offlineImServers : p.dedicated.groupVideoServers;
      const omOn = c.feature === 'offlineIm' ? !c.disabled : ctx.omEnabled;
      const gvOn = c.feature === 'groupVideo' ? !c.disabled : ctx.groupVideoEnabled;
      const shareAfter = featureLossShare(p, omOn, gvOn);
      const shareNow = featureLossShare(p, ctx.omEnabled, ctx.groupVideoEnabled);
      out.userHoursPerHour = (shareAfter - shareNow) * ctx.online;
      if (c.disabled) {
        say(
          `${cap(name)} goes off after ${duration(p.levers.disableLeadMinutes)}: every online user loses it (${num(100 * (shareAfter - shareNow))}% of their service), about ${people(out.userHoursPerHour)} user-hours an hour at ${people(ctx.online)} online.`,
        );
        say(`Its ${people(servers)} servers become free for dedicated supernodes.`);
        if (c.feature === 'offlineIm')
          say('No offline-IM replies means no slow replies: 5.0.0152 stops crashing on them.');
        if (hoursLeft > 0)
          say(`Left off to the end, that is about ${people(out.userHoursPerHour * hoursLeft)} user-hours.`);
      } else {
        say(
          `${cap(name)} comes back after ${duration(p.levers.disableLeadMinutes)} and takes its ${people(servers)} servers back.`,
        );
        if (c.feature === 'offlineIm')
          warn('Its replies may be slow again under load, and slow replies crash 5.0.0152 clients.');
      }
      return Infinity;
    }
    case 'throttleLogins': {
      if (c.perMinute === null) {
        say('Every client that reaches a supernode may log in again at once.');
        if (ctx.awaitingLogin > 0)
          warn(
            `${people(ctx.awaitingLogin)} clients waiting for the login servers log in within the same minute, each one adding login traffic to its supernode.`,
          );
        else if (weakened(ctx))
          warn('The network is below 90% of normal: lifting the cap lets the whole backlog log in together.');
      } else {
        const missing = Math.max(0, ctx.expectedOnline - ctx.online);
        say(
          `The login servers admit at most ${people(c.perMinute)} logins a minute (${people(c.perMinute * 60)} an hour). A client that reaches a supernode above the cap waits there, connected: it stops retrying across the network but is not online until its turn.`,
        );
        say(
          'It does not slow the search itself: clients that have not reached a supernode keep retrying as often as before.',
        );
        if (ctx.awaitingLogin > 0)
          say(`${people(ctx.awaitingLogin)} clients are waiting for their turn now.`);
        if (missing > 0)
          say(
            `About ${people(missing)} users are missing now: readmitting them all takes about ${duration(missing / c.perMinute)}.`,
          );
      }
      return Infinity;
    }
    case 'enableClientBackoff': {
      say(
        `After ${duration(p.levers.backoffLeadMinutes)}, ${p.update.fixedVersion} clients retry slowly (${num(p.search.backoffAttemptsPerMinute)} attempts a minute instead of ${num(p.search.attemptsPerMinute)}); 5.0.0152 clients cannot.`,
      );
      say(
        `${people(ctx.fixedOnline)} of ${people(ctx.online)} online users run ${p.update.fixedVersion} now.`,
      );
      return Infinity;
    }
    case 'cancelOrder': {
      say('The order is withdrawn before it takes effect; nothing of it is charged from then on.');
      return Infinity;
    }
    case 'offlineImCapacity':
      return Infinity;
  }
}

/** Below 90% of the users normal for the hour: the level at which previews call the network weakened. */
const WEAKENED_RATIO = 0.9;
const weakened = (ctx: LeverContext): boolean => ctx.online < WEAKENED_RATIO * ctx.expectedOnline;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Downloads per minute that `gbps` of update-server bandwidth carries. */
export function downloadsPerMinute(p: ModelParams, gbps: number): number {
  return Math.floor((gbps * 7500) / p.update.packageMB);
}

/** The numbers of a forced-update order: how fast users are told, served, and how long the queue gets. */
export function rolloutPlan(
  p: ModelParams,
  ctx: LeverContext,
  percentPerHour: number,
  gbps: number,
): {
  clients: number;
  toldPerHour: number;
  downloadsPerHour: number;
  minutesToTellAll: number;
  minutesToServeAll: number;
  peakQueue: number;
  outruns: boolean;
  queueWords: string;
  restartsPerMinute: number;
  downloadUsd: number;
  reservedUsdPerHour: number;
} {
  const left = Math.max(0, 1 - ctx.rolloutFraction);
  const clients = ctx.buggyClients;
  const untold = clients * left;
  const toldPerMinute = (clients * percentPerHour) / 100 / 60;
  // Bandwidth beyond what is on hand is provisioned at update.provisionGbpsPerHour: the plan uses the full order.
  const served = downloadsPerMinute(p, gbps);
  const minutesToTellAll = toldPerMinute > 0 ? untold / toldPerMinute : 0;
  const backlog = ctx.updateQueue;
  const minutesToServeAll = served > 0 ? (untold + backlog) / served : Infinity;
  const outruns = toldPerMinute > served;
  // The queue grows while telling outpaces serving and peaks when everyone has been told.
  const peakQueue = outruns ? backlog + (toldPerMinute - served) * minutesToTellAll : backlog;
  const queueWords = outruns
    ? 'they stay online while they wait, still on 5.0.0152 and still exposed to its crash.'
    : 'the servers keep up, so few stay on 5.0.0152 for long.';
  const restartsPerMinute = Math.min(served, Math.max(toldPerMinute, backlog > 0 ? served : 0));
  return {
    clients,
    toldPerHour: toldPerMinute * 60,
    downloadsPerHour: served * 60,
    minutesToTellAll,
    minutesToServeAll,
    peakQueue,
    outruns,
    queueWords,
    restartsPerMinute,
    downloadUsd: ((untold + backlog) * p.update.packageMB * p.update.costPerTB) / 1e6,
    reservedUsdPerHour: gbps * p.update.costPerGbpsHour,
  };
}
