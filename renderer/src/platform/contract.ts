/**
 * The renderer's single doorway to main/: the preload contract (bridge type, settings schemas), re-exported
 * so no other renderer file imports from main/ at all.
 *
 */
export * from '../../../main/preload/contract';
