// The dashboard: plain JavaScript, no library, nothing loaded from elsewhere. It reads the read API
// with the viewer's key, which it asks for once and keeps for this tab only (sessionStorage: closing
// the tab forgets it, and another site's script cannot read it, as the page's CSP allows none).
// Every request is relative to the page ("cameras", not "/cameras"): the page lives at the API's
// root, which in AWS is the stage's path (.../prod/).
'use strict';

const KEY_ITEM = 'trafficcam.viewerKey';
// the annotator's class colours (persistence-lambda Annotator.COLOURS), so the chart matches the boxes
const CLASSES = [
  ['car', '#00beff'], ['truck', '#ff8c00'], ['bus', '#e0c000'],
  ['person', '#ff00c8'], ['bicycle', '#00b43c'], ['motorcycle', '#ff2828'],
];
const SILENT_AFTER_MINUTES = 15;
const $ = (id) => document.getElementById(id);

let selected = null;      // the camera shown
let nextFrames = null;    // the cursor of the next page of frames
let nextCameras = null;   // the cursor of the next page of cameras

class KeyRefused extends Error {}

async function api(path) {
  const key = sessionStorage.getItem(KEY_ITEM);
  if (!key) throw new KeyRefused('no key yet');
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + key, Accept: 'application/json' } });
  if (response.status === 401 || response.status === 403) {
    throw new KeyRefused((await problemOf(response)) || 'the key was refused');
  }
  if (!response.ok) throw new Error((await problemOf(response)) || ('the API answered ' + response.status));
  return response.json();
}

async function problemOf(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || problem.message;
  } catch (e) {
    return null;
  }
}

function show(id, visible) { $(id).hidden = !visible; }

function say(message) {
  $('problem').textContent = message || '';
  show('problem', Boolean(message));
}

function askForKey(message) {
  sessionStorage.removeItem(KEY_ITEM);
  ['health', 'camera', 'frame', 'forget-key'].forEach((id) => show(id, false));
  $('key-problem').textContent = message || '';
  show('key-problem', Boolean(message));
  show('key-form', true);
  $('viewer-key').focus();
}

async function run(work) {
  try {
    say(null);
    await work();
  } catch (e) {
    if (e instanceof KeyRefused) askForKey(sessionStorage.getItem(KEY_ITEM) ? e.message : null);
    else say(e.message);
  }
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function when(text) { return text ? text.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC') : 'never'; }

function place(c) { return c.address + ', ' + c.city + ', ' + c.country; }

// A page of cameras at a time: the first replaces the table, "More cameras" appends the next.
async function loadCameras(more) {
  const answer = await api('cameras?limit=50' + (more && nextCameras ? '&after=' + encodeURIComponent(nextCameras) : ''));
  show('key-form', false);
  show('forget-key', true);
  show('health', true);
  $('as-of').textContent = 'as of ' + when(answer.asOf);
  const body = $('cameras').tBodies[0];
  if (!more) body.replaceChildren();
  nextCameras = answer.next;
  show('more-cameras', Boolean(nextCameras));
  for (const c of answer.cameras) {
    const row = body.insertRow();
    row.dataset.cameraId = c.cameraId;
    const silent = c.silentMinutes === null || c.silentMinutes >= SILENT_AFTER_MINUTES;
    if (silent) row.classList.add('silent');
    if (selected && selected.cameraId === c.cameraId) row.classList.add('selected');
    cell(row, place(c));
    cell(row, when(c.lastSeenAt));
    cell(row, String(c.framesLastHour), 'number');
    cell(row, c.framesLastHour ? Math.round(100 * c.distortedLastHour / c.framesLastHour) + ' %' : '-', 'number');
    cell(row, c.silentMinutes === null ? 'never sent' : silent ? 'silent ' + c.silentMinutes + ' min' : 'no');
    row.addEventListener('click', () => run(() => openCamera(c)));
  }
  if (!selected && answer.cameras.length) await openCamera(answer.cameras[0]);
}

// The range ends with the hour (or day) of the camera's last frame, in its own local time, so a
// camera whose clock or frames are old still shows its traffic. The API gives that time with the
// camera's offset; its wall-clock part is what the range is asked in (done in UTC arithmetic here).
function range(camera, bucket) {
  const last = camera.lastCapturedAt ? new Date(camera.lastCapturedAt.slice(0, 19) + 'Z') : new Date();
  const to = new Date(last);
  if (bucket === 'hour') { to.setUTCMinutes(0, 0, 0); to.setUTCHours(to.getUTCHours() + 1); }
  else { to.setUTCHours(0, 0, 0, 0); to.setUTCDate(to.getUTCDate() + 1); }
  const from = new Date(to);
  if (bucket === 'hour') from.setUTCHours(from.getUTCHours() - 24); else from.setUTCDate(from.getUTCDate() - 30);
  const local = (d) => d.toISOString().slice(0, 16);
  return { from: local(from), to: local(to) };
}

async function openCamera(camera) {
  selected = camera;
  for (const row of $('cameras').tBodies[0].rows) row.classList.toggle('selected', Number(row.dataset.cameraId) === camera.cameraId);
  show('frame', false);
  show('camera', true);
  $('camera-name').textContent = place(camera) + (camera.timeZone ? ' (times in ' + camera.timeZone + ')' : '');
  await loadCounts();
  nextFrames = null;
  $('frames').replaceChildren();
  await loadFrames();
}

// The range's figures: per class, road users in view (mean per analysed frame, and the most in one frame), and the
// sum of detections over frames, which is not a count of vehicles (a parked car is in every frame).
async function loadCounts() {
  const bucket = $('range').value;
  const r = range(selected, bucket);
  const answer = await api('cameras/' + selected.cameraId + '/counts?bucket=' + bucket + '&from=' + r.from + '&to=' + r.to);
  const frames = answer.buckets.reduce((sum, b) => sum + b.frames, 0);
  const analysed = answer.buckets.reduce((sum, b) => sum + b.frames - b.distorted, 0);
  const expected = answer.usualIntervalSeconds
    ? answer.buckets.length * (bucket === 'hour' ? 3600 : 86400) / answer.usualIntervalSeconds : null;
  $('range-text').textContent = when(answer.from) + ' to ' + when(answer.to) + ' (camera local time); ' + frames + ' frames'
    + (expected ? ', ' + Math.round(100 * frames / expected) + ' % of the ' + Math.round(expected)
      + ' its usual interval of ' + answer.usualIntervalSeconds + ' s would send' : '');
  drawCharts(answer.buckets, bucket);
  const body = $('totals').tBodies[0];
  body.replaceChildren();
  for (const [name] of CLASSES) {
    const row = body.insertRow();
    row.dataset.trafficClass = name;
    const detections = answer.buckets.reduce((sum, b) => sum + b.detections[name], 0);
    const peak = Math.max(0, ...answer.buckets.map((b) => b.inView[name].peak));
    cell(row, name);
    cell(row, analysed ? (detections / analysed).toFixed(2) : '-', 'number mean');
    cell(row, String(peak), 'number peak');
    cell(row, String(detections), 'number detections');
  }
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(name, attributes, parent) {
  const element = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
  if (parent) parent.appendChild(element);
  return element;
}

// Small multiples: a chart per class, side by side, each with its own y axis (a bus or two would be flat beside
// dozens of cars). The solid line is the mean in view per frame, the dashed one the peak in one frame; a bucket
// without frames has no point (no frame is not zero road users).
function drawCharts(buckets, bucket) {
  const charts = CLASSES.map(([name, colour]) => {
    const figure = document.createElement('figure');
    figure.className = 'small-chart';
    const caption = document.createElement('figcaption');
    caption.textContent = name + 's in view';
    figure.append(caption, chartOf(buckets, bucket, name, colour));
    return figure;
  });
  $('chart').replaceChildren(...charts);
}

function chartOf(buckets, bucket, name, colour) {
  const width = 340, height = 170, left = 34, right = 8, top = 8, bottom = 34;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, 'data-class': name });
  const max = Math.max(1, ...buckets.map((b) => b.inView[name].peak));
  const x = (i) => left + (buckets.length <= 1 ? 0 : i * (width - left - right) / (buckets.length - 1));
  const y = (v) => height - bottom - v * (height - top - bottom) / max;
  svg('line', { x1: left, y1: y(0), x2: width - right, y2: y(0), class: 'axis' }, chart);
  svg('line', { x1: left, y1: y(0), x2: left, y2: y(max), class: 'axis' }, chart);
  svg('text', { x: left - 4, y: y(max) + 4, 'text-anchor': 'end' }, chart).textContent = String(max);
  svg('text', { x: left - 4, y: y(0) + 4, 'text-anchor': 'end' }, chart).textContent = '0';
  svg('text', { x: 10, y: (top + height - bottom) / 2, transform: `rotate(-90 10 ${(top + height - bottom) / 2})`,
    'text-anchor': 'middle' }, chart).textContent = 'per frame';
  const step = Math.max(1, Math.ceil(buckets.length / 5));
  buckets.forEach((b, i) => {
    if (i % step === 0) {
      svg('text', { x: x(i), y: height - 18, 'text-anchor': 'middle' }, chart).textContent =
        bucket === 'hour' ? b.start.slice(11, 16) : b.start.slice(5, 10);
    }
  });
  svg('text', { x: width - right, y: height - 4, 'text-anchor': 'end' }, chart).textContent =
    'mean (solid), peak (dashed)';
  const seen = buckets.map((b, i) => [b, i]).filter(([b]) => b.inView[name].mean !== null);
  svg('polyline', { points: seen.map(([b, i]) => x(i) + ',' + y(b.inView[name].peak)).join(' '), fill: 'none',
    stroke: colour, 'stroke-width': 1, 'stroke-dasharray': '4 3', class: 'peak' }, chart);
  svg('polyline', { points: seen.map(([b, i]) => x(i) + ',' + y(b.inView[name].mean)).join(' '), fill: 'none',
    stroke: colour, 'stroke-width': 2, class: 'mean' }, chart);
  return chart;
}

// Why a frame has no image to show: an erasure deleted it, S3 did at the end of the retention period, or it was
// never kept.
function imageGone(f) {
  if (f.imagesErasedAt) return 'image erased on ' + f.imagesErasedAt.slice(0, 10) + ' (on request)';
  if (f.imagesExpiredAt) return 'image deleted on ' + f.imagesExpiredAt.slice(0, 10) + ' (retention period)';
  if (!f.images.annotated && !f.images.original) return 'no image kept' + (f.imagesWithheld ? ': ' + f.imagesWithheld : '');
  return null;
}

async function loadFrames() {
  let answer;
  try {
    answer = await framesPage();
  } catch (e) {
    // a key that reads counts only is refused the frames (403), not the dashboard: say so where they would be
    if (!(e instanceof KeyRefused)) throw e;
    const note = document.createElement('p');
    note.className = 'image-gone';
    note.textContent = 'This key reads counts only: no frames or images (' + e.message + ')';
    $('frames').replaceChildren(note);
    show('more-frames', false);
    return;
  }
  showFrames(answer);
}

async function framesPage() {
  const query = 'limit=12' + (nextFrames ? '&before=' + encodeURIComponent(nextFrames) : '')
    + ($('with-images').checked ? '&withImages=true' : '');
  return api('cameras/' + selected.cameraId + '/frames?' + query);
}

function showFrames(answer) {
  for (const f of answer.frames) {
    const figure = document.createElement('figure');
    figure.dataset.frameId = f.frameId;
    const gone = imageGone(f);
    let img;
    if (gone) {
      img = document.createElement('p');
      img.className = 'image-gone';
      img.textContent = gone;
    } else {
      img = document.createElement('img');
      img.src = f.images.annotated || f.images.original;
      img.alt = (f.status === 'DISTORTED' ? 'distorted frame' : 'annotated frame') + ' of ' + when(f.capturedAt);
      img.loading = 'lazy';
    }
    const caption = document.createElement('figcaption');
    const seen = CLASSES.filter(([name]) => f.counts[name] > 0).map(([name]) => f.counts[name] + ' ' + name).join(', ');
    caption.textContent = when(f.capturedAt) + ' - ' + (f.status === 'DISTORTED' ? 'distorted (' + f.distortionReason + ')' : seen || 'nothing counted');
    if (gone || !selected.countingZones) {
      figure.append(img, caption);
    } else {
      const shot = document.createElement('div');
      shot.className = 'shot';
      shot.append(img, zoneOverlay(selected.countingZones));
      figure.append(shot, caption);
    }
    figure.addEventListener('click', () => run(() => openFrame(f.frameId)));
    $('frames').appendChild(figure);
  }
  nextFrames = answer.next;
  show('more-frames', Boolean(nextFrames));
}

// The camera's counting zones over a frame: polygons "x,y x,y x,y;..." in 0..1 of the image, stretched with it.
function zoneOverlay(zones) {
  const overlay = svg('svg', { viewBox: '0 0 1 1', preserveAspectRatio: 'none', class: 'zones' });
  for (const ring of zones.split(';')) {
    svg('polygon', { points: ring, class: 'zone', 'vector-effect': 'non-scaling-stroke' }, overlay);
  }
  return overlay;
}

async function openFrame(frameId) {
  const f = await api('frames/' + frameId);
  show('camera', false);
  show('frame', true);
  $('frame-title').textContent = place(f) + ', ' + when(f.capturedAt);
  const gone = imageGone(f);
  show('frame-image', !gone);
  show('frame-image-gone', Boolean(gone));
  $('frame-image-gone').textContent = gone || '';
  if (!gone) $('frame-image').src = f.images.annotated || f.images.original;
  show('original-link', Boolean(f.images.original));
  if (f.images.original) $('original-link').href = f.images.original;
  const body = $('detections').tBodies[0];
  body.replaceChildren();
  for (const d of f.detections) {
    const row = body.insertRow();
    cell(row, d.label);
    cell(row, d.score.toFixed(2), 'number');
    cell(row, [d.box.xmin, d.box.ymin, d.box.xmax, d.box.ymax].join(', '));
    cell(row, d.counted === false ? 'no, outside the counting zones' : 'yes');
  }
  window.scrollTo(0, 0);
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY_ITEM, $('viewer-key').value.trim());
  $('viewer-key').value = '';
  run(loadCameras);
});
$('forget-key').addEventListener('click', () => { selected = null; askForKey(null); });
$('range').addEventListener('change', () => run(loadCounts));
$('more-frames').addEventListener('click', () => run(loadFrames));
$('with-images').addEventListener('change', () => run(async () => {
  nextFrames = null;
  $('frames').replaceChildren();
  await loadFrames();
}));
$('more-cameras').addEventListener('click', () => run(() => loadCameras(true)));
$('close-frame').addEventListener('click', () => { show('frame', false); show('camera', true); });

if (sessionStorage.getItem(KEY_ITEM)) run(loadCameras); else askForKey(null);
