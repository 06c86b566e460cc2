// A stand-in Worker for client tests: records what it was sent, and lets a test deliver replies,
// an error event, an unreadable message or a termination by hand.

import type { WorkerLike } from "../client-base.ts";

export class FakeWorker<In> implements WorkerLike<In> {
  sent: In[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;

  postMessage(message: In): void {
    this.sent.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  emit(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }

  fail(message: string): void {
    this.onerror?.({ message, preventDefault: () => {} } as unknown as ErrorEvent);
  }

  unreadable(): void {
    this.onmessageerror?.({} as MessageEvent);
  }
}

/** A factory that keeps every worker it made, newest last. */
export function fakeFactory<In>(): { create: () => FakeWorker<In>; made: FakeWorker<In>[]; latest(): FakeWorker<In> } {
  const made: FakeWorker<In>[] = [];
  return {
    made,
    create: () => {
      const w = new FakeWorker<In>();
      made.push(w);
      return w;
    },
    latest: () => made[made.length - 1],
  };
}
