-- wrk script for ./bench.sh: POST /v1/checks with 99% never-listed and 1% listed people over rail, air and hotel.
-- Usage: JP_BENCH_KEY=<agency key> wrk -t2 -c64 -d10s --latency -s http-check.lua <url> -- <file of listed resident ids>
-- The never-listed checks' requests are made in init(), before the clock starts (as the Orleans-client phase makes its
-- requests first), so wrk spends little of the machine's two cores per request; a listed person's is made when sent.
local listed = {}
local unlistedRequests = {}
local key = os.getenv("JP_BENCH_KEY") or ""
local weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 }
local checkChars = "10X98765432"
local measures = { "consumption.rail", "consumption.air", "consumption.hotel" }
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }
local counter = 0
-- Never-listed requests made ahead per thread: distinct ids, cycled.
local prepared = 30000

-- A valid resident id in region 310101, where the benchmark lists nobody.
local function unlisted(n)
  local body = string.format("310101%04d%02d%02d%03d", 1960 + n % 40, 1 + math.floor(n / 40) % 12,
    1 + math.floor(n / 480) % 28, math.floor(n / 13440) % 1000)
  local sum = 0
  for i = 1, 17 do
    sum = sum + (body:byte(i) - 48) * weights[i]
  end
  return body .. checkChars:sub(sum % 11 + 1, sum % 11 + 1)
end

local function check(n, id)
  local measure = measures[n % 3 + 1]
  local body
  if measure == "consumption.rail" then
    body = string.format('{"measure":"%s","subject":{"idType":"resident_id","idNumber":"%s"},"action":{"trainNumber":"G101","seatClass":"second"}}', measure, id)
  else
    body = string.format('{"measure":"%s","subject":{"idType":"resident_id","idNumber":"%s"}}', measure, id)
  end
  return wrk.format("POST", "/v1/checks", headers, body)
end

function init(args)
  for line in io.lines(args[1]) do
    listed[#listed + 1] = line
  end
  counter = math.random(1, 100000000)
  for i = 1, prepared do
    unlistedRequests[i] = check(counter + i, unlisted(counter + i))
  end
end

request = function()
  counter = counter + 1
  if counter % 100 == 0 then
    return check(counter, listed[math.floor(counter / 100) % #listed + 1])
  end
  return unlistedRequests[counter % prepared + 1]
end
