// Generates random consent models with a fixed seed, encodes them with the IAB reference libraries
// and prints one JSON line per model: {"string": ..., "model": ...}, the model being what the
// reference decodes from its own string, in Tutela's JSON shape.
//
// Usage: node generate.js tcf|gpp COUNT SEED
'use strict';

const { TCModel, SegmentEncoder, Segment, PurposeRestriction } = require('@iabtechlabtcf/core');
const { GppModel } = require('@iabgpp/cmpapi');
const { tcfModel, gppModel, USNAT_FIELDS } = require('./model.js');

const [kind, countText, seedText] = process.argv.slice(2);
const count = Number(countText);
let seed = Number(seedText) >>> 0;

// mulberry32: a small seeded generator, so every run makes the same models.
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const chance = (p) => random() < p;
const pick = (items) => items[int(0, items.length - 1)];
const letters = () => String.fromCharCode(int(65, 90), int(65, 90));

const MAX_VENDOR = 2000;

/** A random subset of 1..max, built in one of several shapes so both vendor encodings occur. */
function idSet(max) {
  const ids = new Set();
  switch (int(0, 4)) {
    case 0: // empty
      break;
    case 1: // sparse
      for (let i = int(1, 8); i > 0; i--) ids.add(int(1, max));
      break;
    case 2: // dense
      for (let id = 1; id <= max; id++) if (chance(0.5)) ids.add(id);
      break;
    case 3: { // a few runs
      for (let runs = int(1, 5); runs > 0; runs--) {
        const start = int(1, max);
        const end = Math.min(max, start + int(0, 60));
        for (let id = start; id <= end; id++) ids.add(id);
      }
      break;
    }
    default: // small ids only
      for (let id = 1; id <= Math.min(max, 45); id++) if (chance(0.3)) ids.add(id);
  }
  return Array.from(ids);
}

function vendorMax() {
  return pick([10, 45, 46, 100, 700, MAX_VENDOR]);
}

// The reference's TCString.encode needs a Global Vendor List and drops choices the list does not
// allow; the segment encoder underneath writes the model as it is, which is what is compared here.
// The publisher restriction encoder still asks a vendor list which ids exist (to merge ranges over
// gaps): every id does.
const ALL_VENDORS = { vendorIds: new Set(Array.from({ length: MAX_VENDOR }, (_, i) => i + 1)) };

/** A random TC string; `forGpp` makes it service-specific with every segment, as GPP requires. */
function randomTcString(forGpp) {
  const m = new TCModel();
  const instant = () => new Date(int(15000000000, 19000000000) * 100);
  m.created = instant();
  m.lastUpdated = instant();
  m.cmpId = int(2, 4095);
  m.cmpVersion = int(0, 4095);
  m.consentScreen = int(0, 63);
  m.consentLanguage = letters();
  m.vendorListVersion = int(0, 4095);
  m.policyVersion = int(0, 63);
  m.isServiceSpecific = forGpp || chance(0.5);
  m.useNonStandardTexts = chance(0.5);
  m.purposeOneTreatment = chance(0.5);
  m.publisherCountryCode = letters();
  m.specialFeatureOptins.set(idSet(12));
  m.purposeConsents.set(idSet(24));
  m.purposeLegitimateInterests.set(idSet(24));
  m.vendorConsents.set(idSet(vendorMax()));
  m.vendorLegitimateInterests.set(idSet(vendorMax()));
  m.vendorsDisclosed.set(idSet(vendorMax()));
  m.vendorsAllowed.set(idSet(vendorMax()));
  m.publisherRestrictions.gvl = ALL_VENDORS;
  addRestrictions(m);
  m.publisherConsents.set(idSet(24));
  m.publisherLegitimateInterests.set(idSet(24));
  m.numCustomPurposes = int(0, 20);
  if (m.numCustomPurposes > 0) {
    m.publisherCustomConsents.set(idSet(m.numCustomPurposes));
    m.publisherCustomLegitimateInterests.set(idSet(m.numCustomPurposes));
  }
  // Segments in the order Tutela writes them; strings from before TCF v2.3 lack disclosed vendors.
  const segments = [Segment.CORE];
  if (forGpp || chance(0.9)) segments.push(Segment.VENDORS_DISCLOSED);
  if (!forGpp && chance(0.2)) segments.push(Segment.VENDORS_ALLOWED);
  if (forGpp || chance(0.4)) segments.push(Segment.PUBLISHER_TC);
  return segments.map((segment) => SegmentEncoder.encode(m, segment)).join('.');
}

function addRestrictions(m) {
  // Added in purpose-then-type order: the reference writes restrictions in the order they were
  // added, Tutela in that canonical order.
  const chosen = new Map();
  for (let n = int(0, 4); n > 0; n--) {
    const purpose = int(1, 24);
    const type = int(0, 2);
    chosen.set(purpose * 4 + type, [purpose, type]);
  }
  for (const [purpose, type] of [...chosen.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
    const vendors = idSet(vendorMax());
    if (vendors.length === 0) vendors.push(int(1, MAX_VENDOR));
    for (const v of vendors) m.publisherRestrictions.add(v, new PurposeRestriction(purpose, type));
  }
}

function randomGppString() {
  const gpp = new GppModel();
  const sections = ['tcfeuv2', 'uspv1', 'usnat'].filter(() => chance(0.6));
  if (sections.length === 0) sections.push(pick(['tcfeuv2', 'uspv1', 'usnat']));
  for (const section of sections) {
    if (section === 'tcfeuv2') {
      gpp.decodeSection('tcfeuv2', randomTcString(true));
    } else if (section === 'uspv1') {
      for (const field of ['Notice', 'OptOutSale', 'LspaCovered']) gpp.setFieldValue('uspv1', field, pick(['Y', 'N', '-']));
    } else {
      for (const [, field] of USNAT_FIELDS) {
        if (field === 'Version') continue;
        if (field === 'SensitiveDataProcessing') gpp.setFieldValue('usnat', field, Array.from({ length: 16 }, () => int(0, 2)));
        else if (field === 'KnownChildSensitiveDataConsents') gpp.setFieldValue('usnat', field, Array.from({ length: 3 }, () => int(0, 2)));
        else if (field === 'MspaCoveredTransaction') gpp.setFieldValue('usnat', field, int(1, 2));
        else gpp.setFieldValue('usnat', field, int(0, 2));
      }
      const included = chance(0.6);
      gpp.setFieldValue('usnat', 'GpcSegmentIncluded', included);
      if (included) gpp.setFieldValue('usnat', 'Gpc', chance(0.5));
    }
  }
  return gpp.encode();
}

for (let i = 0; i < count; i++) {
  const string = kind === 'gpp' ? randomGppString() : randomTcString(false);
  const model = kind === 'gpp' ? gppModel(string) : tcfModel(string);
  process.stdout.write(JSON.stringify({ string, model }) + '\n');
}
