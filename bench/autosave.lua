-- wrk script: every request saves one answer as a different generated editor (Bearer token),
-- each editor on its own question of its organisation's open report, with the revision the
-- previous save of that answer returned, so every request is a real write and none conflicts.
-- NARA_BENCH_FILE names the JSON written by `nara bench-setup`.

local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local editors = {}
local next_index = 1
local sent = 0

function init(args)
  local f = assert(io.open(os.getenv("NARA_BENCH_FILE"), "r"))
  local text = f:read("*a")
  f:close()
  local questions = {}
  for q in text:match('"text_questions":%[(.-)%]'):gmatch('"([^"]+)"') do table.insert(questions, q) end
  local per_report = {}
  local i = 0
  local threads = tonumber(os.getenv("NARA_BENCH_THREADS") or "2")
  for obj in text:match('"editors":%[(.-)%]'):gmatch("{(.-)}") do
    local token = obj:match('"token":"([^"]+)"')
    local report = obj:match('"report":"([^"]+)"')
    local n = (per_report[report] or 0)
    per_report[report] = n + 1
    if i % threads == tid then
      table.insert(editors, { token = token, report = report, question = questions[(n % #questions) + 1], revision = 0, id = i })
    end
    i = i + 1
  end
end

function request()
  local e = editors[next_index]
  next_index = next_index % #editors + 1
  sent = sent + 1
  local body = string.format('{"value":"Mätvärde e%d n%d","revision":%d}', e.id, sent, e.revision)
  return wrk.format("PUT", "/api/v1/reports/" .. e.report .. "/answers/" .. e.question,
    { ["Authorization"] = "Bearer " .. e.token, ["Content-Type"] = "application/json" }, body)
end

local by_id = nil
function response(status, headers, body)
  if by_id == nil then
    by_id = {}
    for _, e in ipairs(editors) do by_id[e.id] = e end
  end
  local id = tonumber(body:match('Mätvärde e(%d+)'))
  local revision = tonumber(body:match('"revision":(%d+)'))
  if id and revision and by_id[id] then by_id[id].revision = revision end
end
