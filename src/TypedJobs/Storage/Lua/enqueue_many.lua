-- Creates many jobs of one queue in one call (EnqueueMany, and concurrent enqueues coalesced). Jobs with
-- dependencies go through enqueue.lua instead; here each job is queued now.
-- KEYS[1] queue list
-- ARGV[1] the queue's key root, ARGV[2] now (ISO-8601: each job's created_at); then, to the end, per job:
-- id, func, args, description, and opts:
--   ""   the common job: a fresh random id (no check), no ttl, no other field;
--   "E"  a number: E values follow, the job's other fields as field/value pairs (still a fresh id, no ttl);
--   "*E" E values follow: how to treat an id in use ("new": no check; "check": an error; "unique": not an
--        error), ttl seconds (-1: none), then the job's other fields as field/value pairs.
-- Result: one character per job: "q" queued, "e" not enqueued because the id exists (unique), "x" not
-- enqueued because the id is taken (an error for that job). Nothing is written for a job not enqueued.
-- Redis spends most of a job's time here in its HSET: the loop does little else, and the ids go onto the
-- queue together, a RPUSH per 1,000 (unpack's limit is about 8,000 values). The hash has no origin (the
-- queue is in its key) and no enqueued_at (a job queued when it was created was enqueued at created_at):
-- each field costs Redis time. Job.Origin comes from the key; JobSnapshot reads a missing enqueued_at as
-- created_at.
local root = ARGV[1]
local prefix = root .. 'job:'
local now_iso = ARGV[2]
local last = #ARGV
local ids = {}
local count = 0
local pushed = 0
local marks
local n = 0
local i = 3

local function push()
  local length = redis.call('RPUSH', KEYS[1], unpack(ids, 1, count))
  -- As in enqueue.lua: only a queue that was empty needs the wake-up message.
  if pushed == 0 and length == count then
    redis.call('PUBLISH', root .. 'wake', '1')
  end
  pushed = pushed + count
  count = 0
end

while i <= last do
  n = n + 1
  local id = ARGV[i]
  local job_key = prefix .. id
  local opts = ARGV[i + 4]
  if opts == '' then
    redis.call('HSET', job_key, 'func', ARGV[i + 1], 'args', ARGV[i + 2], 'description', ARGV[i + 3],
      'created_at', now_iso, 'status', 'queued')
    count = count + 1
    ids[count] = id
    i = i + 5
  else
    local e = tonumber(opts)
    if e then
      redis.call('HSET', job_key, 'func', ARGV[i + 1], 'args', ARGV[i + 2], 'description', ARGV[i + 3],
        'created_at', now_iso, 'status', 'queued',
        unpack(ARGV, i + 5, i + 4 + e))
      count = count + 1
      ids[count] = id
    else
      e = tonumber(string.sub(opts, 2))
      local check = ARGV[i + 5]
      if check ~= 'new' and redis.call('EXISTS', job_key) == 1 then
        marks = marks or {}
        if check == 'unique' then marks[n] = 'e' else marks[n] = 'x' end
      else
        redis.call('HSET', job_key, 'func', ARGV[i + 1], 'args', ARGV[i + 2], 'description', ARGV[i + 3],
          'created_at', now_iso, 'status', 'queued',
          unpack(ARGV, i + 7, i + 4 + e))
        local ttl = tonumber(ARGV[i + 6])
        if ttl > 0 then
          redis.call('EXPIRE', job_key, ttl)
        end
        count = count + 1
        ids[count] = id
      end
    end
    i = i + 5 + e
  end
  if count == 1000 then push() end
end
if count > 0 then push() end

if marks == nil then return string.rep('q', n) end
local out = {}
for k = 1, n do out[k] = marks[k] or 'q' end
return table.concat(out)
