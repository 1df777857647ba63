-- wrk's script for the benches (bench/wrk.ts runs it). Without WRK_SESSIONS it sends wrk's plain
-- request (GET the URL). With it, volunteers check in with their phones: each request from a
-- volunteer picked at random, with their own session and a fresh idempotency key, and no kind, so
-- each check-in toggles and records are paired. Its report is one line of JSON at the end.

local sessions_file = os.getenv("WRK_SESSIONS")
local token = os.getenv("WRK_TOKEN")
local run = os.getenv("WRK_RUN")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

if sessions_file then
  local sessions = {}
  local sent = 0

  function init(args)
    for line in io.lines(sessions_file) do
      local cookie, csrf = line:match("^([^\t]+)\t([^\t]+)$")
      if cookie then sessions[#sessions + 1] = { cookie = cookie, csrf = csrf } end
    end
    math.randomseed(os.time() * 1000 + id)
  end

  function request()
    sent = sent + 1
    local s = sessions[math.random(#sessions)]
    local body = string.format('{"token":"%s","key":"bench-%s-%d-%d"}', token, run, id, sent)
    return wrk.format("POST", nil, { ["content-type"] = "application/json", ["cookie"] = s.cookie, ["x-csrf-token"] = s.csrf }, body)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\n{"requests":%d,"durationUs":%d,"p50Us":%d,"p95Us":%d,"p99Us":%d,"non2xx":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
