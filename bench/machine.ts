/**
 * How fast this machine is at the moment. The project's machine is a shared VM whose CPU speed
 * varies by up to 2× within minutes; every bench report states this figure so a reader can tell a
 * slow phase of the machine from a slow program.
 */
import { Decimal } from '../src/engine/index.ts';

/** CPU µs for 1,000 decimal.js multiply-adds (the engine's arithmetic); lower is faster. */
export function machineSpeed(): number {
  const a = new Decimal('1234.5678');
  const b = new Decimal('0.0004797');
  const run = (n: number) => {
    let x = new Decimal(0);
    for (let i = 0; i < n; i++) x = x.plus(a.times(b));
    if (x.isZero()) throw new Error('unreachable');
  };
  run(50_000); // warm-up: measure optimised code, not the JIT
  const start = process.cpuUsage();
  run(200_000);
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 200;
}

export function machineSpeedText(before: number, after: number): string {
  return `Machine speed (CPU µs per 1.000 decimal.js multiply-adds; lower is faster; 260–400 in this VM's usual phases, up to about 800 in its slow ones): ${before.toFixed(0)} before, ${after.toFixed(0)} after the measurements.`;
}
