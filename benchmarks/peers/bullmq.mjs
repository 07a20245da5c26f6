// BullMQ measured the way the load tool measures TypedJobs, against the same redis-server in the same
// run: the reference the processing target comes from.
//
//   node benchmarks/peers/bullmq.mjs HOST PORT     prints "RESULT <measure> <jobs/s>" lines
import { Queue, Worker } from 'bullmq';

const [host = '127.0.0.1', port = '6379'] = process.argv.slice(2);
const connection = { host, port: Number(port) };
const JOBS = 20_000;
const RUNS = 3;

const now = () => performance.now() / 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = (measure, rate) => console.log(`RESULT ${measure} ${Math.round(rate)}`);
const queue = new Queue(`peer-bench-${process.pid}`, { connection });
const addOne = (i) => queue.add('noop', { i });
const addBulk = (first) => queue.addBulk(Array.from({ length: 100 }, (_, i) => ({ name: 'noop', data: { i: first + i } })));

// Runs f over and over for the given seconds; the rate at which it added jobs.
async function ratePerSecond(seconds, f, jobsPerCall) {
  const start = now();
  let jobs = 0;
  while (now() - start < seconds) {
    await f(jobs);
    jobs += jobsPerCall;
  }
  return jobs / (now() - start);
}

try {
  // Single add, one caller, one at a time: 2 s unmeasured, then 3 s.
  await ratePerSecond(2, addOne, 1);
  await queue.obliterate({ force: true });
  result('single', await ratePerSecond(3, addOne, 1));
  await queue.obliterate({ force: true });

  // addBulk of 100, one batch after another.
  await ratePerSecond(2, addBulk, 100);
  await queue.obliterate({ force: true });
  const bulk = [];
  for (let run = 0; run < RUNS; run++) {
    const start = now();
    for (let b = 0; b < JOBS / 100; b++) await addBulk(b * 100);
    bulk.push(JOBS / (now() - start));
    const waiting = await queue.getWaitingCount();
    if (waiting !== JOBS) throw new Error(`addBulk queued ${waiting} of ${JOBS}`);
    await queue.obliterate({ force: true });
  }
  result('bulk', median(bulk));

  // Processing: the jobs queued first, then one worker at concurrency 10; timed from the first job's end
  // to the last one's.
  const processing = [];
  for (let run = 0; run < RUNS; run++) {
    for (let b = 0; b < JOBS / 100; b++) await addBulk(b * 100);
    let completed = 0;
    let first = 0;
    let last = 0;
    await new Promise((resolve, reject) => {
      const worker = new Worker(queue.name, async () => {}, { connection, concurrency: 10 });
      worker.on('error', reject);
      worker.on('completed', () => {
        completed++;
        if (completed === 1) first = now();
        if (completed === JOBS) {
          last = now();
          worker.close().then(resolve, reject);
        }
      });
    });
    processing.push((JOBS - 1) / (last - first));
    await queue.obliterate({ force: true });
  }
  result('processing', median(processing));
} finally {
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
}
