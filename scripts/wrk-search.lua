-- wrk script for scripts/bench-server.sh: cycles through ten Arabic queries
-- (percent-encoded) so that no single cached answer is measured.
local paths = {
  "/api/v1/search?q=%D9%85%D9%81%D8%A7%D9%88%D8%B6%D8%A7%D8%AA",
  "/api/v1/search?q=%D8%A3%D8%B3%D8%B9%D8%A7%D8%B1%20%D8%A7%D9%84%D9%82%D9%85%D8%AD",
  "/api/v1/search?q=%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA%20%D8%A7%D9%84%D8%A8%D9%84%D8%AF%D9%8A%D8%A9",
  "/api/v1/search?q=%D8%A7%D9%84%D9%85%D8%B9%D8%A7%D8%A8%D8%B1",
  "/api/v1/search?q=%D8%A7%D9%84%D8%B7%D8%A7%D9%82%D8%A9%20%D8%A7%D9%84%D8%B4%D9%85%D8%B3%D9%8A%D8%A9",
  "/api/v1/search?q=%D9%85%D9%88%D8%AC%D8%A9%20%D8%AD%D8%B1",
  "/api/v1/search?q=%D8%A7%D9%84%D9%85%D9%86%D8%AA%D8%AE%D8%A8",
  "/api/v1/search?q=%D8%A7%D9%84%D8%AC%D8%A7%D9%85%D8%B9%D8%A7%D8%AA",
  "/api/v1/search?q=%D9%82%D8%B1%D9%88%D8%B6%20%D8%A7%D9%84%D9%85%D8%B2%D8%A7%D8%B1%D8%B9%D9%8A%D9%86",
  "/api/v1/search?q=%D8%A7%D9%84%D8%B1%D8%B3%D9%88%D9%85%20%D8%A7%D9%84%D8%AC%D9%85%D8%B1%D9%83%D9%8A%D8%A9"
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
