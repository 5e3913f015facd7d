// twitter-text's own counting and entity extraction, for the differential tests.
//
// stdin: {"mode": "check", "texts": [...]} -> stdout: {"results": [{weightedLength, valid,
// permillage, validRangeStart, validRangeEnd, displayRangeStart, displayRangeEnd, urls,
// hashtags, mentions}, ...]} from parseTweet and extract*WithIndices (mentions without those
// inside a URL); entities are [text, start, end] with code point indices
// (as Python indexes strings), ranges are twitter-text's own UTF-16 indices.
// stdin: {"mode": "bench", "texts": [...], "passes": n} -> stdout: {"seconds", "cpuSeconds",
// "texts"}: parseTweet over every text, n times after one warm-up pass, timed inside this
// process (wall clock and CPU time of the process).
"use strict";

const twttr = require("twitter-text");

function codePointIndex(text, utf16Index) {
  return Array.from(text.slice(0, utf16Index)).length;
}

function entities(text, found) {
  return found.map((e) => [
    text.slice(e.indices[0], e.indices[1]),
    codePointIndex(text, e.indices[0]),
    codePointIndex(text, e.indices[1]),
  ]);
}

// Mentions inside a URL are dropped, as extractEntitiesWithIndices (what X links) does.
function mentionsOutsideUrls(text, urls) {
  const mentions = twttr.extractMentionsWithIndices(text);
  const entities = mentions.concat(urls.map((u) => ({ url: u.url, indices: u.indices })));
  twttr.removeOverlappingEntities(entities);
  return entities.filter((e) => e.screenName !== undefined);
}

function check(text) {
  const parsed = twttr.parseTweet(text);
  const urls = twttr.extractUrlsWithIndices(text);
  return {
    weightedLength: parsed.weightedLength,
    valid: parsed.valid,
    permillage: parsed.permillage,
    validRangeStart: parsed.validRangeStart,
    validRangeEnd: parsed.validRangeEnd,
    displayRangeStart: parsed.displayRangeStart,
    displayRangeEnd: parsed.displayRangeEnd,
    urls: entities(text, urls),
    hashtags: entities(text, twttr.extractHashtagsWithIndices(text)),
    mentions: entities(text, mentionsOutsideUrls(text, urls)),
  };
}

function bench(texts, passes) {
  for (const text of texts) twttr.parseTweet(text);
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let pass = 0; pass < passes; pass++) {
    for (const text of texts) twttr.parseTweet(text);
  }
  const used = process.cpuUsage(cpu);
  return {
    seconds: Number(process.hrtime.bigint() - wall) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    texts: texts.length * passes,
  };
}

function main(input) {
  const request = JSON.parse(input);
  if (request.mode === "bench") return bench(request.texts, request.passes || 1);
  return { results: request.texts.map(check) };
}

const chunks = [];
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(main(chunks.join("")))));
