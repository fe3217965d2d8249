-- wrk script: each request records one new subject's choices for the five purposes (5 records).
-- Subjects are numbered from OFFSET; wrk's threads take turns so no subject is recorded twice.
-- Environment: TOKEN (an API token), NOTICE (the SHA-256 of a stored notice), OFFSET, THREADS.
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  token = os.getenv("TOKEN")
  notice = os.getenv("NOTICE")
  offset = tonumber(os.getenv("OFFSET") or "0")
  step = tonumber(os.getenv("THREADS") or "2")
  counter = 0
end

function request()
  local subject = offset + thread_index + counter * step
  counter = counter + 1
  local states = { "given", "given", "refused", "given", "withdrawn" }
  local choices = {}
  for i = 1, 5 do
    -- Vary the states so decisions meet every kind of record.
    local state = states[((subject + i) % 5) + 1]
    choices[i] = string.format('{"purpose":"p%d","state":"%s"}', i, state)
  end
  local body = string.format(
    '{"subject":"s%d","choices":[%s],"method":{"kind":"form_button","form":"signup","button":"Subscribe"},'
      .. '"channel":"web","notice_sha256":"%s","language":"en","ip":"192.0.2.1","user_agent":"wrk"}',
    subject, table.concat(choices, ","), notice)
  return wrk.format("POST", "/api/v1/consents",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
