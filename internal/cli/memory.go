package cli

import (
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
)

// byteUnits are the suffixes ParseBytes knows, longest first so that
// "MiB" is not read as "B".
var byteUnits = []struct {
	suffix string
	n      float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40},
	{"B", 1},
}

// ParseBytes reads a size such as 400MB, 512MiB, 1.5GB or 1048576 (bytes):
// KB, MB, GB and TB are powers of 1000; KiB, MiB, GiB, TiB and the
// single letters K, M, G, T are powers of 1024. Case does not matter and
// a space may stand between the number and the unit. "off" and "0" are 0.
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if strings.EqualFold(t, "off") {
		return 0, nil
	}
	mult := 1.0
	for _, u := range byteUnits {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.n
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a size: want a number of bytes with an optional unit, such as 400MB or 1GiB", s)
	}
	n := v * mult
	if n >= math.MaxInt64 {
		return 0, fmt.Errorf("%q is too large a size", s)
	}
	return int64(n), nil
}

// FormatBytes writes n in MiB to a tenth (or KiB when smaller), as a
// reader of a memory figure wants it.
func FormatBytes(n int64) string {
	if n < 1<<20 {
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0") + " MiB"
}

// SetMemoryLimit makes limit (bytes; 0 for none) the Go runtime's soft
// memory limit, as GOMEMLIMIT would, and returns the limit in force
// before. The collector then runs as often as it must to keep the
// runtime's memory under it, and returns freed memory to the system
// promptly instead of keeping it for later; past the limit the program
// slows down, it does not fail.
func SetMemoryLimit(limit int64) (before int64) {
	if limit <= 0 {
		return debug.SetMemoryLimit(math.MaxInt64)
	}
	return debug.SetMemoryLimit(limit)
}
