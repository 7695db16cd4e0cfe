package transcript_test

import (
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

func TestSplitLabel(t *testing.T) {
	tests := []struct{ label, name, note string }{
		{"President of Russia Vladimir Putin", "President of Russia Vladimir Putin", ""},
		{"Vladimir Putin (Answering a question from Southern Federal University Rector Marina Borovskaya about the role of education)",
			"Vladimir Putin", "(Answering a question from Southern Federal University Rector Marina Borovskaya about the role of education)"},
		{"Alpha Conde(retranslated)", "Alpha Conde", "(retranslated)"},
		{"Question (retranslated)", "Question", "(retranslated)"},
		{"В.Путин (синхронный перевод)", "В.Путин", "(синхронный перевод)"},
		{"Angela Merkel (speaking German) (retranslated):", "Angela Merkel", "(speaking German) (retranslated)"},
		{"Vladimir Putin, answering a question", "Vladimir Putin", "answering a question"},
		{"Sergei Lavrov, in English", "Sergei Lavrov", "in English"},
		{"Alexander Duimamet, welding engineer at a branch of JSC Rosenergoatom", "Alexander Duimamet, welding engineer at a branch of JSC Rosenergoatom", ""},
		{"Kirill Dmitriev, Managing Director", "Kirill Dmitriev, Managing Director", ""},
		{"President of the All-Russia Public Organisation Delovaya Rossiya [Business Russia] Alexei Repik",
			"President of the All-Russia Public Organisation Delovaya Rossiya [Business Russia] Alexei Repik", ""},
		{"Director-General of the International Renewable Energy Agency (IRENA) Adnan Z. Amin",
			"Director-General of the International Renewable Energy Agency (IRENA) Adnan Z. Amin", ""},
		{"Alpha Conde (retranslated) President of Guinea", "Alpha Conde President of Guinea", "(retranslated)"},
		{"Deputy Prime Minister, in charge of the defence industry, Yury Borisov", "Deputy Prime Minister, in charge of the defence industry, Yury Borisov", ""},
		{"(retranslated)", "", "(retranslated)"},
		{"Question from the audience", "Question from the audience", ""},
		{"Unbalanced (retranslated", "Unbalanced (retranslated", ""},
	}
	for _, tt := range tests {
		name, note := transcript.SplitLabel(tt.label)
		if name != tt.name || note != tt.note {
			t.Errorf("SplitLabel(%q) = %q, %q; want %q, %q", tt.label, name, note, tt.name, tt.note)
		}
	}
}
