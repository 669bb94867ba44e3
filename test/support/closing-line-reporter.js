// Writes jest's totals where scripts/test.sh can read them; the script prints CI's closing line
// ("N passed, N failed, N skipped") last, after lint and typecheck have been counted too.
const fs = require('node:fs');
const path = require('node:path');

class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const totals = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    const file =
      process.env.BERTH_JEST_TOTALS ?? path.join(__dirname, '../../.berth/jest-totals.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(totals));
  }
}

module.exports = ClosingLineReporter;
