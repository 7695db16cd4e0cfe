//go:build race

package sqlite

// raceEnabled reports whether the tests run under the race detector,
// which makes the own index's Go code many times slower: the test that
// compares it with FTS5 then runs a subset, and .ci/run runs it whole
// without the detector.
const raceEnabled = true
