/**
 * The score while it is being found and once it is: a progress bar with the stage and the time left (never a
 * blank wait), then the headline and grade in the score module's own words — or, when there is nothing to
 * score, that plainly, without a number. Shared by the end screen and the debrief.
 */
import type { Score } from '../../../../sim-core/src/scoring/score';
import { el } from '../dom';
import type { AnalysisProgress } from './analysis';
import { hasScore, type Scoring } from './scoring';

export const STAGE_TEXT: Record<AnalysisProgress['stage'], string> = {
  replay: 'Replaying the session',
  queued: 'Waiting for another par search to finish',
  baselines: 'Running doing nothing and the 2010 response at full scale',
  search: 'Searching for par (the best response the simulator finds)',
  finalists: 'Checking the best candidates at full scale',
  done: 'Done',
};

/** "12 s", "3 min". */
export function formatEta(seconds: number): string {
  return seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`;
}

/** The progress line of a scoring: stage, share done and the time left once it can be estimated. */
export function progressText(p: AnalysisProgress): string {
  const eta = p.etaSeconds === null ? '' : ` · about ${formatEta(p.etaSeconds)} left`;
  return `${STAGE_TEXT[p.stage]} · ${Math.round(p.fraction * 100)}%${eta}`;
}

/** A progress bar and line that follow a scoring until it is done. */
export function scoringProgress(scoring: Scoring): { elements: HTMLElement[]; dispose(): void } {
  const bar = el('progress', { max: '1', value: '0', 'aria-label': 'Scoring progress' });
  const line = el('p', { class: 'muted', 'aria-live': 'polite', 'data-progress': '' });
  const show = (p: AnalysisProgress): void => {
    bar.value = p.fraction;
    bar.setAttribute('aria-valuetext', `${Math.round(p.fraction * 100)}%`);
    line.textContent = progressText(p);
  };
  show(scoring.progress());
  const unsub = scoring.subscribe(show);
  return { elements: [bar, line], dispose: unsub };
}

/** The headline and grade, or "No score yet" with the reason when there is nothing to score. */
export function headline(score: Score): HTMLElement[] {
  if (!hasScore(score))
    return [
      el(
        'p',
        { class: 'headline', 'data-headline': 'none' },
        el('span', { class: 'headline-value' }, 'No score yet'),
      ),
      el('p', { class: 'muted' }, ...score.notes.slice(0, 1)),
    ];
  return [
    el(
      'p',
      { class: 'headline', 'data-headline': score.headline.toFixed(1), 'data-grade': score.grade },
      el('span', { class: 'headline-value' }, score.headline.toFixed(1)),
      el('span', { class: 'muted' }, ' / 100'),
    ),
    el(
      'p',
      { class: `grade grade-${score.grade}` },
      el('strong', {}, `Grade ${score.grade}`),
      ` · ${score.gradeMeaning}`,
    ),
  ];
}
