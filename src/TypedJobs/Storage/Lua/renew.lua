-- A worker's heartbeat: extends the lease of every job it still holds. A job that was recovered and
-- taken by another worker meanwhile is left alone (its 'worker' field names the new holder).
-- KEYS    the started registry of each served queue (tj:{q}:started)
-- ARGV[1] worker name
-- ARGV[2] the new lease deadline, Unix ms
-- ARGV[3..] per queue, in KEYS order: the number of ids N, then N job ids
-- Result: the number of leases extended.
local renewed = 0
local i = 3
for k = 1, #KEYS do
  local root = string.sub(KEYS[k], 1, -8)
  local n = tonumber(ARGV[i])
  for j = 1, n do
    local id = ARGV[i + j]
    if redis.call('HGET', root .. 'job:' .. id, 'worker') == ARGV[1] then
      renewed = renewed + redis.call('ZADD', KEYS[k], 'XX', 'CH', ARGV[2], id)
    end
  end
  i = i + n + 1
end
return renewed
