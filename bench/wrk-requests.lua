-- wrk's script for bench/hotline.bench.ts: operators working at once, each request from an operator
-- picked at random with their own session. WRK_MODE=save: a hotline request for a beneficiary, a
-- category and a day picked at random (POST /api/requests); WRK_MODE=read: the same sessions GET the
-- URL (the anchor). Its report is one line of JSON at the end, as bench/wrk.lua's.
--
-- WRK_RATE (requests a second, all connections together) paces the run open-loop: the n-th request
-- is due at start + n / rate, whoever's connection is free sends it, and one that would be early
-- waits (wrk's delay()). So the offered load is the rate, not however fast answers come back, and
-- a slow answer does not slow the next caller down. Without it, the run is closed-loop: each
-- connection sends again as soon as it is answered (saturation). wrk times each request from the
-- moment it is written, so the pacing wait is not counted as latency.

local sessions_file = os.getenv("WRK_SESSIONS")
local people_file = os.getenv("WRK_BENEFICIARIES")
local mode = os.getenv("WRK_MODE") or "read"
local rate = tonumber(os.getenv("WRK_RATE") or "0")
local categories = { "elderly_care", "disability_aid", "child_care", "counseling", "legal_aid", "companionship", "micro_wish" }

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local sessions = {}
local people = {}

function init(args)
  for line in io.lines(sessions_file) do
    local cookie, csrf = line:match("^([^\t]+)\t([^\t]+)$")
    if cookie then sessions[#sessions + 1] = { cookie = cookie, csrf = csrf } end
  end
  if people_file then
    for line in io.lines(people_file) do
      if #line > 0 then people[#people + 1] = line end
    end
  end
  math.randomseed(os.time() * 1000 + id)
end

-- A millisecond clock (os.time() counts seconds): LuaJIT, which Debian's wrk runs, calls libc.
local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } vn_timespec;
  int clock_gettime(int clock_id, vn_timespec *tp);
]])
local ts = ffi.new("vn_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local started = nil
local due = 0
if rate > 0 then
  function delay()
    local t = now_ms()
    started = started or t
    local at = started + due * 1000 / rate
    due = due + 1
    return math.max(0, math.floor(at - t + 0.5))
  end
end

function request()
  local s = sessions[math.random(#sessions)]
  local headers = { ["cookie"] = s.cookie, ["x-csrf-token"] = s.csrf }
  if mode ~= "save" then return wrk.format("GET", nil, headers) end
  headers["content-type"] = "application/json"
  local start = os.time() + math.random(1, 300) * 86400 + math.random(0, 8) * 3600
  local body = string.format(
    '{"beneficiaryId":"%s","categoryCode":"%s","windowStart":"%s","windowEnd":"%s","urgency":"normal","headcount":1,"channel":"hotline","notes":"来电登记"}',
    people[math.random(#people)], categories[math.random(#categories)],
    os.date("!%Y-%m-%dT%H:00:00Z", start), os.date("!%Y-%m-%dT%H:00:00Z", start + 7200))
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\n{"requests":%d,"durationUs":%d,"p50Us":%d,"p95Us":%d,"p99Us":%d,"non2xx":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
