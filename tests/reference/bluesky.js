// @atproto/api's own rich-text code, for the Bluesky differential tests.
//
// stdin: {"texts": [...]} -> stdout: {"results": [{graphemes, facets}, ...]}: graphemes is
// RichText.graphemeLength; facets are what detectFacetsWithoutResolution() leaves in
// RichText.facets, each as [kind, value, byteStart, byteEnd] with kind "mention" (value: the
// handle), "link" (the URI) or "tag" (the tag, a cashtag with its "$").
"use strict";

const KINDS = {
  "app.bsky.richtext.facet#mention": ["mention", "did"],
  "app.bsky.richtext.facet#link": ["link", "uri"],
  "app.bsky.richtext.facet#tag": ["tag", "tag"],
};

function facets(rt) {
  return (rt.facets || []).flatMap((facet) =>
    facet.features.map((feature) => {
      const [kind, key] = KINDS[feature.$type];
      return [kind, feature[key], facet.index.byteStart, facet.index.byteEnd];
    }),
  );
}

async function main(input) {
  const { RichText } = await import("@atproto/api");
  const results = JSON.parse(input).texts.map((text) => {
    const rt = new RichText({ text });
    const graphemes = rt.graphemeLength;
    rt.detectFacetsWithoutResolution();
    return { graphemes, facets: facets(rt) };
  });
  return { results };
}

const chunks = [];
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () =>
  main(chunks.join("")).then((out) => process.stdout.write(JSON.stringify(out))),
);
