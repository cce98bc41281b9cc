-- PUT a glyph: ids cycle through 1,000 per thread-local counter, so the table stays small and most writes replace.
local n = 0
local body = '{"vector":[0.12,-0.5,0.33,0.9,0.01,-0.75,0.4,0.2],"payload":{"title":"bench","tags":["a","b"],"n":42}}'
wrk.method = "PUT"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  return wrk.format(nil, "/models/m1/glyphs/w" .. (n % 1000))
end
