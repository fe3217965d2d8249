-- wrk script: each request asks for one decision, for a random one of SUBJECTS subjects (s1 to
-- sSUBJECTS: wrk calls request() once before the run and drops what it returns, so the recording
-- script never sends s0) and of the five purposes. Environment: TOKEN (an API token), SUBJECTS.
function init(args)
  token = os.getenv("TOKEN")
  subjects = tonumber(os.getenv("SUBJECTS") or "100000")
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 1000)
  headers = { ["Authorization"] = "Bearer " .. token }
end

function request()
  local path = string.format("/api/v1/decision?subject=s%d&purpose=p%d", math.random(1, subjects), math.random(1, 5))
  return wrk.format("GET", path, headers)
end
