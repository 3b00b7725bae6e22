import { randomInt } from 'node:crypto';
import { MAX_SEQ, nextSeq } from './frame-codec';

/**
 * Hands out request seqs: the first one is random (so a restarted station is never answered from the
 * last session's saved response), every later one is the previous plus one, 65535 wrapping to 0.
 * Throws TypeError when the injected first seq is not an integer 0..65535.
 */
export class SeqCounter {
  private last: number | null = null;

  constructor(private readonly firstSeq: number = randomInt(0, MAX_SEQ + 1)) {
    if (!Number.isInteger(firstSeq) || firstSeq < 0 || firstSeq > MAX_SEQ) {
      throw new TypeError(`first seq must be an integer 0..${MAX_SEQ}, got ${firstSeq}`);
    }
  }

  /** The seq for the next new request (not for a retransmission: that reuses the frame). */
  next(): number {
    this.last = this.last === null ? this.firstSeq : nextSeq(this.last);
    return this.last;
  }
}
