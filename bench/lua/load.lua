-- Registers an exact list of uploads, one JSON body per line of the file
-- given as the first argument; thread k of N takes lines k, k+N, ...
-- A thread stops once each of its lines was answered 201 or 200 (the
-- same registration again).  Past the end of its list it sends a GET of
-- an upload that does not exist (404), which registers nothing.

local dir = os.getenv("BENCH_LUA_DIR") or "bench/lua"
dofile(dir .. "/report.lua")

local counter = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
end

local mine, pos, ok = {}, 0, 0
local filler, prefix

function init(args)
   local nthreads = tonumber(args[2])
   prefix = args[3] or "/api"
   local headers = { ["Content-Type"] = "application/json" }
   local k = 0
   for line in io.lines(args[1]) do
      if #line > 0 then
         if k % nthreads == tid then
            table.insert(mine, wrk.format("POST", prefix .. "/uploads",
                                          { ["Content-Type"] =
                                            "application/json" }, line))
         end
         k = k + 1
      end
   end
   filler = wrk.format("GET", prefix .. "/uploads/bench-no-such-upload")
end

-- wrk calls request() once in the first thread's state to check the
-- script, and sends nothing of it: that first call gets the filler
local checked = false

function request()
   if tid == 0 and not checked then
      checked = true
      return filler
   end
   pos = pos + 1
   if pos <= #mine then
      return mine[pos]
   end
   return filler
end

function response(status, headers, body)
   if status == 201 or status == 200 then
      ok = ok + 1
      if ok >= #mine then
         wrk.thread:stop()
      end
   end
end
