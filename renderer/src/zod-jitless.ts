/**
 * Zod 4 probes for eval support (`new Function('')`) the first time it compiles an object schema. Our CSP
 * forbids eval, so the probe fails harmlessly but Chromium still reports a CSP violation on the console.
 * `jitless` skips the probe and the eval-compiled fast path. This module must be imported before anything
 * that parses with zod at load time (the preload contract parses its defaults on import).
 */
import { z } from 'zod';

z.config({ jitless: true });
