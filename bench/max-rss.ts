// Loaded with `--import` into a child process whose peak memory a bench reports (bench:statistics).
process.on('exit', () => process.stderr.write(`max-rss-kb ${process.resourceUsage().maxRSS}\n`));
