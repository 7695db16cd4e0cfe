package web

import "testing"

// TestExcelCell reproduces "CSV exports write cells starting with =, +,
// -, @ as they are, though the export says it loads into a spreadsheet":
// the variant for Excel neutralises them.
func TestExcelCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example","click")`, `'=HYPERLINK("http://evil.example","click")`},
		{"+7 495", "'+7 495"},
		{"-1+2", "'-1+2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"Vladimir Putin", "Vladimir Putin"},
		{"", ""},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := excelCell(tt.in); got != tt.want {
			t.Errorf("excelCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
