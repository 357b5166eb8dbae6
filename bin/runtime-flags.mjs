// V8 settings for every Amtsklar process (CLI, server, workers, benchmarks): import first.
//
// Allocation-site pretenuring off. V8 watches which object literals survive a young-generation
// collection and, above a threshold, allocates that site's objects directly in the old
// generation. A decision allocates thousands of short-lived objects (trace steps, decimals,
// contexts) that V8 judged long-lived: with pretenuring, each scavenge took about 7 ms instead
// of 2 and the old generation filled every 0.7 s. Measured on the Wohngeld pack: decisions with
// trace 1.5× as fast without it, the common benchmark model 1.2×, `simulate` 1.07×
// (see ARCHITECTURE.md, "Speed"). The flag is process-wide and applies to worker threads too.
// AMTSKLAR_V8_PRETENURING=1 keeps V8's default (to measure the difference).
import process from 'node:process';
import v8 from 'node:v8';

if (process.env.AMTSKLAR_V8_PRETENURING !== '1') v8.setFlagsFromString('--no-allocation-site-pretenuring');
