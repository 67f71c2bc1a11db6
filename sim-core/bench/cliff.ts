/**
 * `npm run bench:cliff [-- --scale F] [--seeds 1,2,...]`: on skype-2010, per seed, the latest minute at which
 * switching offline IM off (and leaving it off) still holds online above 50% of normal from the trigger to
 * midnight GMT — the last moment to act. Found by bisection over whole minutes (holding is monotone in the
 * minute in every run measured: earlier is never worse). Prints the drawn trigger and the table in
 * docs/model.md, with the load average.
 */
import { loadavg } from 'node:os';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { parsePolicy } from '../src/levers/index';
import { runScenario } from '../src/scoring/run';
import { drawnTriggerMinute } from '../src/model/variation';
import type { Scenario } from '../src/scenario/schema';

const HOLD = 0.5;

function parse(argv: string[]) {
  const a = { scale: 1, seeds: [1, 2, 3, 4, 5, 6, 7, 8] };
  for (let i = 0; i < argv.length; i += 2) {
    const f = argv[i]!;
    const v = argv[i + 1] ?? '';
    if (f === '--scale' && Number(v) > 0 && Number(v) <= 1) a.scale = Number(v);
    else if (f === '--seeds' && /^\d+(,\d+)*$/.test(v)) a.seeds = v.split(',').map(Number);
    else throw new Error(`bad argument "${f} ${v}"`);
  }
  return a;
}

const clock = (s: Scenario, minute: number) => {
  const m = (s.model.startMinuteOfDay + minute) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** Lowest online / normal from the trigger to midnight GMT when offline IM is switched off at `at`. */
function lowestRatio(s: Scenario, seed: number, trigger: number, at: number | null): number {
  const midnight = 1440 - s.model.startMinuteOfDay;
  const policy =
    at === null
      ? []
      : parsePolicy([{ atMinute: at, command: 'disableFeature', feature: 'offlineIm', disabled: true }]);
  const r = runScenario(s, { seed, hours: midnight / 60, policy });
  let low = Number.POSITIVE_INFINITY;
  for (let t = trigger; t < r.series.length; t++) {
    const row = r.series[t]!;
    low = Math.min(low, row.online / row.expectedOnline);
  }
  return low;
}

function main(argv: string[]): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    process.stderr.write(`bench:cliff: ${(e as Error).message}\n`);
    return 2;
  }
  const base = builtinScenario('skype-2010');
  const s = args.scale < 1 ? scaleScenario(base, args.scale) : base;
  const out = (line: string) => process.stdout.write(line + '\n');
  out(
    `scale ${args.scale}; load average before ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  out(
    '| seed | onset (GMT) | last minute to act (GMT) | minutes after onset | lowest online/normal, acting then |',
  );
  out('| ---: | :---: | :---: | ---: | ---: |');
  for (const seed of args.seeds) {
    const trigger = drawnTriggerMinute(s.model, seed);
    // Invariant: acting at `lo` holds, acting at `hi` does not.
    let lo = trigger;
    let hi = trigger + 240;
    if (lowestRatio(s, seed, trigger, lo) < HOLD) {
      out(`| ${seed} | ${clock(s, trigger)} | none: switching off at the onset does not hold | – | – |`);
      continue;
    }
    if (lowestRatio(s, seed, trigger, hi) >= HOLD) {
      out(`| ${seed} | ${clock(s, trigger)} | after ${clock(s, hi)} | > 240 | – |`);
      continue;
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (lowestRatio(s, seed, trigger, mid) >= HOLD) lo = mid;
      else hi = mid;
    }
    const low = lowestRatio(s, seed, trigger, lo);
    out(`| ${seed} | ${clock(s, trigger)} | ${clock(s, lo)} | ${lo - trigger} | ${low.toFixed(3)} |`);
  }
  out(
    `load average after ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
