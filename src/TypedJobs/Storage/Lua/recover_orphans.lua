-- Puts back on the queue the jobs of the started registry whose lease ran out: their worker died (or
-- lost Redis for longer than its lease) while holding them. At-least-once delivery: the job runs again
-- rather than being lost. Such crash deliveries are counted apart from the user's retries; a job that
-- keeps killing its worker is quarantined in the failed registry instead of being retried forever.
-- KEYS[1] started registry (scored by lease deadline, Unix ms), KEYS[2] queue list, KEYS[3] failed registry
-- ARGV[1] the queue's key root, ARGV[2] now (Unix ms), ARGV[3] now (ISO-8601), ARGV[4] batch size,
-- ARGV[5] crash deliveries after which a job is quarantined
-- Result: { ids put back, ids quarantined }
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
local max_crashes = tonumber(ARGV[5])
local recovered = {}
local quarantined = {}
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[1], id)
  local job_key = ARGV[1] .. 'job:' .. id
  if redis.call('HGET', job_key, 'status') == 'started' then
    local crashes = redis.call('HINCRBY', job_key, 'crashes', 1)
    redis.call('HDEL', job_key, 'worker')
    if crashes >= max_crashes then
      redis.call('HSET', job_key, 'status', 'failed', 'ended_at', ARGV[3], 'exc_info',
        'TypedJobs.PoisonJobException: quarantined after ' .. crashes .. ' crash deliveries: the worker running ' ..
        'this job died (was killed, ran out of memory, or lost Redis for longer than its lease) every time. ' ..
        'Find out why, then requeue it from the failed registry.')
      local keep = tonumber(redis.call('HGET', job_key, 'failure_ttl'))
      -- Not a whole number of seconds from -1 up (a hash changed by hand): the default, a year; past what
      -- Redis can expire: kept for good.
      if not keep or keep ~= keep or keep % 1 ~= 0 or keep < -1 then keep = 31536000 elseif keep > 1e12 then keep = -1 end
      if keep > 0 then
        redis.call('EXPIRE', job_key, keep)
        redis.call('ZADD', KEYS[3], tonumber(ARGV[2]) + keep * 1000, id)
      else
        redis.call('PERSIST', job_key)
        redis.call('ZADD', KEYS[3], '+inf', id)
      end
      redis.call('PUBLISH', ARGV[1] .. 'done:' .. id, 'failed')
      quarantined[#quarantined + 1] = id
    else
      redis.call('HSET', job_key, 'status', 'queued', 'enqueued_at', ARGV[3])
      -- Front of the queue: it was taken before everything now waiting.
      redis.call('LPUSH', KEYS[2], id)
      recovered[#recovered + 1] = id
    end
  end
end
if #recovered > 0 then
  redis.call('PUBLISH', ARGV[1] .. 'wake', '1')
end
return { recovered, quarantined }
