-- Puts back on the queue the jobs of the started registry whose lease ran out: their worker died (or
-- lost Redis) while holding them. At-least-once delivery: the job runs again rather than being lost.
-- KEYS[1] started registry (scored by lease deadline, Unix ms), KEYS[2] queue list
-- ARGV[1] the queue's key root, ARGV[2] now (Unix ms), ARGV[3] now (ISO-8601), ARGV[4] batch size
-- Result: the ids put back.
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
local recovered = {}
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[1], id)
  local job_key = ARGV[1] .. 'job:' .. id
  if redis.call('HGET', job_key, 'status') == 'started' then
    redis.call('HSET', job_key, 'status', 'queued', 'enqueued_at', ARGV[3])
    redis.call('HDEL', job_key, 'worker')
    -- Front of the queue: it was taken before everything now waiting.
    redis.call('LPUSH', KEYS[2], id)
    recovered[#recovered + 1] = id
  end
end
if #recovered > 0 then
  redis.call('PUBLISH', ARGV[1] .. 'wake', '1')
end
return recovered
