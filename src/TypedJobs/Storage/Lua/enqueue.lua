-- Creates a job and puts it on its queue; or in the deferred registry while it waits for parents;
-- or in the scheduled registry until its time.
-- KEYS[1] job hash             tj:{q}:job:<id>
-- KEYS[2] queue list           tj:{q}:queue
-- KEYS[3] deferred registry    tj:{q}:deferred
-- KEYS[4] scheduled registry   tj:{q}:scheduled
-- ARGV[1] job id
-- ARGV[2] "1" to push at the front of the queue
-- ARGV[3] ttl in seconds (-1: none): how long the job may wait in the queue
-- ARGV[4] now, Unix ms
-- ARGV[5] now, ISO-8601
-- ARGV[6] the queue's key root (tj:{q}:)
-- ARGV[7] how to treat an id in use: "new" (a fresh random id: no check), "check" (an error) or "unique"
--         (not an error: the job is left as it is)
-- ARGV[8] when to run, Unix ms; 0 for now
-- ARGV[9] "1" when a failed parent also counts as done (RQ's allow_failure)
-- ARGV[10] number of parents P, then P pairs: parent job key, parent's dependents-set key
-- ARGV[11+2P..] field/value pairs of the job hash, its status ("queued", or "scheduled" with an empty
--         enqueued_at) included: the status it has unless it has to wait for a parent
-- Result: the new status ("queued", "deferred", "scheduled"), or "exists" for a unique enqueue of an
-- existing id. Errors: "TJEXISTS" when the id is taken, "TJNOPARENT <id>" when a parent is missing.
-- Parents in another queue are keys of another hash slot: fine on a single Redis, not on a Cluster.

if ARGV[7] ~= 'new' and redis.call('EXISTS', KEYS[1]) == 1 then
  if ARGV[7] == 'unique' then
    return 'exists'
  end
  return redis.error_reply('TJEXISTS ' .. ARGV[1])
end

local id = ARGV[1]
local root = ARGV[6]
local allow_failure = ARGV[9] == '1'
local nparents = tonumber(ARGV[10])
local first_field = 11 + 2 * nparents

for i = 0, nparents - 1 do
  local parent_key = ARGV[11 + 2 * i]
  if redis.call('EXISTS', parent_key) == 0 then
    return redis.error_reply('TJNOPARENT ' .. string.match(parent_key, 'job:(.*)$'))
  end
end

redis.call('HSET', KEYS[1], unpack(ARGV, first_field))

local waiting = 0
for i = 0, nparents - 1 do
  local parent_key = ARGV[11 + 2 * i]
  local status = redis.call('HGET', parent_key, 'status')
  local done = status == 'finished' or (allow_failure and status == 'failed')
  if not done then
    redis.call('SADD', ARGV[12 + 2 * i], KEYS[1])
    -- Tells work.lua that this parent has dependents to release; jobs without skip the lookup.
    redis.call('HSET', parent_key, 'has_dependents', '1')
    redis.call('SADD', root .. 'pending:' .. id, parent_key)
    waiting = waiting + 1
  end
end

if waiting > 0 then
  -- Empty until a finished parent queues it: a job hash without enqueued_at was queued when created.
  redis.call('HSET', KEYS[1], 'status', 'deferred', 'enqueued_at', '')
  redis.call('ZADD', KEYS[3], ARGV[4], id)
  return 'deferred'
end

local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
end

local at = tonumber(ARGV[8])
if at > tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[4], at, id)
  return 'scheduled'
end

local length
if ARGV[2] == '1' then
  length = redis.call('LPUSH', KEYS[2], id)
else
  length = redis.call('RPUSH', KEYS[2], id)
end
-- Idle workers wait for this message. A queue that already held jobs needs none: a worker only waits
-- once it found the queue empty, so the push that made it non-empty has woken it.
if length == 1 then
  redis.call('PUBLISH', root .. 'wake', '1')
end
return 'queued'
