-- Enqueues one occurrence of a recurring job. The occurrence's due time is the fencing value: only the
-- first caller that sees it still due enqueues, so each occurrence runs once across all workers.
-- KEYS[1] recurring-next (scored by next due time, Unix ms), KEYS[2] the recurring job's template hash,
-- KEYS[3] the new job's hash, KEYS[4] queue list
-- ARGV[1] recurring id, ARGV[2] the due time being enqueued (Unix ms), ARGV[3] the occurrence after it (Unix ms),
-- ARGV[4] the new job's id, ARGV[5] now (ISO-8601), ARGV[6] the queue's key root
-- Result: 1 if this call enqueued the occurrence, 0 if another did (or the recurring job is gone).
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not due or tonumber(due) ~= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
local template = redis.call('HGETALL', KEYS[2])
if #template == 0 then
  return 0
end
redis.call('HSET', KEYS[3], unpack(template))
redis.call('HSET', KEYS[3], 'status', 'queued', 'created_at', ARGV[5], 'enqueued_at', ARGV[5], 'recurring_id', ARGV[1])
redis.call('RPUSH', KEYS[4], ARGV[4])
redis.call('PUBLISH', ARGV[6] .. 'wake', '1')
return 1
