/** Electron edge of the `app://` scheme: registration before `ready`, the handler after. */
import { protocol } from 'electron';
import { APP_SCHEME, appProtocolResponse } from './app-content';

/**
 * Declare `app://` privileged. Must run before the app is ready. `standard` gives it real origins and
 * relative URL resolution, `secure` makes it a secure context (workers, crypto), `supportFetchAPI` and
 * `corsEnabled` let module scripts and fetch() load from it.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

/** Serve `app://cascade/*` from the built renderer directory (after `ready`). */
export function serveAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererRoot, request));
}
