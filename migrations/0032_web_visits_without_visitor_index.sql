-- Every lookup of web_visits now names the day as well as the visitor (the index by day and visitor serves
-- it): the index by visitor alone took a random page for each of a chunk's visits, as returning visitors
-- are spread over the whole key space (145,000 visits copied into 4.1 million: 0.97-1.63 s with it,
-- 0.56-0.58 s without).
DROP INDEX "web_visits_visitor_idx";
