-- Creates a job and puts it on its queue, or in the deferred registry while it waits for parents.
-- KEYS[1] job hash            tj:{q}:job:<id>
-- KEYS[2] queue list          tj:{q}:queue
-- KEYS[3] deferred registry   tj:{q}:deferred
-- ARGV[1] job id
-- ARGV[2] "1" to push at the front of the queue
-- ARGV[3] ttl in seconds (-1: none): how long the job may wait in the queue
-- ARGV[4] now, Unix ms
-- ARGV[5] now, ISO-8601
-- ARGV[6] the queue's key root (tj:{q}:)
-- ARGV[7] number of parents P, then P pairs: parent job key, parent's dependents-set key
-- ARGV[8+2P..] field/value pairs of the job hash
-- Result: "queued" or "deferred"; error "TJEXISTS" when the id is taken, "TJNOPARENT <id>" when a parent is missing.
-- Parents in another queue are keys of another hash slot: fine on a single Redis, not on a Cluster.

if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('TJEXISTS ' .. ARGV[1])
end

local id = ARGV[1]
local root = ARGV[6]
local nparents = tonumber(ARGV[7])
local first_field = 8 + 2 * nparents

for i = 0, nparents - 1 do
  local parent_key = ARGV[8 + 2 * i]
  if redis.call('EXISTS', parent_key) == 0 then
    local parent_id = string.match(parent_key, 'job:(.*)$')
    return redis.error_reply('TJNOPARENT ' .. parent_id)
  end
end

redis.call('HSET', KEYS[1], unpack(ARGV, first_field))

local waiting = 0
for i = 0, nparents - 1 do
  local parent_key = ARGV[8 + 2 * i]
  if redis.call('HGET', parent_key, 'status') ~= 'finished' then
    redis.call('SADD', ARGV[9 + 2 * i], KEYS[1])
    redis.call('SADD', root .. 'pending:' .. id, parent_key)
    waiting = waiting + 1
  end
end

if waiting > 0 then
  redis.call('HSET', KEYS[1], 'status', 'deferred')
  redis.call('ZADD', KEYS[3], ARGV[4], id)
  return 'deferred'
end

redis.call('HSET', KEYS[1], 'status', 'queued', 'enqueued_at', ARGV[5])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
end
if ARGV[2] == '1' then
  redis.call('LPUSH', KEYS[2], id)
else
  redis.call('RPUSH', KEYS[2], id)
end
redis.call('PUBLISH', root .. 'wake', '1')
return 'queued'
