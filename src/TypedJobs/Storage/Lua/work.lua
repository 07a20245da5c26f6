-- A worker's one round trip: records the outcome of the jobs it finished, then takes up to N new jobs,
-- trying its queues in priority order. Taking a job and recording who holds it is one atomic step, so a
-- worker that dies holding jobs leaves them in the started registry, never nowhere.
-- KEYS    4 per served queue, in priority order: queue list, started, finished, failed registries
-- ARGV[1] worker name
-- ARGV[2] now, Unix ms
-- ARGV[3] now, ISO-8601
-- ARGV[4] how many jobs to take (0: take none)
-- ARGV[5] lease grace, ms: a job's started-registry score is now + timeout + grace
-- ARGV[6] number of outcomes C, then 6 values per outcome:
--         queue index (1-based), job id, attempt (fencing token), kind ("ok", "ok-void" or "fail"),
--         payload (result bytes or exc_info), ended_at (ISO-8601)
-- Result: 6 values per job taken: queue index, id, func, args, timeout seconds, attempt
local worker = ARGV[1]
local now = tonumber(ARGV[2])
local now_iso = ARGV[3]

local function root_of(queue_index)
  -- 'tj:{q}:queue' -> 'tj:{q}:'
  return string.sub(KEYS[4 * (queue_index - 1) + 1], 1, -6)
end

-- A finished parent releases each deferred child whose parents have now all finished.
local function release_dependents(root, id, job_key)
  local dependents_key = root .. 'dependents:' .. id
  for _, child in ipairs(redis.call('SMEMBERS', dependents_key)) do
    local child_root, child_id = string.match(child, '^(.*)job:(.*)$')
    local pending_key = child_root .. 'pending:' .. child_id
    redis.call('SREM', pending_key, job_key)
    if redis.call('SCARD', pending_key) == 0 then
      redis.call('DEL', pending_key)
      if redis.call('HGET', child, 'status') == 'deferred' then
        redis.call('HSET', child, 'status', 'queued', 'enqueued_at', now_iso)
        redis.call('ZREM', child_root .. 'deferred', child_id)
        redis.call('RPUSH', child_root .. 'queue', child_id)
        redis.call('PUBLISH', child_root .. 'wake', '1')
      end
    end
  end
  redis.call('DEL', dependents_key)
end

local function keep(job_key, registry, id, seconds)
  if seconds > 0 then
    redis.call('EXPIRE', job_key, seconds)
    redis.call('ZADD', registry, now + seconds * 1000, id)
  else
    redis.call('PERSIST', job_key)
    redis.call('ZADD', registry, '+inf', id)
  end
end

local outcomes = tonumber(ARGV[6])
for i = 0, outcomes - 1 do
  local base = 7 + 6 * i
  local qi = tonumber(ARGV[base])
  local id = ARGV[base + 1]
  local kind = ARGV[base + 3]
  local k = 4 * (qi - 1)
  local root = root_of(qi)
  local job_key = root .. 'job:' .. id
  local h = redis.call('HMGET', job_key, 'worker', 'attempt', 'result_ttl', 'failure_ttl')
  -- The fencing check: a worker whose hold on the job was lost (the job was recovered and taken
  -- again) must not overwrite what the job's new holder does.
  if h[1] == worker and h[2] == ARGV[base + 2] then
    redis.call('ZREM', KEYS[k + 2], id)
    if kind == 'fail' then
      redis.call('HSET', job_key, 'status', 'failed', 'ended_at', ARGV[base + 5], 'exc_info', ARGV[base + 4])
      keep(job_key, KEYS[k + 4], id, tonumber(h[4]))
    else
      release_dependents(root, id, job_key)
      local result_ttl = tonumber(h[3])
      if result_ttl == 0 then
        redis.call('DEL', job_key)
      else
        redis.call('HSET', job_key, 'status', 'finished', 'ended_at', ARGV[base + 5])
        if kind == 'ok' then
          redis.call('HSET', job_key, 'result', ARGV[base + 4])
        end
        keep(job_key, KEYS[k + 3], id, result_ttl)
      end
    end
  end
end

local out = {}
local wanted = tonumber(ARGV[4])
local grace = tonumber(ARGV[5])
local queues = #KEYS / 4
for qi = 1, queues do
  if wanted <= 0 then break end
  local k = 4 * (qi - 1)
  local root = root_of(qi)
  while wanted > 0 do
    local ids = redis.call('LPOP', KEYS[k + 1], wanted)
    if not ids then break end
    for _, id in ipairs(ids) do
      local job_key = root .. 'job:' .. id
      local h = redis.call('HMGET', job_key, 'func', 'args', 'timeout', 'status')
      -- A missing hash is a job whose ttl ran out while queued: it is dropped, never run.
      if h[1] and h[4] == 'queued' then
        local attempt = redis.call('HINCRBY', job_key, 'attempt', 1)
        redis.call('HSET', job_key, 'status', 'started', 'started_at', now_iso, 'worker', worker)
        redis.call('PERSIST', job_key)
        local timeout = tonumber(h[3]) or -1
        if timeout >= 0 then
          redis.call('ZADD', KEYS[k + 2], now + timeout * 1000 + grace, id)
        else
          redis.call('ZADD', KEYS[k + 2], '+inf', id)
        end
        out[#out + 1] = qi
        out[#out + 1] = id
        out[#out + 1] = h[1]
        out[#out + 1] = h[2] or ''
        out[#out + 1] = timeout
        out[#out + 1] = attempt
        wanted = wanted - 1
      end
    end
  end
end
return out
