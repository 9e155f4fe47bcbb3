// Runs the ORIGINAL @vladmandic/face-api@1.7.15 (its Node bundle, with the pure-JS tfjs 4.22 CPU backend
// standing in for tfjs-node) on images decoded by Java's ImageIO (DecodeImages.java), and writes the
// outputs the Java port must reproduce.
//
//   cd tools/face-models && npm ci   # or npm install (package.json pins the versions)
//   node js-reference.mjs RGB_DIR LIST OUT.json
//
// Per image (LIST: paths relative to the data root, as in the fixture):
//  - detections: faceapi.nets.ssdMobilenetv1.locateFaces(img, {minConfidence: 0.5, maxResults: 100}),
//    boxes in pixels (x, y, width, height, score);
//  - landmarks of the best detection: the box clipped at the image borders and floored exactly like
//    face-api's extractFaceTensors, the crop fed to faceLandmark68Net.detectLandmarks, relative positions
//    times the crop size plus the crop origin (face-api itself shifts by the unfloored box origin, up to
//    1 px off: we shift by the origin of the pixels actually used);
//  - aligned box: FaceLandmarks.align(null, {useDlibAlignment: true}) on those landmarks (what face-api
//    uses for descriptors), clipped/floored, and the raw 128-d descriptor of that crop from
//    faceRecognitionNet.computeFaceDescriptor (not normalised);
//  - fixedBox landmarks: landmarks on the box the celeba-faces crops imply (side/4, 0.21 side, side/2),
//    independent of the detector.
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

const [rgbDir, listFile, outFile] = process.argv.slice(2);
if (!outFile) {
  console.error('usage: node js-reference.mjs RGB_DIR LIST OUT.json');
  process.exit(2);
}
await tf.setBackend('cpu');
await tf.ready();
const modelDir = new URL('./node_modules/@vladmandic/face-api/model/', import.meta.url).pathname;
await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);

function readRgb(path) {
  const buf = fs.readFileSync(path);
  const w = buf.readInt32LE(0);
  const h = buf.readInt32LE(4);
  const data = new Int32Array(w * h * 3);
  for (let i = 0; i < data.length; i++) data[i] = buf[8 + i];
  return { w, h, tensor: tf.tensor3d(data, [h, w, 3], 'int32') };
}

function clipFloor(box, w, h) {
  const b = new faceapi.Box(box).clipAtImageBorders(w, h);
  return { x: b.x, y: b.y, width: b.width, height: b.height };
}

async function landmarksIn(img, crop) {
  const face = tf.slice3d(img.tensor, [crop.y, crop.x, 0], [crop.height, crop.width, 3]);
  const lm = await faceapi.nets.faceLandmark68Net.detectLandmarks(face);
  face.dispose();
  const xy = [];
  for (const p of lm.relativePositions) xy.push(p.x * crop.width + crop.x, p.y * crop.height + crop.y);
  return xy;
}

const r6 = (v) => Math.round(v * 1e6) / 1e6;
const ids = fs.readFileSync(listFile, 'utf8').split('\n').map((s) => s.trim()).filter((s) => s);
const out = {
  generator: 'tools/face-models/js-reference.mjs',
  faceApi: faceapi.version,
  tfjs: tf.version_core,
  backend: tf.getBackend(),
  images: [],
};
for (const id of ids) {
  const img = readRgb(`${rgbDir}/${id.replace(/\//g, '_')}.rgb`);
  const dets = await faceapi.nets.ssdMobilenetv1.locateFaces(img.tensor,
    new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 }));
  const entry = {
    id, width: img.w, height: img.h,
    detections: dets.map((d) => [d.box.x, d.box.y, d.box.width, d.box.height, d.score].map(r6)),
  };
  const side = Math.min(img.w, img.h);
  const fixed = { x: side / 4, y: 0.21 * side, width: side / 2, height: side / 2 };
  const fixedCrop = clipFloor(fixed, img.w, img.h);
  entry.fixedBox = [fixed.x, fixed.y, fixed.width, fixed.height];
  entry.fixedLandmarks = (await landmarksIn(img, fixedCrop)).map(r6);
  if (dets.length > 0) {
    const crop = clipFloor(dets[0].box, img.w, img.h);
    const xy = await landmarksIn(img, crop);
    entry.landmarks = xy.map(r6);
    const pts = [];
    for (let i = 0; i < 68; i++) pts.push(new faceapi.Point(xy[2 * i] / img.w, xy[2 * i + 1] / img.h)); // relative
    const lms = new faceapi.FaceLandmarks68(pts, { width: img.w, height: img.h });
    const aligned = lms.align(null, { useDlibAlignment: true });
    const acrop = clipFloor(aligned, img.w, img.h);
    entry.alignedBox = [acrop.x, acrop.y, acrop.width, acrop.height];
    const face = tf.slice3d(img.tensor, [acrop.y, acrop.x, 0], [acrop.height, acrop.width, 3]);
    const desc = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(face);
    face.dispose();
    entry.descriptor = Array.from(desc).map((v) => Math.round(v * 1e7) / 1e7);
  }
  img.tensor.dispose();
  out.images.push(entry);
  console.log(id, entry.detections.length, 'faces');
}
fs.writeFileSync(outFile, `${JSON.stringify(out)}\n`);
console.log('wrote', outFile, out.images.length, 'images');
