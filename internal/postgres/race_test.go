//go:build race

package postgres_test

// raceEnabled is set when the tests run under the race detector, which
// makes the SQLite engine's WebAssembly-derived code about ten times
// slower: TestAgreesWithSQLite then compares a sample.
const raceEnabled = true
