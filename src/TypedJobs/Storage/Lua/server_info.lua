-- Reads what a worker checks at start-up. INFO works from a script where a client without admin
-- rights may not send it directly.
-- KEYS    none
-- ARGV    none
-- Result: { redis_version, maxmemory_policy, aof_enabled }
local function field(section, name)
  local text = redis.call('INFO', section)
  return string.match(text, name .. ':([^\r\n]*)') or ''
end
return { field('server', 'redis_version'), field('memory', 'maxmemory_policy'), field('persistence', 'aof_enabled') }
