-- Moves the scheduled jobs that are due onto their queue (RQ's scheduler), a batch at a time.
-- KEYS[1] scheduled registry (scored by due time, Unix ms), KEYS[2] queue list
-- ARGV[1] the queue's key root, ARGV[2] now (Unix ms), ARGV[3] now (ISO-8601), ARGV[4] batch size
-- Result: { jobs moved, due time of the next scheduled job (Unix ms) or -1 }
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
local moved = 0
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  local job_key = ARGV[1] .. 'job:' .. id
  -- A job whose hash expired (ttl) or that was canceled meanwhile is dropped here.
  if redis.call('HGET', job_key, 'status') == 'scheduled' then
    redis.call('HSET', job_key, 'status', 'queued', 'enqueued_at', ARGV[3])
    redis.call('RPUSH', KEYS[2], id)
    moved = moved + 1
  end
end
if moved > 0 then
  redis.call('PUBLISH', ARGV[1] .. 'wake', '1')
end
local next_due = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #next_due == 0 then
  return { moved, -1 }
end
return { moved, next_due[2] }
