-- The soak's request mix for wrk (driven by `cargo run --release --example soak`).
-- Each call to request() picks one kind of request by weight; response() counts
-- statuses and invariant violations per thread (and stops at a request cap),
-- and done() prints them.
--
-- wrk args after `--`: <tenants> <max requests per thread>

local kinds = {}      -- { weight, name, build() -> raw request }
local total_weight = 0
local tenants = 200
local max_per_thread = 5000000
local host

local function raw(method, path, headers, body)
  local lines = { method .. " " .. path .. " HTTP/1.1", "Host: " .. host }
  for _, h in ipairs(headers) do
    lines[#lines + 1] = h[1] .. ": " .. h[2]
  end
  if body then
    lines[#lines + 1] = "Content-Length: " .. #body
  end
  return table.concat(lines, "\r\n") .. "\r\n\r\n" .. (body or "")
end

local function kind(weight, name, build)
  kinds[#kinds + 1] = { weight, name, build }
  total_weight = total_weight + weight
end

local function tenant() return "t" .. math.random(0, tenants - 1) end
local function tenant_origin(t) return "https://app." .. t .. ".example" end
local function random_origin() return "https://r" .. math.random(1, 1073741824) .. "-" .. math.random(1, 1073741824) .. ".example" end

local LOCAL = "http://localhost:3000"
local EVIL = "https://evil.example.net"
local many_headers = {}
for i = 1, 300 do many_headers[i] = "x-h" .. i end
many_headers = table.concat(many_headers, ",")

-- Hostile requests, cycled in turn: each must get a standard answer, never a 5xx.
local hostile = {
  function() return raw("GET", "/api/data", { { "Origin", LOCAL }, { "Origin", EVIL } }) end,
  function() return raw("GET", "/api/data", { { "Origin", "https://caf" .. string.char(0xe9, 0xff) .. ".example" } }) end,
  function() return raw("GET", "/api/data", { { "Origin", "null" } }) end,
  function() return raw("GET", "/api/data", { { "Origin", "https://www.yourfrontend.com.evil.net" } }) end,
  function() return raw("GET", "/api/data", { { "Origin", "http://localhost:30000" } }) end,
  function() return raw("GET", "/api/tenants/t1/data", { { "Origin", "https://" .. string.rep("a", 63) .. "." .. string.rep("b", 250) .. ".example" } }) end,
  function() return raw("GET", "/api/tenants/t1/data", { { "Origin", "https://" .. string.rep("abcdefgh.", 450) .. "example" } }) end,
  function() return raw("OPTIONS", "/api/data", { { "Origin", LOCAL }, { "Access-Control-Request-Method", "PUT" }, { "Access-Control-Request-Headers", many_headers } }) end,
  function() return raw("OPTIONS", "/api/data", { { "Origin", LOCAL }, { "Access-Control-Request-Method", "put" } }) end,
  function() return raw("OPTIONS", "/api/data", { { "Origin", LOCAL }, { "Access-Control-Request-Method", "PUT" }, { "Access-Control-Request-Method", "GET" } }) end,
  function() return raw("OPTIONS", "/api/tenants/t1/data", { { "Origin", tenant_origin("t1") }, { "Origin", tenant_origin("t1") }, { "Access-Control-Request-Method", "GET" } }) end,
  function() return raw("GET", "/api/tenants/t1%2F..%2Ft2/data", { { "Origin", tenant_origin("t2") } }) end,
}
local hostile_next = 0

kind(12, "static allowed", function() return raw("GET", "/api/data", { { "Origin", LOCAL } }) end)
kind(6, "static refused", function() return raw("GET", "/api/data", { { "Origin", EVIL } }) end)
kind(4, "public (*)", function() return raw("GET", "/api/public", { { "Origin", random_origin() } }) end)
kind(10, "preflight allowed", function()
  return raw("OPTIONS", "/api/data", { { "Origin", LOCAL }, { "Access-Control-Request-Method", "PUT" }, { "Access-Control-Request-Headers", "content-type,x-api-key" } })
end)
kind(4, "preflight allowed (DELETE policy)", function()
  return raw("OPTIONS", "/api/items/7", { { "Origin", "https://admin.yourfrontend.com" }, { "Access-Control-Request-Method", "DELETE" } })
end)
kind(5, "preflight refused origin", function()
  return raw("OPTIONS", "/api/data", { { "Origin", EVIL }, { "Access-Control-Request-Method", "PUT" } })
end)
kind(4, "preflight refused header", function()
  return raw("OPTIONS", "/api/data", { { "Origin", LOCAL }, { "Access-Control-Request-Method", "PUT" }, { "Access-Control-Request-Headers", "x-not-listed" } })
end)
kind(10, "hostile", function()
  hostile_next = hostile_next % #hostile + 1
  return hostile[hostile_next]()
end)
kind(12, "tenant allowed", function()
  local t = tenant()
  return raw("GET", "/api/tenants/" .. t .. "/data", { { "Origin", tenant_origin(t) } })
end)
kind(6, "tenant cross-tenant", function()
  return raw("GET", "/api/tenants/" .. tenant() .. "/data", { { "Origin", tenant_origin(tenant()) } })
end)
kind(14, "tenant random origin", function()
  return raw("GET", "/api/tenants/" .. tenant() .. "/data", { { "Origin", random_origin() } })
end)
kind(4, "tenant preflight random origin", function()
  return raw("OPTIONS", "/api/tenants/" .. tenant() .. "/data", { { "Origin", random_origin() }, { "Access-Control-Request-Method", "GET" } })
end)
kind(3, "tenant preflight allowed", function()
  local t = tenant()
  return raw("OPTIONS", "/api/tenants/" .. t .. "/data", { { "Origin", tenant_origin(t) }, { "Access-Control-Request-Method", "GET" }, { "Access-Control-Request-Headers", "content-type" } })
end)
kind(2, "not found", function() return raw("GET", "/nope/" .. math.random(1, 1000), { { "Origin", LOCAL } }) end)
kind(2, "admin wrong token", function()
  return raw("POST", "/admin/origins", { { "Authorization", "Bearer wrong-token-wrong-token-wrong-token" }, { "Content-Type", "application/json" } },
    '{"tenant":"t1","origin":"https://x.example"}')
end)
kind(2, "admin rebinding host", function()
  -- DNS rebinding: the page's own name as Host (the right token would not help).
  return "POST /admin/origins HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 0\r\n\r\n"
end)

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
  threads[#threads + 1] = thread
end

function init(args)
  tenants = tonumber(args[1]) or tenants
  max_per_thread = tonumber(args[2]) or max_per_thread
  host = wrk.headers["Host"]
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
  statuses = {}
  responses = 0
  violations = 0
end

function request()
  local pick = math.random(1, total_weight)
  for _, k in ipairs(kinds) do
    pick = pick - k[1]
    if pick <= 0 then return k[3]() end
  end
end

-- SPEC §4's invariants, checked on every answer (wrk cannot tell which request
-- an answer belongs to, so only what holds for all of them): never ACAO `*` with
-- ACAC, ACAC only `true`, and never ACAO for an origin no policy allows.
local function violates(headers)
  local acao = headers["access-control-allow-origin"] or headers["Access-Control-Allow-Origin"]
  local acac = headers["access-control-allow-credentials"] or headers["Access-Control-Allow-Credentials"]
  if acac and acac ~= "true" then return true end
  if acao == "*" and acac then return true end
  if acao and acao ~= "*" then
    return acao == EVIL or acao == "null" or acao:find("^https://r%d") ~= nil
      or acao:find("evil", 1, true) ~= nil or acao:find("[^%w%.%-:/]") ~= nil
  end
  return false
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if violates(headers) then violations = violations + 1 end
  responses = responses + 1
  if responses >= max_per_thread then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local merged = {}
  local violations_total = 0
  for _, thread in ipairs(threads) do
    violations_total = violations_total + thread:get("violations")
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
  end
  local codes = {}
  for status in pairs(merged) do codes[#codes + 1] = status end
  table.sort(codes)
  for _, status in ipairs(codes) do
    io.write(string.format("wrk-status %d %d\n", status, merged[status]))
  end
  io.write(string.format("wrk-errors connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  io.write(string.format("wrk-requests %d\n", summary.requests))
  io.write(string.format("wrk-violations %d\n", violations_total))
end
