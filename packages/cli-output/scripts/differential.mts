// Prints the differential corpus summary: cases, differences, and each difference.
// Run: node --conditions=@handson/source --import=tsx scripts/differential.mts
import {
  agrees,
  corpusCases,
  fixtureFiles,
  referenceUnavailable,
  runOurs,
  runReference,
} from '../test/differential';

const unavailable = referenceUnavailable();
if (unavailable) {
  console.error(unavailable);
  process.exit(2);
}
const cases = corpusCases();
const reference = runReference(cases);
let differences = 0;
let refusals = 0;
cases.forEach((c, i) => {
  const expected = reference[i] ?? {};
  const ours = runOurs(c);
  if (expected.error !== undefined) refusals++;
  if (!agrees(expected, ours)) {
    differences++;
    console.log(
      `DIFF ${c.name}\n--- aws cli\n${expected.stdout ?? expected.error}\n--- ours\n${ours.stdout ?? ours.error}`,
    );
  }
});
console.log(
  `${fixtureFiles().length} response shapes, ${cases.length} cases (${refusals} the CLI refuses), ${differences} differences`,
);
process.exit(differences ? 1 : 0);
