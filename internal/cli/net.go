package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"syscall"
)

// Listen opens addr; with fallback, a port already in use gives way to
// any free port on the same host.
func Listen(addr string, fallback bool) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil && fallback && errors.Is(err, syscall.EADDRINUSE) {
		host, _, _ := net.SplitHostPort(addr)
		return net.Listen("tcp", net.JoinHostPort(host, "0"))
	}
	if err != nil && errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%s is in use by another program: stop it, or choose another address with --addr", addr)
	}
	return ln, err
}

// SiteURL is the address of the site served on ln to open in a browser.
func SiteURL(ln net.Listener) string {
	host, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		return "http://" + ln.Addr().String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// Logger returns the request log on w in format, text or json: every
// request at the info level, or with quiet only warnings and errors. An
// unknown format is a *UsageError naming cmd.
func Logger(cmd string, w io.Writer, format string, quiet bool) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if quiet {
		opts.Level = slog.LevelWarn
	}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, Usagef("%s: --log-format must be text or json, not %q", cmd, format)
}
