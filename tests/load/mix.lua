-- A mixed load for the demo: public pages, private pages with a live
-- session, and JSON logins. Session cookies come as script arguments:
--   wrk ... -s mix.lua URL -- USERNAME PASSWORD COOKIE1 [COOKIE2 ...]
-- Counts per kind of request and status are gathered from every thread and
-- printed by done() as lines "KIND <kind> <status> <count>".

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
   counts = {}
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

-- The kind of request an answer belongs to, read from the answer itself (wrk
-- does not say which request a response answers): JSON comes only from the
-- login, pages by their title, and the login redirect names /private.
local function kind_of(status, headers, body)
   local content_type = headers["Content-Type"] or ""
   if content_type:find("application/json", 1, true) then
      return "login"
   elseif body:find("<title>Private ", 1, true) then
      return "private"
   elseif body:find("<title>Public ", 1, true) then
      return "public"
   elseif (headers["Location"] or ""):find("next=%2Fprivate", 1, true) then
      return "private"
   end
   return "other"
end

-- Counts are kept flat, keyed "kind status": wrk copies a thread's table to
-- done() and crashes on nested ones.
function response(status, headers, body)
   local key = kind_of(status, headers, body) .. " " .. status
   counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, thread in ipairs(threads) do
      for key, n in pairs(thread:get("counts")) do
         total[key] = (total[key] or 0) + n
      end
   end
   for key, n in pairs(total) do
      io.write(string.format("KIND %s %d\n", key, n))
   end
end
