-- Deletes a job: its hash, and its id from the queue and every registry.
-- KEYS[1] job hash, KEYS[2] queue list, KEYS[3..8] started, finished, failed, deferred, scheduled, canceled
-- ARGV[1] job id, ARGV[2] the queue's key root
-- Result: 1 if the job existed, 0 if not.
local id = ARGV[1]
local existed = redis.call('DEL', KEYS[1])
redis.call('LREM', KEYS[2], 0, id)
for i = 3, 8 do
  redis.call('ZREM', KEYS[i], id)
end
redis.call('DEL', ARGV[2] .. 'pending:' .. id, ARGV[2] .. 'dependents:' .. id)
return existed
