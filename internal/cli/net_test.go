package cli

import (
	"errors"
	"net"
	"os"
	"strings"
	"testing"
)

func TestListen(t *testing.T) {
	taken, err := Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	addr := taken.Addr().String()
	if _, err := Listen(addr, false); err == nil || err.Error() != addr+" is in use by another program: stop it, or choose another address with --addr" {
		t.Errorf("Listen on a port in use: %v", err)
	}
	ln, err := Listen(addr, true)
	if err != nil {
		t.Fatalf("Listen with fallback on a port in use: %v", err)
	}
	defer ln.Close()
	if ln.Addr().String() == addr || !strings.HasPrefix(SiteURL(ln), "http://127.0.0.1:") {
		t.Errorf("Listen with fallback: %s, site %s", ln.Addr(), SiteURL(ln))
	}
	all, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()
	_, port, _ := net.SplitHostPort(all.Addr().String())
	if got, want := SiteURL(all), "http://localhost:"+port+"/"; got != want {
		t.Errorf("SiteURL on every address: got %s, want %s", got, want)
	}
}

func TestLogger(t *testing.T) {
	var b strings.Builder
	for _, tt := range []struct {
		format string
		quiet  bool
		want   string
	}{
		{"text", false, "level=INFO msg=hello\n"},
		{"json", false, `"level":"INFO","msg":"hello"}`},
		{"text", true, ""},
	} {
		b.Reset()
		l, err := Logger("serve", &b, tt.format, tt.quiet)
		if err != nil {
			t.Fatal(err)
		}
		l.Info("hello")
		if !strings.Contains(b.String(), tt.want) || tt.want == "" && b.Len() > 0 {
			t.Errorf("Logger(%s, quiet %v) wrote %q, want %q", tt.format, tt.quiet, b.String(), tt.want)
		}
	}
	_, err := Logger("serve", &b, "xml", false)
	var ue *UsageError
	if !errors.As(err, &ue) || err.Error() != `serve: --log-format must be text or json, not "xml"` {
		t.Errorf("Logger(xml): %v, want a usage error", err)
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) || IsTerminal(&strings.Builder{}) {
		t.Error("IsTerminal: a file or a buffer is no terminal")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if !IsTerminal(tty) {
			t.Error("IsTerminal(/dev/tty) = false")
		}
	}
}
