-- Creates many jobs of one queue in one call (EnqueueMany). Jobs with dependencies go through
-- enqueue.lua instead; here each job is queued now or scheduled.
-- KEYS[1] queue list, KEYS[2] scheduled registry
-- ARGV[1] the queue's key root, ARGV[2] now (Unix ms), ARGV[3] now (ISO-8601), ARGV[4] number of jobs N
-- then per job: id, "1" unique, ttl seconds (-1: none), due time (Unix ms, 0: now), F (number of
-- hash values that follow), then F values (field/value pairs)
-- Result: per job, its new status ("queued", "scheduled"), "exists" (unique, id taken) or "TJEXISTS"
-- (id taken). Nothing is written for a job whose id is taken.
local root = ARGV[1]
local now = tonumber(ARGV[2])
local out = {}
local pushed = 0
local i = 5
for n = 1, tonumber(ARGV[4]) do
  local id = ARGV[i]
  local unique = ARGV[i + 1] == '1'
  local ttl = tonumber(ARGV[i + 2])
  local at = tonumber(ARGV[i + 3])
  local count = tonumber(ARGV[i + 4])
  local job_key = root .. 'job:' .. id
  if redis.call('EXISTS', job_key) == 1 then
    if unique then out[n] = 'exists' else out[n] = 'TJEXISTS' end
  else
    redis.call('HSET', job_key, unpack(ARGV, i + 5, i + 4 + count))
    if ttl > 0 then
      redis.call('EXPIRE', job_key, ttl)
    end
    if at > now then
      redis.call('HSET', job_key, 'status', 'scheduled')
      redis.call('ZADD', KEYS[2], at, id)
      out[n] = 'scheduled'
    else
      redis.call('HSET', job_key, 'status', 'queued', 'enqueued_at', ARGV[3])
      redis.call('RPUSH', KEYS[1], id)
      pushed = pushed + 1
      out[n] = 'queued'
    end
  end
  i = i + 5 + count
end
if pushed > 0 then
  redis.call('PUBLISH', root .. 'wake', '1')
end
return out
