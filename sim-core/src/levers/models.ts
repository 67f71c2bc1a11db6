/**
 * The cascade models the engine knows, by the `model.kind` a scenario names. The drill host, the timeline's
 * checks and the scores find a scenario's model here; a new model plugs in with one row (its module states
 * everything else: levers, checks, previews, facts). It sits in the levers layer because the Skype adapter does.
 */
import type { AnyCascadeModel } from '../model/index';
import { facebookModel } from '../model/facebook';
import { s3Model } from '../model/s3';
import { skypeCascadeModel } from './cascade-skype';

/** Every model, by kind. */
export const CASCADE_MODELS: Readonly<Record<string, AnyCascadeModel>> = {
  skype: skypeCascadeModel as unknown as AnyCascadeModel,
  facebook: facebookModel as unknown as AnyCascadeModel,
  s3: s3Model as unknown as AnyCascadeModel,
};

/** The model a scenario's `model.kind` names (`skype` when it names none); throws naming the known kinds. */
export function cascadeModelOf(kind: string | undefined): AnyCascadeModel {
  const k = kind ?? 'skype';
  const m = Object.hasOwn(CASCADE_MODELS, k) ? CASCADE_MODELS[k] : undefined;
  if (!m) throw new Error(`unknown model kind "${k}" (known: ${Object.keys(CASCADE_MODELS).join(', ')})`);
  return m;
}
