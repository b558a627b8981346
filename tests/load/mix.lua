-- A mixed load for the demo: public pages, private pages with a live
-- session, and JSON logins. Session cookies come as script arguments:
--   wrk ... -s mix.lua URL -- USERNAME PASSWORD COOKIE1 [COOKIE2 ...]
-- Per-status counts are gathered from every thread and printed by done().

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   username = args[1]
   password = args[2]
   cookies = {}
   for i = 3, #args do
      cookies[#cookies + 1] = args[i]
   end
   counter = id
   statuses = {}
   login_body = string.format(
      '{"username": "%s", "password": "%s"}', username, password)
end

-- Out of every 50 requests: 24 public, 25 private, 1 login.
function request()
   counter = counter + 1
   local slot = counter % 50
   local cookie = cookies[(counter % #cookies) + 1]
   if slot == 0 then
      return wrk.format("POST", "/api/login",
         {["Content-Type"] = "application/json"}, login_body)
   elseif slot % 2 == 0 then
      return wrk.format("GET", "/private", {["Cookie"] = cookie})
   elseif slot % 4 == 1 then
      return wrk.format("GET", "/public", {["Cookie"] = cookie})
   else
      return wrk.format("GET", "/public")
   end
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, thread in ipairs(threads) do
      local counts = thread:get("statuses")
      for status, n in pairs(counts) do
         total[status] = (total[status] or 0) + n
      end
   end
   for status, n in pairs(total) do
      io.write(string.format("STATUS %d %d\n", status, n))
   end
end
