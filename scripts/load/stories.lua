-- wrk script: GET /api/stories, walking the first pages of the listing
-- (page 1 is what the web page asks for; deeper pages cost more).
local pages = tonumber(os.getenv("PAGES") or "20")
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/stories?page=" .. ((counter % pages) + 1))
end
