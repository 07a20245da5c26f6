-- Cancels a job that has not started: it leaves its queue or registry and waits in the canceled registry.
-- KEYS[1] job hash, KEYS[2] queue list, KEYS[3] deferred, KEYS[4] scheduled, KEYS[5] canceled registry
-- ARGV[1] job id, ARGV[2] now (Unix ms), ARGV[3] now (ISO-8601), ARGV[4] the queue's key root
-- Result: the status the job had. Errors: "TJNOJOB" when there is no such job, "TJCANNOT <status>"
-- when it has started or ended.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return redis.error_reply('TJNOJOB')
end
if status ~= 'queued' and status ~= 'deferred' and status ~= 'scheduled' then
  return redis.error_reply('TJCANNOT ' .. status)
end
local id = ARGV[1]
redis.call('LREM', KEYS[2], 0, id)
redis.call('ZREM', KEYS[3], id)
redis.call('ZREM', KEYS[4], id)
redis.call('HSET', KEYS[1], 'status', 'canceled', 'ended_at', ARGV[3])
local keep = tonumber(redis.call('HGET', KEYS[1], 'failure_ttl'))
-- Not a whole number of seconds from -1 up (a hash changed by hand): the default, a year; past what
-- Redis can expire: kept for good.
if not keep or keep ~= keep or keep % 1 ~= 0 or keep < -1 then keep = 31536000 elseif keep > 1e12 then keep = -1 end
if keep > 0 then
  redis.call('EXPIRE', KEYS[1], keep)
  redis.call('ZADD', KEYS[5], tonumber(ARGV[2]) + keep * 1000, id)
else
  redis.call('PERSIST', KEYS[1])
  redis.call('ZADD', KEYS[5], '+inf', id)
end
redis.call('PUBLISH', ARGV[4] .. 'done:' .. id, 'canceled')
return status
