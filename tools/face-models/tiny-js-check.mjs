// Checks tiny_reference.py's numpy rebuild against the ORIGINAL @vladmandic/face-api@1.7.15 tiny face detector
// (its Node bundle, pure-JS tfjs 4.22 CPU backend standing in for tfjs-node), on the same ImageIO pixels
// (DecodeImages.java) and crop: score logits of the raw grid and the decoded boxes of locateFaces.
//
//   cd tools/face-models && npm ci
//   node tiny-js-check.mjs RGB_FILE ../../asffnet-face/src/test/resources/dev/asffnet/face/tiny_reference.json
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) {
  return resolve.call(this, req === '@tensorflow/tfjs-node' ? '@tensorflow/tfjs' : req, ...rest);
};
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node.js');

const [rgbFile, refFile] = process.argv.slice(2);
if (!refFile) {
  console.error('usage: node tiny-js-check.mjs RGB_FILE tiny_reference.json');
  process.exit(2);
}
await tf.setBackend('cpu');
await tf.ready();
const net = faceapi.nets.tinyFaceDetector;
await net.loadFromDisk(new URL('./node_modules/@vladmandic/face-api/model/', import.meta.url).pathname);

const ref = JSON.parse(fs.readFileSync(refFile, 'utf8'));
const buf = fs.readFileSync(rgbFile);
const w = buf.readInt32LE(0);
const [cx, cy, cw, ch] = ref.crop;
const data = new Int32Array(cw * ch * 3);
for (let y = 0; y < ch; y++) {
  for (let x = 0; x < cw; x++) {
    for (let c = 0; c < 3; c++) data[(y * cw + x) * 3 + c] = buf[8 + ((cy + y) * w + cx + x) * 3 + c];
  }
}
const img = tf.tensor3d(data, [ch, cw, 3], 'int32');
for (const cas of ref.cases) {
  const S = cas.inputSize;
  const input = await faceapi.toNetInput(img);
  const out = net.forwardInput(input, S); // [1,G,G,25]
  const grid = await out.array();
  out.dispose();
  const G = cas.grid;
  let worst = 0;
  let i = 0;
  for (let r = 0; r < G; r++) {
    for (let c = 0; c < G; c++) {
      for (let a = 0; a < 5; a++) worst = Math.max(worst, Math.abs(grid[0][r][c][5 * a + 4] - cas.scoreLogits[i++]));
    }
  }
  const dets = await net.locateFaces(img, new faceapi.TinyFaceDetectorOptions({ inputSize: S, scoreThreshold: ref.minScore }));
  let worstBox = 0;
  const js = dets.map((d) => [d.box.x, d.box.y, d.box.width, d.box.height, d.score]);
  js.forEach((d, k) => {
    const e = cas.detections[k];
    if (e) for (let j = 0; j < 5; j++) worstBox = Math.max(worstBox, Math.abs(d[j] - e[j]));
  });
  console.log(`S=${S}: score logits max |JS - numpy| ${worst.toExponential(2)}; JS ${js.length} boxes vs numpy `
    + `${cas.detections.length}, max |difference| ${worstBox.toExponential(2)} px (JS ${JSON.stringify(js)})`);
}
img.dispose();
