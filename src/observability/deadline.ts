// A bound on how long a probe may wait. A database behind a dead link does not refuse: its connect or query
// hangs until the kernel gives up (minutes), and a probe must answer well within the prober's own timeout.
export class DeadlineExceeded extends Error {}

export function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
