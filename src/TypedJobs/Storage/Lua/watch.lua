-- Starts a wait for a job's end (Job.WaitForEndAsync): flags the job so that the worker publishes its end
-- on tj:{q}:done:<id>, and returns its status. The waiter subscribes first, so an end that comes before this
-- call shows in the status, and one that comes after is published.
-- KEYS[1] job hash
-- Result: the job's status, or nil if the job does not exist.
local status = redis.call('HGET', KEYS[1], 'status')
if status then
  redis.call('HSET', KEYS[1], 'notify', '1')
end
return status
