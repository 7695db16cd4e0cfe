package storetest

import (
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// PutBatchOrder checks that of two concurrent PutBatch calls on s, the
// later one writes last even when it is ready first. hook is the store's
// write-order hook (sqlstore.Order.Hook), called with "ticket" when a
// call has taken its place and "wait" when it starts waiting for an
// earlier one. The first call is held after taking its place until the
// second is waiting for it; both change the same document.
func PutBatchOrder(t *testing.T, s transcript.Store, hook *func(stage string)) {
	first, second := Synthetic(1), Synthetic(1)
	first.Title, second.Title = "first", "second"

	ticketed, release, waiting := make(chan struct{}), make(chan struct{}), make(chan struct{})
	calls := 0
	*hook = func(stage string) {
		switch {
		case stage == "ticket" && calls == 0: // the first call
			calls++
			close(ticketed)
			<-release
		case stage == "wait": // the second call, ready and waiting
			close(waiting)
		}
	}
	defer func() { *hook = nil }()
	done := make(chan []error, 1)
	go func() {
		_, errs := s.PutBatch(t.Context(), []*transcript.Document{first}, []transcript.Raw{{Origin: "first"}})
		done <- errs
	}()
	<-ticketed
	second2 := make(chan []error, 1)
	go func() {
		_, errs := s.PutBatch(t.Context(), []*transcript.Document{second}, []transcript.Raw{{Origin: "second"}})
		second2 <- errs
	}()
	select {
	case <-waiting:
	case <-time.After(30 * time.Second):
		close(release)
		t.Fatal("the second PutBatch call never waited for the first")
	}
	close(release)
	for _, errs := range [][]error{<-done, <-second2} {
		if errs[0] != nil {
			t.Fatal(errs[0])
		}
	}
	doc, err := s.Document(t.Context(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "second" {
		t.Errorf("current title %q, want %q: the later call must write last", doc.Title, "second")
	}
	vs, err := s.Versions(t.Context(), first.ID)
	if err != nil || len(vs) != 2 || vs[0].Origin != "first" || vs[1].Origin != "second" {
		t.Errorf("versions %+v (%v), want first then second", vs, err)
	}
}
