-- wrk script for bench/federation.sh: one page of the dashboard API, as one user.
--   wrk ... -s federation.lua URL -- roster TOKEN
--   wrk ... -s federation.lua URL -- athlete TOKEN FIRST LAST
--   wrk ... -s federation.lua URL -- session TOKEN IDS_FILE
-- roster: GET /api/athletes; athlete: GET /api/athletes/{id}, the id drawn uniformly from [FIRST, LAST] on
-- each request; session: GET /api/sessions/{id}, the id drawn from the file's (one a line). Every id is
-- one the token's user may see.
local page, token, first, last
local ids = {}

function init(args)
  page, token = args[1], args[2]
  if page == "session" then
    for line in io.lines(args[3]) do ids[#ids + 1] = line end
  else
    first, last = tonumber(args[3] or "1"), tonumber(args[4] or "1")
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000))
end

function request()
  local path = "/api/athletes"
  if page == "athlete" then
    path = "/api/athletes/" .. math.random(first, last)
  elseif page == "session" then
    path = "/api/sessions/" .. ids[math.random(1, #ids)]
  end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- One line the shell script parses; latencies in ms. non2xx must be 0 for a valid run.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f rps=%.1f requests=%d non2xx=%d socket_errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout))
end
