/** `npm run build`: main, preload and renderer into dist/. One clear line and exit 1 on failure. */
import { BuildError, runBuild } from './launch/build-app';

runBuild().catch((error: unknown) => {
  console.error(error instanceof BuildError ? error.message : `build failed: ${String(error)}`);
  process.exit(1);
});
