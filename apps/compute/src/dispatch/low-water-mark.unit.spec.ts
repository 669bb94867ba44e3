import { START, type Position } from '@berth/drivers';
import { LowWaterMark } from './low-water-mark';

const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

describe('LowWaterMark', () => {
  it('stays at the start while nothing was delivered', () => {
    expect(new LowWaterMark(START).safePosition()).toEqual(START);
  });

  it('holds the checkpoint before the oldest unfinished event', () => {
    const mark = new LowWaterMark(START);
    mark.begin(at(1));
    mark.begin(at(2));
    mark.begin(at(3));
    mark.finish(at(2));
    mark.finish(at(3));
    expect(mark.safePosition()).toEqual(START);
    mark.finish(at(1));
    expect(mark.safePosition()).toEqual(at(3));
  });

  it('moves to the event before the next unfinished one when the oldest finishes', () => {
    const mark = new LowWaterMark(at(10));
    mark.begin(at(11));
    mark.begin(at(12));
    mark.begin(at(13));
    mark.finish(at(11));
    expect(mark.safePosition()).toEqual(at(11));
    expect(mark.pending).toBe(2);
  });

  it('ignores a finish for a position it never handed out', () => {
    const mark = new LowWaterMark(START);
    mark.begin(at(1));
    mark.finish(at(7));
    expect(mark.safePosition()).toEqual(START);
    expect(mark.pending).toBe(1);
  });
});
