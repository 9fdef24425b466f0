-- wrk script: GET /api/search with a different query on each request.
-- The queries come from the file named by QUERIES (one URL-encoded query per
-- line), written by scripts/load_test.sh from the store's own titles.
local queries = {}
local path = os.getenv("QUERIES") or "queries.txt"
for line in io.lines(path) do
  if #line > 0 then queries[#queries + 1] = line end
end
if #queries == 0 then error("no queries in " .. path) end

local counter = 0
request = function()
  counter = counter + 1
  local query = queries[(counter % #queries) + 1]
  return wrk.format("GET", "/api/search?q=" .. query)
end
