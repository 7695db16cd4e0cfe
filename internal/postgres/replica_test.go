package postgres_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestOpenWithReplica checks that a Store opened with a read DSN writes
// to the primary and reads from the other server. With a streaming
// replica of the test server (ROSTRUM_TEST_POSTGRES_REPLICA, which
// .ci/postgres.sh exports when it starts one), a document written
// through the Store becomes readable through it once the replica has
// caught up, and the replica refuses writes. Without one, the read DSN
// names another schema of the same server, holding another archive: the
// Store reads that archive, not the one it writes, which shows that
// every read goes to the read DSN.
func TestOpenWithReplica(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	schema, primary := pgtest.Schema(t, pgtest.DSN(t), "test_")
	docs := searchtest.Fixtures()
	raw := func(d *transcript.Document) transcript.Raw {
		return transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}
	}

	if replica := os.Getenv("ROSTRUM_TEST_POSTGRES_REPLICA"); replica != "" {
		// The replica has the primary's schemas, this one included, once
		// it has replayed its creation: Open the primary first, so that
		// the archive exists, then wait for the replica to have it.
		readDSN := pgtest.WithParam(t, replica, "search_path", schema)
		p, err := postgres.Open(ctx, primary)
		if err != nil {
			t.Fatal(err)
		}
		p.Close()
		var s *postgres.Store
		for deadline := time.Now().Add(10 * time.Second); ; {
			s, err = postgres.OpenWithReplica(ctx, primary, readDSN)
			if err == nil || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("OpenWithReplica: the replica has no archive 10 s after the primary got one: %v", err)
		}
		defer s.Close()
		if _, err := s.Put(ctx, docs[0], raw(docs[0])); err != nil {
			t.Fatalf("Put through the primary: %v", err)
		}
		var got *transcript.Document
		start := time.Now()
		for deadline := start.Add(10 * time.Second); ; {
			got, err = s.Document(ctx, docs[0].ID)
			if err == nil || !errors.Is(err, transcript.ErrNotFound) || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil || got.Title != docs[0].Title {
			t.Fatalf("Document through the replica 10 s after Put: %v, %v", got, err)
		}
		t.Logf("the replica had the document %s after Put", time.Since(start).Round(time.Millisecond))
		if st, err := s.Stats(ctx); err != nil || st.Documents != 1 {
			t.Errorf("Stats through the replica = %d documents, %v; want 1", st.Documents, err)
		}
		// Writes through the replica's DSN are refused.
		r, err := postgres.Open(ctx, readDSN)
		if err != nil {
			t.Fatalf("Open on the replica: %v", err)
		}
		defer r.Close()
		if !r.ReadOnly() {
			t.Error("Open on the replica: ReadOnly() = false")
		}
		if _, err := r.Put(ctx, docs[1], raw(docs[1])); err == nil {
			t.Error("Put through the replica's DSN succeeded")
		}
		return
	}

	// No replica: the read DSN is another schema, with an archive of its
	// own holding one other document.
	otherSchema, other := pgtest.Schema(t, pgtest.DSN(t), "test_")
	o, err := postgres.Open(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Put(ctx, docs[1], raw(docs[1])); err != nil {
		t.Fatal(err)
	}
	o.Close()

	s, err := postgres.OpenWithReplica(ctx, primary, other)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res, err := s.Put(ctx, docs[0], raw(docs[0])); err != nil || res.Status != transcript.Inserted {
		t.Fatalf("Put = %v, %v; want inserted", res, err)
	}
	// The write went to the primary...
	p, err := postgres.Open(ctx, primary)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.Document(ctx, docs[0].ID); err != nil {
		t.Errorf("the primary lacks the document put through the Store: %v", err)
	}
	// ...and every read goes to the read DSN, which has docs[1] only.
	if _, err := s.Document(ctx, docs[0].ID); !errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("Document(%s) = %v; want ErrNotFound from the read DSN", docs[0].ID, err)
	}
	if _, err := s.Document(ctx, docs[1].ID); err != nil {
		t.Errorf("Document(%s): %v; want the read DSN's document", docs[1].ID, err)
	}
	if _, err := s.Versions(ctx, docs[1].ID); err != nil {
		t.Errorf("Versions: %v", err)
	}
	if _, err := s.DocumentVersion(ctx, docs[1].ID, 1); err != nil {
		t.Errorf("DocumentVersion: %v", err)
	}
	if _, err := s.RawInput(ctx, docs[1].ID, 1); err != nil {
		t.Errorf("RawInput: %v", err)
	}
	n := 0
	for d, err := range s.Documents(ctx) {
		if err != nil || d.ID != docs[1].ID {
			t.Errorf("Documents yielded %v, %v; want only %s", d, err, docs[1].ID)
		}
		n++
	}
	if n != 1 {
		t.Errorf("Documents yielded %d documents, want 1", n)
	}
	if st, err := s.Stats(ctx); err != nil || st.Documents != 1 || st.Versions != 1 {
		t.Errorf("Stats = %+v, %v; want the read DSN's 1 document", st, err)
	}
	if g, err := s.Generation(ctx); err != nil || g != 1 {
		t.Errorf("Generation = %d, %v; want the read DSN's 1", g, err)
	}
	if got, err := s.DocumentsAt(ctx, []string{docs[0].URL, docs[1].URL}); err != nil || len(got) != 1 || got[docs[1].URL] != docs[1].ID {
		t.Errorf("DocumentsAt = %v, %v; want only %s", got, err, docs[1].ID)
	}
	q, err := search.ParseQuery(docs[0].Title)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, &transcript.SearchRequest{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ID == docs[0].ID {
			t.Errorf("Search found %s, which only the primary holds", docs[0].ID)
		}
	}

	// The read side is never migrated: an empty schema is refused.
	_, empty := pgtest.Schema(t, pgtest.DSN(t), "test_")
	if _, err := postgres.OpenWithReplica(ctx, primary, empty); err == nil || !strings.Contains(err.Error(), "no archive here") {
		t.Errorf("OpenWithReplica with an empty read schema: err = %v, want no archive", err)
	}
	// Nor is the read side's schema version anything but this program's.
	if _, err := pgtest.DB(t, pgtest.DSN(t)).ExecContext(ctx, `INSERT INTO `+otherSchema+`.schema_migrations (version, name) VALUES (999, 'future.sql')`); err != nil {
		t.Fatal(err)
	}
	var sv *postgres.SchemaVersionError
	if _, err := postgres.OpenWithReplica(ctx, primary, other); !errors.As(err, &sv) {
		t.Errorf("OpenWithReplica with a newer read schema: err = %v, want a SchemaVersionError", err)
	}
}
