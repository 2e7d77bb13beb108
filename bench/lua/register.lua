-- Distinct registrations made on the fly, with typical names and ids
-- (the same shapes as the 100,000 tracks of bench/run.py):
--
--   upload_id  sc03-sh0010-comp-v002      filename  SC03_SH0010_comp_v002.mov
--   file_id, project_id, workspace_id, account_id: uuids
--   review_link https://f.io/xxxxxxxx
--
-- Arguments: API prefix (e.g. /reg/1-50), number of threads, first
-- counter value.  With BENCH_STOP_ON_FULL set, a thread stops at its
-- first 507 (the zone is full): that is how a 64 MiB zone is filled.

local dir = os.getenv("BENCH_LUA_DIR") or "bench/lua"
dofile(dir .. "/report.lua")

local bit = require("bit")
local counter = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
end

local prefix, nthreads, n
local headers = { ["Content-Type"] = "application/json" }

local function hx(x)
   return bit.tohex(x)
end

local function uuid(k)
   return hx(k * 2654435761) .. "-" .. string.sub(hx(k * 40503 + 12345), 1, 4)
          .. "-4" .. string.sub(hx(k * 69069 + 1), 1, 3)
          .. "-a" .. string.sub(hx(k * 1103515245 + 12345), 1, 3)
          .. "-" .. string.format("%012x", k)
end

local projects, workspaces, account = {}, {}, uuid(9000000)
for j = 0, 19 do projects[j] = uuid(9000100 + j) end
for j = 0, 3 do workspaces[j] = uuid(9000200 + j) end

function init(args)
   prefix = args[1]
   nthreads = tonumber(args[2])
   n = (tonumber(args[3]) or 0) + tid
end

function request()
   local k = n
   n = n + nthreads
   local m = k % 100000
   local scene, shot, version = math.floor(m / 1000),
                                math.floor(m / 10) % 100 * 10 + 10, m % 10 + 1
   local upload = string.format("sc%02d-sh%04d-comp-v%03d", scene, shot,
                                version)
   local filename = string.format("SC%02d_SH%04d_comp_v%03d.mov", scene, shot,
                                  version)
   if k >= 100000 then
      upload = upload .. "-" .. math.floor(k / 100000)
   end
   local p = m % 20
   local body = '{"upload_id":"' .. upload .. '","filename":"' .. filename
      .. '","file_id":"' .. uuid(k + 7) .. '","project_id":"' .. projects[p]
      .. '","workspace_id":"' .. workspaces[p % 4] .. '","account_id":"'
      .. account .. '","review_link":"https://f.io/'
      .. string.sub(hx(k * 2246822519 + 7), 1, 8) .. '"}'
   return wrk.format("POST", prefix .. "/uploads", headers, body)
end

if os.getenv("BENCH_STOP_ON_FULL") then
   function response(status, headers, body)
      if status == 507 then
         wrk.thread:stop()
      end
   end
end
