-- Drops the entries of a finished/failed registry whose job has expired, then counts what is left.
-- KEYS[1] registry sorted set (scored by expiry, Unix ms; +inf for "keep forever")
-- ARGV[1] now, Unix ms
-- Result: the number of live entries.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
return redis.call('ZCARD', KEYS[1])
