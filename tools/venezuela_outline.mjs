// Run ONCE to (re)make site_templates/map/outline.json, the outline of Venezuela the facilities
// map draws (datasite/render/maps.py). Not run at build or view time; no network is needed then.
//   npm install --prefix /tmp/words-npm world-atlas topojson-client
//   NODE_PATH=/tmp/words-npm/node_modules node tools/venezuela_outline.mjs > site_templates/map/outline.json
// Source: Natural Earth 1:50m admin-0 countries (public domain), as packaged by world-atlas
// (ISC licence, Mike Bostock). Projection: equirectangular over the bounding box below, with
// longitude scaled by cos(mid-latitude) so the shape is not stretched; y grows southwards.
import { createRequire } from "module";
const require = createRequire(import.meta.url);
const topojson = require("topojson-client");
const world = require("world-atlas/countries-50m.json");

const BOX = { west: -73.5, east: -59.5, south: 0.5, north: 12.5 }; // lon/lat, degrees
const WIDTH = 600;
const kx = Math.cos((((BOX.north + BOX.south) / 2) * Math.PI) / 180);
const HEIGHT = Math.round((WIDTH * (BOX.north - BOX.south)) / ((BOX.east - BOX.west) * kx));
const x = (lon) => ((lon - BOX.west) / (BOX.east - BOX.west)) * WIDTH;
const y = (lat) => ((BOX.north - lat) / (BOX.north - BOX.south)) * HEIGHT;

const venezuela = topojson
  .feature(world, world.objects.countries)
  .features.find((f) => f.id === "862");
const polygons =
  venezuela.geometry.type === "Polygon"
    ? [venezuela.geometry.coordinates]
    : venezuela.geometry.coordinates;
const path = polygons
  .flatMap((polygon) =>
    polygon.map(
      (ring) =>
        "M" + ring.map(([lon, lat]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join("L") + "Z"
    )
  )
  .join("");
process.stdout.write(
  JSON.stringify(
    {
      source:
        "Natural Earth 1:50m admin-0 countries (public domain, naturalearthdata.com), via the " +
        "world-atlas npm package 2.0 (ISC licence); converted by tools/venezuela_outline.mjs",
      box: BOX,
      width: WIDTH,
      height: HEIGHT,
      path,
    },
    null,
    1
  ) + "\n"
);
