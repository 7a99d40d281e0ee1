// Prints the differential corpus summary: cases, differences, and each difference.
// Run: node --conditions=@handson/source --import=tsx scripts/differential.mts
import {
  agrees,
  corpusCases,
  fixtureFiles,
  randomCases,
  referenceUnavailable,
  runOurs,
  runReference,
} from '../test/differential';

const unavailable = referenceUnavailable();
if (unavailable) {
  console.error(unavailable);
  process.exit(2);
}
function compare(label: string, cases: ReturnType<typeof corpusCases>): number {
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
    `${label}: ${cases.length} cases (${refusals} the CLI refuses too), ${differences} differences`,
  );
  return differences;
}

const corpus = compare(`corpus of ${fixtureFiles().length} response shapes`, corpusCases());
const random = compare('seeded random shapes and queries', randomCases());
process.exit(corpus + random ? 1 : 0);
