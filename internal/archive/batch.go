package archive

import (
	"fmt"
	"iter"

	"github.com/rostrum/rostrum/internal/transcript"
)

// DocumentRow is a document as a batch of Documents reads it: its date
// ("" when undated), its id and the stored JSON of its current version.
type DocumentRow struct {
	Date, ID string
	JSON     []byte
}

// ScanDocuments reads rows of date, id and JSON, and closes them.
func ScanDocuments(rows Rows) ([]DocumentRow, error) {
	defer rows.Close()
	var batch []DocumentRow
	for rows.Next() {
		var b DocumentRow
		if err := rows.Scan(&b.Date, &b.ID, &b.JSON); err != nil {
			return nil, err
		}
		batch = append(batch, b)
	}
	return batch, rows.Err()
}

// Documents yields the documents that next reads in batches of size
// documents, as transcript.Store's Documents requires: dated ones first by
// date then id, then undated ones by id. next(true, date, id) reads the
// dated documents after (date, id), in that order; next(false, "", id)
// the undated ones after id. An error is wrapped with op ("sqlite:
// documents"); one of next ends the iteration, one decoding a document
// names it.
func Documents(op string, size int, next func(dated bool, date, id string) ([]DocumentRow, error)) iter.Seq2[*transcript.Document, error] {
	return func(yield func(*transcript.Document, error) bool) {
		var date, id string
		dated := true
		for {
			batch, err := next(dated, date, id)
			if err != nil {
				yield(nil, fmt.Errorf("%s: %w", op, err))
				return
			}
			for _, b := range batch {
				doc, err := Decode(b.JSON)
				if err != nil {
					err = fmt.Errorf("%s: %s: %w", op, b.ID, err)
				}
				if !yield(doc, err) {
					return
				}
			}
			if len(batch) > 0 {
				last := batch[len(batch)-1]
				date, id = last.Date, last.ID
			}
			if len(batch) < size {
				if !dated {
					return
				}
				dated, date, id = false, "", ""
			}
		}
	}
}

// FetchRow is a fetch as a batch of Fetches reads it: its id in the log,
// and its body still as raw_inputs holds it (see Unpack).
type FetchRow struct {
	ID          int64
	Fetch       transcript.Fetch
	Size        int64
	Compression string
	Data        []byte
}

// Fetches yields the fetches that next reads in batches of size, each
// with its body unpacked, as transcript.CrawlLog's AllFetches requires:
// next(after) reads the fetches whose id is above after, by id. An error
// is wrapped with op ("sqlite: all fetches") and ends the iteration.
func Fetches(op string, size int, next func(after int64) ([]FetchRow, error)) iter.Seq2[transcript.Fetch, error] {
	return func(yield func(transcript.Fetch, error) bool) {
		var after int64
		for {
			batch, err := next(after)
			if err != nil {
				yield(transcript.Fetch{}, fmt.Errorf("%s: %w", op, err))
				return
			}
			for _, b := range batch {
				f := b.Fetch
				if f.Hash != "" {
					if f.Bytes, err = Unpack(f.Hash, b.Size, b.Compression, b.Data); err != nil {
						yield(transcript.Fetch{}, fmt.Errorf("%s: fetch %d: %w", op, b.ID, err))
						return
					}
				}
				if !yield(f, nil) {
					return
				}
			}
			if len(batch) < size {
				return
			}
			after = batch[len(batch)-1].ID
		}
	}
}

// ScanKeyed reads rows of a document's key and the JSON of its current
// version, and closes them: the batches that rebuild a search index.
func ScanKeyed(rows Rows) (keys []int64, docs []*transcript.Document, err error) {
	defer rows.Close()
	for rows.Next() {
		var key int64
		var js []byte
		if err := rows.Scan(&key, &js); err != nil {
			return nil, nil, err
		}
		doc, err := Decode(js)
		if err != nil {
			return nil, nil, fmt.Errorf("document key %d: %w", key, err)
		}
		keys, docs = append(keys, key), append(docs, doc)
	}
	return keys, docs, rows.Err()
}
