-- Reads the hashes of several jobs of one queue in one round trip.
-- KEYS[1] the queue's job-key prefix (tj:{q}:job:), declared so the call routes to the queue's slot
-- ARGV    job ids
-- Result: one entry per id: the flat field/value list of its hash (empty when the job does not exist).
local out = {}
for i = 1, #ARGV do
  out[i] = redis.call('HGETALL', KEYS[1] .. ARGV[i])
end
return out
