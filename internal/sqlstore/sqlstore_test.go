package sqlstore

import (
	"slices"
	"testing"
	"time"
)

func TestQ(t *testing.T) {
	pg, lite := &Dialect{Numbered: true}, &Dialect{}
	for _, c := range []struct{ in, pg string }{
		{`SELECT 1`, `SELECT 1`},
		{`WHERE a = ? AND b = ?`, `WHERE a = $1 AND b = $2`},
		{`WHERE a = ?1 OR b = ?1 AND c = ?2`, `WHERE a = $1 OR b = $1 AND c = $2`},
		{`LIMIT ?`, `LIMIT $1`},
	} {
		for range 2 { // the second from the cache
			if got := pg.Q(c.in); got != c.pg {
				t.Errorf("Q(%q) = %q, want %q", c.in, got, c.pg)
			}
		}
		if got := lite.Q(c.in); got != c.in {
			t.Errorf("unnumbered Q(%q) = %q, want it unchanged", c.in, got)
		}
	}
}

func TestTimeScan(t *testing.T) {
	want := time.Date(2025, 2, 5, 10, 0, 0, 123456789, time.UTC)
	for _, v := range []any{"2025-02-05T10:00:00.123456789Z", []byte("2025-02-05T10:00:00.123456789Z"),
		want.In(time.FixedZone("MSK", 3*3600))} {
		var got Time
		if err := got.Scan(v); err != nil || !got.Valid || !got.Time.Equal(want) || got.Time.Location() != time.UTC {
			t.Errorf("Scan(%#v) = %v, %v, %v; want %v in UTC", v, got.Time, got.Valid, err, want)
		}
	}
	var got Time
	if err := got.Scan(nil); err != nil || got.Valid {
		t.Errorf("Scan(nil) = %+v, %v; want not valid", got, err)
	}
	if err := got.Scan("yesterday"); err == nil {
		t.Error("Scan(yesterday) succeeded")
	}
	if err := got.Scan(42); err == nil {
		t.Error("Scan(42) succeeded")
	}
}

// TestOrder: each call's wait returns only once every call that took its
// place before it is done, whatever order they finish preparing in.
func TestOrder(t *testing.T) {
	var o Order
	var stages []string
	o.Hook = func(stage string) { stages = append(stages, stage) }
	wait1, done1 := o.Take()
	wait2, done2 := o.Take()
	wait1() // the first waits for nobody
	waited := make(chan struct{})
	go func() {
		wait2()
		close(waited)
	}()
	select {
	case <-waited:
		t.Fatal("the second call's wait returned before the first call was done")
	case <-time.After(50 * time.Millisecond):
	}
	done1()
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		t.Fatal("the second call's wait did not return once the first was done")
	}
	done2()
	wait3, done3 := o.Take()
	wait3() // the calls before it are done
	done3()
	if want := []string{"ticket", "ticket", "wait", "ticket", "wait"}; !slices.Equal(stages, want) {
		t.Errorf("hook stages %v, want %v", stages, want)
	}
}
