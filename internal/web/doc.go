// Package web serves an archive to people and programs: the HTML site
// (search, documents with citable turn anchors, persons, topics,
// countries, years), the JSON API under /api/v1/, Atom feeds and CSV or
// JSON Lines exports of a search.
//
// The site works without JavaScript: pages are rendered on the server
// with html/template, charts are inline SVG drawn by the server, and the
// one script (static/site.js) only adds copy buttons. Every response
// carries a Content-Security-Policy that forbids inline scripts and
// styles. The server only reads the archive.
//
// Handlers have the form func(w, r) error behind one adapter (handle),
// which turns a returned error into a 4xx page or JSON error with a clear
// message, or a 500 with a generic one and a log record.
package web
