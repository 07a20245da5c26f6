-- A worker's one round trip: records the outcome of the jobs it finished, then takes up to N new jobs,
-- trying its queues in priority order. Taking a job and recording who holds it is one atomic step, so a
-- worker that dies holding jobs leaves them in the started registry, never nowhere.
-- KEYS    6 per served queue, in priority order: queue list, started, finished, failed, scheduled registries,
--         and the queue's suspension flag
-- ARGV[1] worker name
-- ARGV[2] now, Unix ms
-- ARGV[3] now, ISO-8601
-- ARGV[4] how many jobs to take (0: take none)
-- ARGV[5] lease, ms: a job's started-registry score is its lease deadline, now + lease; the worker's
--         heartbeat extends it while the job runs
-- ARGV[6] number of outcomes C, then 6 values per outcome:
--         queue index (1-based), job id, attempt (fencing token), kind ("ok", "ok-void", "fail", "stopped",
--         "requeue"),
--         payload (result bytes, or exc_info), ended_at (ISO-8601)
-- Result: 10 values per job taken: queue index, id, func, args, timeout seconds, attempt, retries left, meta,
--         description, trace parent
local worker = ARGV[1]
local now = tonumber(ARGV[2])
local now_iso = ARGV[3]
local PER_QUEUE = 6

local roots = {}
local function root_of(qi)
  -- 'tj:{q}:queue' -> 'tj:{q}:'
  local root = roots[qi]
  if not root then
    root = string.sub(KEYS[PER_QUEUE * (qi - 1) + 1], 1, -6)
    roots[qi] = root
  end
  return root
end

-- Registry scores are computed once per call and passed to Redis as text: a Lua number given to
-- redis.call is formatted anew each time, which costs more than the command around it.
local expiries = {}
local function expiry_score(seconds)
  local score = expiries[seconds]
  if not score then
    score = string.format('%.0f', now + seconds * 1000)
    expiries[seconds] = score
  end
  return score
end

local function push(root, id, at_front)
  if at_front then
    redis.call('LPUSH', root .. 'queue', id)
  else
    redis.call('RPUSH', root .. 'queue', id)
  end
  redis.call('PUBLISH', root .. 'wake', '1')
end

-- A parent that ended releases each deferred child whose parents are now all done. A failed parent
-- releases only the children that allow failure, and keeps the others for when it is requeued and finishes.
local function release_dependents(root, id, job_key, failed)
  local dependents_key = root .. 'dependents:' .. id
  for _, child in ipairs(redis.call('SMEMBERS', dependents_key)) do
    if not failed or redis.call('HGET', child, 'dep_allow_failure') == '1' then
      redis.call('SREM', dependents_key, child)
      local child_root, child_id = string.match(child, '^(.*)job:(.*)$')
      local pending_key = child_root .. 'pending:' .. child_id
      redis.call('SREM', pending_key, job_key)
      if redis.call('SCARD', pending_key) == 0 then
        redis.call('DEL', pending_key)
        if redis.call('HGET', child, 'status') == 'deferred' then
          redis.call('HSET', child, 'status', 'queued', 'enqueued_at', now_iso)
          redis.call('ZREM', child_root .. 'deferred', child_id)
          push(child_root, child_id, redis.call('HGET', child, 'dep_at_front') == '1')
        end
      end
    end
  end
end

local function keep(job_key, registry, id, seconds)
  if seconds > 0 then
    redis.call('EXPIRE', job_key, seconds)
    redis.call('ZADD', registry, expiry_score(seconds), id)
  else
    redis.call('PERSIST', job_key)
    redis.call('ZADD', registry, '+inf', id)
  end
end

-- A count in a job hash (retries, retries_left): a whole number up to 2^31 - 1, as TypedJobs writes them;
-- anything else (a hash changed by hand) counts as none, so it can never loop a job forever.
local function count(value)
  local n = tonumber(value)
  if not n or n ~= n or n < 0 or n > 2147483647 or n % 1 ~= 0 then return 0 end
  return n
end

-- A number of seconds from a job hash (result_ttl, failure_ttl, timeout, ttl): a whole number from -1
-- (none) up; anything else (NaN, a fraction, text) is the default, and one past what Redis can expire
-- (some 30,000 years) is -1, none.
local function seconds(value, default)
  local n = tonumber(value)
  if not n or n ~= n or n % 1 ~= 0 or n < -1 then return default end
  if n > 1e12 then return -1 end
  return n
end

-- Retry n (0-based) waits the n-th interval, or the last once they run out; an interval that is not a
-- number of seconds is no wait.
local function retry_interval(intervals, n)
  local list = {}
  for s in string.gmatch(intervals or '', '[^,]+') do list[#list + 1] = math.max(seconds(s, 0), 0) end
  if #list == 0 then return 0 end
  return list[math.min(n + 1, #list)]
end

local outcomes = tonumber(ARGV[6])
for i = 0, outcomes - 1 do
  local base = 7 + 6 * i
  local qi = tonumber(ARGV[base])
  local id = ARGV[base + 1]
  local kind = ARGV[base + 3]
  local k = PER_QUEUE * (qi - 1)
  local root = root_of(qi)
  local job_key = root .. 'job:' .. id
  local h = redis.call('HMGET', job_key, 'worker', 'attempt', 'result_ttl', 'failure_ttl', 'retries', 'retries_left',
    'retry_intervals', 'has_dependents', 'notify')
  -- The fencing check: a worker whose hold on the job was lost (the job was recovered and taken
  -- again) must not overwrite what the job's new holder does.
  if h[1] == worker and h[2] == ARGV[base + 2] then
    redis.call('ZREM', KEYS[k + 2], id)
    local retries = count(h[5])
    local retries_left = math.min(count(h[6]), retries)
    -- Only jobs with dependents (enqueue.lua flags them) and jobs someone waits on (WaitForEnd flags
    -- them) pay for the set lookup and the message: most jobs have neither.
    local has_dependents = h[8] == '1'
    local notify = h[9] == '1'
    if kind == 'requeue' then
      -- A graceful shutdown gave up on the job: back to the front of its queue, no retry used.
      redis.call('HSET', job_key, 'status', 'queued', 'enqueued_at', now_iso)
      redis.call('HDEL', job_key, 'worker')
      push(root, id, true)
    elseif kind == 'fail' and retries_left > 0 then
      local delay = retry_interval(h[7], retries - retries_left)
      redis.call('HSET', job_key, 'retries_left', retries_left - 1, 'exc_info', ARGV[base + 4], 'ended_at', ARGV[base + 5])
      if delay > 0 then
        redis.call('HSET', job_key, 'status', 'scheduled')
        redis.call('ZADD', KEYS[k + 5], now + delay * 1000, id)
      else
        redis.call('HSET', job_key, 'status', 'queued', 'enqueued_at', now_iso)
        push(root, id, false)
      end
    elseif kind == 'fail' or kind == 'stopped' then
      local status = 'failed'
      if kind == 'stopped' then status = 'stopped' end
      redis.call('HSET', job_key, 'status', status, 'ended_at', ARGV[base + 5], 'exc_info', ARGV[base + 4])
      keep(job_key, KEYS[k + 4], id, seconds(h[4], 31536000))
      if kind == 'fail' and has_dependents then release_dependents(root, id, job_key, true) end
      if notify then redis.call('PUBLISH', root .. 'done:' .. id, status) end
    else
      if has_dependents then
        release_dependents(root, id, job_key, false)
        redis.call('DEL', root .. 'dependents:' .. id)
      end
      -- Settings at RQ's defaults are not stored: 500 s for a result, a year for a failure.
      local result_ttl = seconds(h[3], 500)
      if result_ttl == 0 then
        redis.call('DEL', job_key)
      else
        if kind == 'ok' then
          redis.call('HSET', job_key, 'status', 'finished', 'ended_at', ARGV[base + 5], 'result', ARGV[base + 4])
        else
          redis.call('HSET', job_key, 'status', 'finished', 'ended_at', ARGV[base + 5])
        end
        -- Only an earlier attempt can have left an exc_info behind (a retried failure).
        if h[2] ~= '1' then redis.call('HDEL', job_key, 'exc_info') end
        keep(job_key, KEYS[k + 3], id, result_ttl)
      end
      if notify then redis.call('PUBLISH', root .. 'done:' .. id, 'finished') end
    end
  end
end

-- A job popped from a queue with another known status was canceled, or taken, after it was pushed: it is
-- left where that put it. One whose hash no worker can run fails at once, with the reason, rather than
-- being dropped.
local STATUSES = { queued = true, started = true, finished = true, failed = true, deferred = true,
  scheduled = true, stopped = true, canceled = true }

local function fail_unrunnable(job_key, failed_registry, id, reason)
  redis.call('HSET', job_key, 'status', 'failed', 'ended_at', now_iso, 'exc_info', 'TypedJobs.IncompleteJobException: ' ..
    reason .. '. It was written or changed by something other than TypedJobs.')
  keep(job_key, failed_registry, id, seconds(redis.call('HGET', job_key, 'failure_ttl'), 31536000))
end

local out = {}
local wanted = tonumber(ARGV[4])
local lease_deadline = string.format('%.0f', now + tonumber(ARGV[5]))
local queues = #KEYS / PER_QUEUE
for qi = 1, queues do
  if wanted <= 0 then break end
  local k = PER_QUEUE * (qi - 1)
  local root = root_of(qi)
  -- A suspended queue gives no jobs (the typedjobs suspend command); the others still do.
  while wanted > 0 and redis.call('EXISTS', KEYS[k + 6]) == 0 do
    local ids = redis.call('LPOP', KEYS[k + 1], wanted)
    if not ids then break end
    for _, id in ipairs(ids) do
      local job_key = root .. 'job:' .. id
      local h = redis.call('HMGET', job_key, 'func', 'args', 'timeout', 'status', 'retries_left', 'meta', 'description',
        'trace', 'attempt', 'ttl')
      -- A missing hash is a job whose ttl ran out while queued: it is dropped, never run. A job whose
      -- status is no longer queued was canceled or deleted after it was pushed. A hash that lost the
      -- fields a worker needs cannot run: it fails at once with the reason, rather than being dropped.
      if h[4] == 'queued' and h[1] and h[2] then
        -- The attempt is the fencing token: anything but a whole count in range (a hash changed by hand)
        -- starts again from 0 rather than making a token no outcome can match.
        local previous = tonumber(h[9])
        if not previous or previous < 0 or previous >= 9007199254740992 or previous % 1 ~= 0 then previous = 0 end
        local attempt = previous + 1
        redis.call('HSET', job_key, 'status', 'started', 'started_at', now_iso, 'worker', worker, 'attempt', attempt)
        -- Only a job given a ttl (how long it may wait) has an expiry to clear; a started job never expires.
        if seconds(h[10], -1) > 0 then redis.call('PERSIST', job_key) end
        local timeout = seconds(h[3], 180)
        redis.call('ZADD', KEYS[k + 2], lease_deadline, id)
        out[#out + 1] = qi
        out[#out + 1] = id
        out[#out + 1] = h[1]
        out[#out + 1] = h[2]
        out[#out + 1] = timeout
        out[#out + 1] = attempt
        out[#out + 1] = tonumber(h[5]) or 0
        out[#out + 1] = h[6] or ''
        out[#out + 1] = h[7] or ''
        out[#out + 1] = h[8] or ''
        wanted = wanted - 1
      elseif redis.call('EXISTS', job_key) == 1 and (not h[4] or not h[1] or not h[2]) then
        local missing = {}
        if not h[1] then missing[#missing + 1] = 'func' end
        if not h[2] then missing[#missing + 1] = 'args' end
        if not h[4] then missing[#missing + 1] = 'status' end
        fail_unrunnable(job_key, KEYS[k + 4], id, 'the job\'s hash in Redis has no ' .. table.concat(missing, ', ') ..
          ' field, so no worker can run it')
      elseif not STATUSES[h[4]] then
        fail_unrunnable(job_key, KEYS[k + 4], id, 'the job\'s status in Redis is \'' .. h[4] ..
          '\', which is not a status (queued, started, finished, failed, deferred, scheduled, stopped, canceled)')
      end
    end
  end
end
return out
