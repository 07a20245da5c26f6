-- Creates many jobs of one queue in one call (EnqueueMany, and concurrent enqueues coalesced). Jobs with
-- dependencies go through enqueue.lua instead; here each job is queued now.
-- KEYS[1] queue list
-- ARGV[1] the queue's key root, ARGV[2] the queue's name (each job's origin), ARGV[3] now (ISO-8601: each
-- job's created_at and enqueued_at), ARGV[4] number of jobs N
-- then per job: id; how to treat an id in use ("new": a fresh random id, no check; "check": an error;
-- "unique": not an error); ttl seconds (-1: none); func; args; description; E, the number of values that
-- follow, then E values (the job's other fields, as field/value pairs)
-- Result: one character per job: "q" queued, "e" not enqueued because the id exists (unique), "x" not
-- enqueued because the id is taken (an error for that job). Nothing is written for a job not enqueued.
local root = ARGV[1]
local origin = ARGV[2]
local now_iso = ARGV[3]
local out = {}
local woke = false
local i = 5
for n = 1, tonumber(ARGV[4]) do
  local id = ARGV[i]
  local check = ARGV[i + 1]
  local extra = tonumber(ARGV[i + 6])
  local job_key = root .. 'job:' .. id
  if check ~= 'new' and redis.call('EXISTS', job_key) == 1 then
    if check == 'unique' then out[n] = 'e' else out[n] = 'x' end
  else
    redis.call('HSET', job_key, 'func', ARGV[i + 3], 'args', ARGV[i + 4], 'description', ARGV[i + 5],
      'origin', origin, 'created_at', now_iso, 'status', 'queued', 'enqueued_at', now_iso,
      unpack(ARGV, i + 7, i + 6 + extra))
    local ttl = tonumber(ARGV[i + 2])
    if ttl > 0 then
      redis.call('EXPIRE', job_key, ttl)
    end
    -- As in enqueue.lua: only a queue that was empty needs the wake-up message.
    if redis.call('RPUSH', KEYS[1], id) == 1 then woke = true end
    out[n] = 'q'
  end
  i = i + 7 + extra
end
if woke then
  redis.call('PUBLISH', root .. 'wake', '1')
end
return table.concat(out)
