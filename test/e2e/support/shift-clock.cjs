// Preloaded into a service process (`node -r`) to run its clock CLOCK_SHIFT_MS ahead (negative:
// behind), as another machine's clock may be: `new Date()` and `Date.now()` shift, dates made
// from a given time do not. Plain CommonJS: it runs before anything is compiled or loaded.
'use strict';
const shiftMs = Number(process.env.CLOCK_SHIFT_MS || 0);
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + shiftMs);
    else super(...args);
  }
  static now() {
    return RealDate.now() + shiftMs;
  }
}
globalThis.Date = ShiftedDate;
