// Imported first by the explorer's entries: zod compiles object parsers with `new Function` unless told not to,
// and probing for it under the page's Content-Security-Policy (no 'unsafe-eval') reports a violation.
import { z } from 'zod';

z.config({ jitless: true });
