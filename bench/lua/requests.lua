-- Cycles through pre-built requests, one per line of the file given as
-- the first script argument:
--
--     METHOD <TAB> PATH <TAB> Name: value|Name: value <TAB> BODY
--
-- Used by every fixed-request scenario (stock baselines included), so
-- that the client does the same work whatever it measures.  Webhook
-- lines are signed by bench/run.py right before the run.

local dir = os.getenv("BENCH_LUA_DIR") or "bench/lua"
dofile(dir .. "/report.lua")

local threads = {}
local counter = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local reqs = {}
local n, i = 0, 0

local function split(s, sep)
   local out, from = {}, 1
   while true do
      local a, b = string.find(s, sep, from, true)
      if not a then
         table.insert(out, string.sub(s, from))
         return out
      end
      table.insert(out, string.sub(s, from, a - 1))
      from = b + 1
   end
end

function init(args)
   local f = assert(io.open(args[1], "r"))
   for line in f:lines() do
      if #line > 0 then
         local p = split(line, "\t")
         local headers = {}
         if p[3] and #p[3] > 0 then
            for _, h in ipairs(split(p[3], "|")) do
               local c = string.find(h, ":", 1, true)
               headers[string.sub(h, 1, c - 1)] =
                  string.gsub(string.sub(h, c + 1), "^%s+", "")
            end
         end
         local body = p[4]
         if body == "" then body = nil end
         table.insert(reqs, wrk.format(p[1], p[2], headers, body))
      end
   end
   f:close()
   n = #reqs
   assert(n > 0, "no requests in " .. args[1])
   -- threads start at different places of the list
   local nthreads = tonumber(args[2]) or 1
   i = math.floor(n * (tid or 0) / nthreads) % n
end

function request()
   i = i + 1
   if i > n then i = 1 end
   return reqs[i]
end
