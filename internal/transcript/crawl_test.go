package transcript_test

import (
	"errors"
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

func TestFetchCheck(t *testing.T) {
	const helloSum = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" // sha256("hello")
	tests := []struct {
		name     string
		f        transcript.Fetch
		ok       bool
		wantHash string
	}{
		{"body fills the hash", transcript.Fetch{URL: "http://x/1", Outcome: transcript.FetchNew, Status: 200, Bytes: []byte("hello")}, true, helloSum},
		{"matching hash", transcript.Fetch{URL: "http://x/1", Outcome: transcript.FetchNew, Bytes: []byte("hello"), Hash: helloSum}, true, helloSum},
		{"no body keeps the hash", transcript.Fetch{URL: "http://x/1", Outcome: transcript.FetchNotModified, Status: 304, Hash: "abc"}, true, "abc"},
		{"empty body is a body", transcript.Fetch{URL: "http://x/1", Outcome: transcript.FetchMissing, Status: 404, Bytes: []byte{}}, true, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"no URL", transcript.Fetch{Outcome: transcript.FetchNew}, false, ""},
		{"unknown outcome", transcript.Fetch{URL: "http://x/1", Outcome: "fetched"}, false, ""},
		{"negative status", transcript.Fetch{URL: "http://x/1", Outcome: transcript.FetchFailed, Status: -1}, false, ""},
		{"negative version", transcript.Fetch{URL: "http://x/1", Outcome: transcript.FetchNew, Version: -2}, false, ""},
		{"wrong hash", transcript.Fetch{URL: "http://x/1", Outcome: transcript.FetchNew, Bytes: []byte("hello"), Hash: "00"}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Check()
			if tt.ok {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				if tt.f.Hash != tt.wantHash {
					t.Errorf("hash %q, want %q", tt.f.Hash, tt.wantHash)
				}
				return
			}
			if !errors.Is(err, transcript.ErrInvalid) {
				t.Errorf("Check: %v, want ErrInvalid", err)
			}
		})
	}
}

func TestEdition(t *testing.T) {
	tests := []struct{ origin, url, want string }{
		{"http://special.kremlin.ru/events/president/news/1", "http://kremlin.ru/events/president/news/1", "special"},
		{"https://en.special.kremlin.ru/events/president/news/1", "", "special"},
		{"https://en.kremlin.ru/events/president/news/1", "", "main"},
		{"http://127.0.0.1:8080/events/president/news/1", "http://special.kremlin.ru/x", "main"}, // the origin decides when it is a URL
		{"pages/67763.html", "http://en.special.kremlin.ru/events/president/news/67763", "special"},
		{"pages/67763.html", "", "main"},
		{"-", "http://en.kremlin.ru/events/president/news/1", "main"},
		{"https://specialist.example.org/x", "", "main"}, // a label, not a substring
	}
	for _, tt := range tests {
		if got := transcript.Edition(tt.origin, tt.url); got != tt.want {
			t.Errorf("Edition(%q, %q) = %q, want %q", tt.origin, tt.url, got, tt.want)
		}
	}
}
