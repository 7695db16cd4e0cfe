package cli

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestParseBytes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"off", 0},
		{"OFF", 0},
		{"1048576", 1 << 20},
		{"400MB", 400_000_000},
		{"400 MB", 400_000_000},
		{"400mb", 400_000_000},
		{"384MiB", 384 << 20},
		{"384M", 384 << 20},
		{"1.5GiB", 3 << 29},
		{"2G", 2 << 30},
		{"1GB", 1_000_000_000},
		{"512KiB", 512 << 10},
		{"10B", 10},
	} {
		got, err := ParseBytes(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "MB", "-1MB", "ten", "1XB", "1e400", "NaN", "9EiB", "100000000TB"} {
		if n, err := ParseBytes(in); err == nil {
			t.Errorf("ParseBytes(%q) = %d, want an error", in, n)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{512 << 10: "512 KiB", 384 << 20: "384 MiB", 3 << 29: "1536 MiB", 1<<20 + 1<<19: "1.5 MiB", 193_810_432: "184.8 MiB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSetMemoryLimit(t *testing.T) {
	orig := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(orig)

	SetMemoryLimit(300 << 20)
	if got := debug.SetMemoryLimit(-1); got != 300<<20 {
		t.Fatalf("limit = %d, want %d", got, 300<<20)
	}
	if before := SetMemoryLimit(0); before != 300<<20 {
		t.Fatalf("SetMemoryLimit(0) returned %d, want the limit before, %d", before, 300<<20)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("limit after 0 = %d, want none (%d)", got, int64(math.MaxInt64))
	}
}
