#!/usr/bin/env node
// scripts/map-data.mjs — derive the partner maps' country shapes from npm world-atlas.
//
//     npm ci && node scripts/map-data.mjs            # rewrites generator/render/data/europe.json
//     node scripts/map-data.mjs --stdout             # prints it instead (the test compares)
//
// Building the site needs no Node: the derived file is committed, and this script only
// makes it again. Source: world-atlas's countries-50m.json (Natural Earth 1:50m admin-0
// countries, public domain), simplified with topojson-simplify (shared borders stay shared),
// decoded with topojson-client, ISO 3166-1 numeric ids turned into the alpha-2 codes the
// records use with i18n-iso-countries. Only the polygons that reach the map's region are
// kept; coordinates are longitude/latitude rounded to 0.01° (about 1 km, a tenth of a pixel
// on the map). Projection happens in Python (generator/render/maps.py, EPSG:3035).
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { feature } = require("topojson-client");
const { presimplify, simplify, sphericalTriangleArea } = require("topojson-simplify");
const isoCountries = require("i18n-iso-countries");

const SOURCE_FILE = "countries-50m.json";
// Smallest triangle (in steradians) a point must span to stay: about 3 km², well under
// a pixel of the map, which keeps islands like Malta and coasts like Norway's recognisable.
const MIN_WEIGHT = 1e-7;
// The region whose polygons are kept (longitude west, south, east, north), a little wider
// than the map's frame so that coastlines run past its edges.
const REGION = [-32, 26, 60, 82];
// Natural Earth's shapes without an ISO numeric code that lie in Europe.
const CODES_BY_NAME = { Kosovo: "XK" };

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(require.resolve("world-atlas/package.json"), "utf8"));
const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/${SOURCE_FILE}`), "utf8"));
const simplified = simplify(presimplify(topology, sphericalTriangleArea), MIN_WEIGHT);
const collection = feature(simplified, simplified.objects.countries);

const round = (value) => Math.round(value * 100) / 100;

function roundedRing(ring) {
  const out = [];
  for (const [lon, lat] of ring) {
    const point = [round(lon), round(lat)];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  return out.length >= 4 ? out : null; // a closed ring needs three corners and the closing point
}

function inRegion(ring) {
  return ring.some(([lon, lat]) => lon >= REGION[0] && lon <= REGION[2] && lat >= REGION[1] && lat <= REGION[3]);
}

function polygonsOf(geometry) {
  if (!geometry) return [];
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const kept = [];
  for (const polygon of polygons) {
    if (!inRegion(polygon[0])) continue;
    const [outer, ...holes] = polygon.map(roundedRing);
    if (outer) kept.push([outer, ...holes.filter(Boolean)]); // an island smaller than the rounding goes
  }
  return kept;
}

const countries = [];
for (const shape of collection.features) {
  const polygons = polygonsOf(shape.geometry);
  if (!polygons.length) continue;
  const name = shape.properties.name;
  const code = shape.id ? isoCountries.numericToAlpha2(shape.id) : CODES_BY_NAME[name];
  countries.push({ code: code || "", name, polygons });
}
countries.sort((a, b) => (a.code || "~" + a.name).localeCompare(b.code || "~" + b.name));

const data = {
  source: {
    package: pkg.name,
    version: pkg.version,
    file: SOURCE_FILE,
    data: "Natural Earth 1:50m Cultural Vectors, Admin 0 – Countries (public domain)",
    licence: `${pkg.name} ${pkg.license}; Natural Earth data in the public domain`,
    made_by: "scripts/map-data.mjs",
    simplified_with: `topojson-simplify, spherical triangle area >= ${MIN_WEIGHT} sr`,
    region: REGION,
  },
  countries,
};
// One country per line: diffs stay readable when the source changes.
const text =
  "{\n" +
  `"source": ${JSON.stringify(data.source)},\n` +
  '"countries": [\n' +
  countries.map((c) => JSON.stringify(c)).join(",\n") +
  "\n]}\n";

if (process.argv.includes("--stdout")) {
  process.stdout.write(text);
} else {
  writeFileSync(join(root, "generator/render/data/europe.json"), text);
}
