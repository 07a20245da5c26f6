-- Adds or updates a recurring job: its cron expression and the template of the job it enqueues.
-- KEYS[1] recurring (hash: id -> cron), KEYS[2] recurring-next (zset), KEYS[3] the template hash
-- ARGV[1] recurring id, ARGV[2] cron expression, ARGV[3] next due time for this cron (Unix ms),
-- ARGV[4..] template field/value pairs
-- Result: 1 if the schedule was (re)set, 0 if an unchanged cron kept its pending occurrence.
local previous = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[3], unpack(ARGV, 4))
if previous == ARGV[2] and redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
