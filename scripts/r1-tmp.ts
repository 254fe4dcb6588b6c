import { loadDivisions } from '/work/main/src/data/divisions.js';
import { createMessageReader } from '/work/main/src/domain/message-reader.js';
import { createPlaceIndex } from '/work/main/src/domain/places.js';
const read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });
for (const t of process.argv.slice(2)) { const g = read(t); console.log(t, g.intent, g.optOut, g.source, g.reading, g.clarify ?? ''); }
