-- Moves failed jobs back to the end of their queue (RQ's requeue).
-- KEYS[1] failed registry   tj:{q}:failed
-- KEYS[2] queue list        tj:{q}:queue
-- ARGV[1] the queue's key root (tj:{q}:)
-- ARGV[2] now, ISO-8601
-- ARGV[3] "1" to requeue every job in the registry (the ids that follow are ignored)
-- ARGV[4..] job ids
-- Result: { number requeued, { ids that were not in the failed registry } }
local root = ARGV[1]
local ids
if ARGV[3] == '1' then
  ids = redis.call('ZRANGE', KEYS[1], 0, -1)
else
  ids = {}
  for i = 4, #ARGV do ids[#ids + 1] = ARGV[i] end
end

local requeued = 0
local missing = {}
for _, id in ipairs(ids) do
  local key = root .. 'job:' .. id
  if redis.call('ZREM', KEYS[1], id) == 1 and redis.call('EXISTS', key) == 1 then
    redis.call('HSET', key, 'status', 'queued', 'enqueued_at', ARGV[2])
    redis.call('HDEL', key, 'started_at', 'ended_at', 'exc_info', 'worker', 'crashes')
    redis.call('PERSIST', key)
    redis.call('RPUSH', KEYS[2], id)
    requeued = requeued + 1
  else
    missing[#missing + 1] = id
  end
end
if requeued > 0 then
  redis.call('PUBLISH', root .. 'wake', '1')
end
return { requeued, missing }
