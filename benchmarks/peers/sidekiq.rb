# Sidekiq 6.4 (Debian's ruby-sidekiq) measured the way the load tool measures TypedJobs, against the
# same redis-server in the same run: the reference the bulk and processing targets come from.
#
#   ruby benchmarks/peers/sidekiq.rb HOST PORT     prints "RESULT <measure> <jobs/s>" lines
#
# Loaded by the sidekiq command itself (-r this file), it only defines the no-op job.
require "sidekiq"
require "redis"
Redis.silence_deprecations = true if Redis.respond_to?(:silence_deprecations=)

class NoopJob
  include Sidekiq::Worker
  def perform(i); end
end

# No log line per job (Sidekiq's default logs each job's start and end): as a benchmark of it would run.
Sidekiq.configure_server { |config| config.logger.level = Logger::WARN }

return unless $PROGRAM_NAME == __FILE__

HOST = ARGV.fetch(0, "127.0.0.1")
PORT = Integer(ARGV.fetch(1, "6379"))
Sidekiq.configure_client { |c| c.redis = { url: "redis://#{HOST}:#{PORT}/0", size: 1 } }
PROCESSED_JOBS = 20_000
RUNS = 3

def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
def redis(&block) = Sidekiq.redis(&block)
def clear = redis { |r| r.del("queue:default") }
def median(xs) = xs.sort[xs.size / 2]
def result(measure, rate) = puts("RESULT #{measure} #{rate.round}")
def push_bulk(first) = Sidekiq::Client.push_bulk("class" => NoopJob, "args" => Array.new(100) { |i| [first + i] })

# Single push, one caller, one at a time, for that many seconds: jobs/s.
def pushes_per_second(seconds)
  t = now; k = 0
  k += 1 while Sidekiq::Client.push("class" => NoopJob, "args" => [k]) && now - t < seconds
  rate = k / (now - t)
  clear
  rate
end

pushes_per_second(2) # unmeasured
result "single", pushes_per_second(3)

# push_bulk of 100, one batch after another: 100,000 jobs a run, the median of the runs.
t = now; b = 0
(push_bulk(b * 100); b += 1) while now - t < 2
clear
rates = Array.new(RUNS) do
  t = now
  1000.times { |b| push_bulk(b * 100) }
  rate = 100_000 / (now - t)
  queued = redis { |r| r.llen("queue:default") }
  raise "push_bulk queued #{queued} of 100000" unless queued == 100_000
  clear
  rate
end
result "bulk", median(rates)

# Processing: 20,000 jobs queued first, then one sidekiq process with 10 threads (BasicFetch, Sidekiq's
# at-most-once fetch). Timed from the first job taken to the queue's end, by sampling its length.
rates = Array.new(RUNS) do
  (PROCESSED_JOBS / 100).times { |b| push_bulk(b * 100) }
  server = spawn({ "REDIS_URL" => "redis://#{HOST}:#{PORT}/0" }, "sidekiq", "-r", File.expand_path(__FILE__), "-c", "10", "-q", "default",
                 out: File::NULL)
  begin
    length = PROCESSED_JOBS
    while (length = redis { |r| r.llen("queue:default") }) == PROCESSED_JOBS
      raise "sidekiq exited before taking a job (#{$?}); its error is above" if Process.wait(server, Process::WNOHANG)
      sleep 0.002
    end
    t = now; first = length # the jobs still queued when the first was taken
    sleep 0.005 until redis { |r| r.llen("queue:default") }.zero?
    first / (now - t)
  ensure
    begin
      Process.kill("TERM", server)
      Process.wait(server)
    rescue Errno::ESRCH, Errno::ECHILD
      # It has already exited.
    end
    clear
  end
end
result "processing", median(rates)
