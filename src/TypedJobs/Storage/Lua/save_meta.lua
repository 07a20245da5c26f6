-- Writes a job's meta field only, so a running job's status and result are never overwritten.
-- KEYS[1] job hash
-- ARGV[1] the meta bytes
-- Result: 1 if written, 0 if the job no longer exists (it is not recreated).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'meta', ARGV[1])
return 1
