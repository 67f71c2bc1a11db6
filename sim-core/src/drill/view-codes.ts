/**
 * What a drawing of the drill needs to know of the model, handed on by the drill layer so that no view or panel
 * reads sim-core/src/model directly (lint holds the renderer to this): the snapshot's supernode state codes, the
 * client kinds its arrays are indexed by, the model's parameter type (as the scenario file carries it) and the
 * normal-day demand curve the charts and the briefing draw as "normal".
 */
export { KIND, SN_STATE, expectedOnline } from '../model/index';
export type { ModelParams } from '../model/index';
