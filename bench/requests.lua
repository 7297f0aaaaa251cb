-- wrk script of bench/common.py: sends the requests of a file, each one once.
--
--   wrk -t2 -c4 -d8s -s bench/requests.lua http://127.0.0.1:PORT -- FILE THREADS
--
-- FILE holds one request per line: METHOD <tab> PATH <tab> BODY [<tab> COOKIE] (an empty BODY:
-- none; a body is sent as application/json; a COOKIE is sent as the Cookie header). Thread k of
-- THREADS takes lines k+1, k+1+THREADS, … so no line is sent twice, by the same thread or
-- another. The headers given with -H (the proxy's X-Forwarded-Proto, a session cookie) go with
-- every request.
--
-- A thread that runs out of lines stops and says so: the caller then discards the round and
-- runs it again with a longer file, so a reported row never contains a repeated request.
-- done() prints one line "BENCH {json}" with the counts and the latency percentiles.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- The -H headers, plus a body's Content-Type and a line's cookie (one table per combination).
local tables = {}

local function headers(body, cookie)
  local key = (body == "" and "" or "json") .. "\t" .. cookie
  if tables[key] == nil then
    local t = {}
    for name, value in pairs(wrk.headers) do
      t[name] = value
    end
    if body ~= "" then t["Content-Type"] = "application/json" end
    if cookie ~= "" then t["Cookie"] = cookie end
    tables[key] = t
  end
  return tables[key]
end

function init(args)
  local file, count = args[1], tonumber(args[2])
  lines, sent, ran_out = {}, 0, 0
  local n = 0
  for line in io.lines(file) do
    if n % count == id then
      local method, path, body, cookie = line:match("^(%u+)\t([^\t]+)\t([^\t]*)\t?(.*)$")
      lines[#lines + 1] = wrk.format(method, path, headers(body, cookie), body ~= "" and body or nil)
    end
    n = n + 1
  end
end

function request()
  sent = sent + 1
  if sent > #lines then
    ran_out = 1
    wrk.thread:stop()
    return lines[#lines]
  end
  return lines[sent]
end

function done(summary, latency, requests)
  local ran_out, most = 0, 0
  for _, thread in ipairs(threads) do
    ran_out = ran_out + thread:get("ran_out")
    most = math.max(most, thread:get("sent"))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "socket_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"ran_out": %d, "most_lines_per_thread": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write, e.status, e.timeout,
    ran_out, most))
end
