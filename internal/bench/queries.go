package bench

// Query classes of the benchmark mix.
const (
	ClassCommon   = "common word"
	ClassRare     = "rare word"
	ClassTwoWords = "two words"
	ClassPhrase   = "phrase"
	ClassPerson   = "person"
	ClassFiltered = "filtered"
	ClassFaceted  = "faceted"
	ClassRussian  = "russian"
)

// Classes lists the classes in the order reports print them.
var Classes = []string{ClassCommon, ClassRare, ClassTwoWords, ClassPhrase, ClassPerson, ClassFiltered, ClassFaceted, ClassRussian}

// Query is one query of the mix. {P1} and {P2} stand for the most and the
// fifth most frequent speakers of the generated archive (the names are
// fictional and depend on the seed); Grep is the word a researcher would
// grep for, for single-word queries.
type Query struct {
	Class  string
	Text   string
	Facets bool
	Grep   string
}

// Mix is the fixed query mix. Its words were chosen from the real corpus
// the generator learns from: common words on most pages, rare ones on a
// handful of the 200 pages (hydrocarbons, kindergartens and hockey on 6
// or 7, submarine on 3, archaeological and philharmonic on 2).
var Mix = []Query{
	{ClassCommon, "russia", false, "russia"},
	{ClassCommon, "cooperation", false, "cooperation"},
	{ClassCommon, "development", false, "development"},
	{ClassCommon, "government", false, "government"},
	{ClassRare, "hydrocarbons", false, "hydrocarbons"},
	{ClassRare, "kindergartens", false, "kindergartens"},
	{ClassRare, "hockey", false, "hockey"},
	{ClassRare, "submarine", false, "submarine"},
	{ClassRare, "archaeological", false, "archaeological"},
	{ClassRare, "philharmonic", false, "philharmonic"},
	{ClassTwoWords, "economic cooperation", false, ""},
	{ClassTwoWords, "energy security", false, ""},
	{ClassTwoWords, "national projects", false, ""},
	{ClassTwoWords, "trade turnover", false, ""},
	{ClassPhrase, `"strategic partnership"`, false, ""},
	{ClassPhrase, `"State Duma"`, false, ""},
	{ClassPhrase, `"United States"`, false, ""},
	{ClassPhrase, `"{P1}"`, false, ""},
	{ClassPerson, `person:"{P1}" cooperation`, false, ""},
	{ClassPerson, `person:"{P2}" economy`, false, ""},
	{ClassPerson, `person:"{P1}" from:2020`, false, ""},
	{ClassPerson, `speaker:Question sanctions`, false, ""},
	{ClassFiltered, `topic:"Foreign policy" cooperation`, false, ""},
	{ClassFiltered, `from:2015 to:2018 energy`, false, ""},
	{ClassFiltered, `type:transcript security`, false, ""},
	{ClassFiltered, `lang:en -topic:"Foreign policy" investment`, false, ""},
	{ClassFaceted, "russia", true, ""},
	{ClassFaceted, `person:"{P1}" economy`, true, ""},
	{ClassFaceted, "cooperation from:2010", true, ""},
	{ClassFaceted, `"strategic partnership"`, true, ""},
	{ClassRussian, "переговоры", false, "переговоры"},
	{ClassRussian, "сотрудничество", false, "сотрудничество"},
	{ClassRussian, "lang:ru экономика", false, ""},
	{ClassRussian, `"экономическое сотрудничество"`, true, ""},
}
