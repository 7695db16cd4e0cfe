// Package gen makes synthetic documents for scale tests of ingest and
// search: kremlin.ru text dumps, in the main site's English layout and the
// Russian site's, that parse like real pages but are unmistakably made up.
//
// Realism comes from the shared corpus of real pages, learned at run time
// and never stored: Learn builds order-2 word-level Markov chains of its
// narrative text, speech, titles, leads and photo captions, and measures
// the distributions of turns per transcript, paragraphs per turn, words
// per paragraph, paragraphs before the first label, title and lead
// lengths, speakers per transcript, slider and box sizes, and the
// vocabularies and sizes of the footer's Geography, Topics and Persons.
// The mix of page kinds (74% news, 19% transcripts, then documents,
// announcements and Security Council items), the presence of place,
// slider, boxes and footer columns come from the counts over the full
// 7,235-page mirror in shared/corpus/NOTES.md §3, since the 200-page corpus
// is skewed towards transcripts and edge cases. Russian text, for which
// there is no corpus, comes from a small hand-written vocabulary with its
// inflected forms.
//
// Nobody real is quoted. Speakers, the footer's Persons and names in the
// text are a cast of 2,000 invented persons (a President per era,
// ministers, foreign leaders, governors, journalists and others, drawn
// with Zipf-like frequencies), whose name parts are built from invented
// syllables and never equal a word of the corpus; a part of a real
// person's name that the Markov text produces is replaced by an invented
// one, the main speaker's by the era's President's.
//
// Every document opens with the Marker line, from which the kremlin text
// parser gives it the source "synthetic" and an id "synthetic/en/N" or
// "synthetic/ru/N". Document n depends only on the model, the seed and n:
// the same corpus, seed and count give byte-identical output, made in
// parallel on all CPUs.
package gen
