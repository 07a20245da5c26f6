-- Empties a queue (RQ's empty): deletes every job waiting in it, and the list itself. Jobs held by
-- workers, and the registries, are left alone.
-- KEYS[1] queue list
-- ARGV[1] the queue's key root
-- Result: the number of jobs deleted.
local ids = redis.call('LRANGE', KEYS[1], 0, -1)
local deleted = 0
for _, id in ipairs(ids) do
  local job_key = ARGV[1] .. 'job:' .. id
  if redis.call('HGET', job_key, 'status') == 'queued' then
    deleted = deleted + redis.call('DEL', job_key)
  end
end
redis.call('DEL', KEYS[1])
return deleted
