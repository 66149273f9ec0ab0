// `tsx scripts/gceb.ts ...` (npm start): the same entry point as the `gceb` bin.
import '../bin/gceb.js';
