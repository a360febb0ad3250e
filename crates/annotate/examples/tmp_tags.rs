fn main() {
    let text = std::env::args().nth(1).unwrap();
    let toks = quotewire_annotate::tokens::tokenize(&text);
    let sents = quotewire_annotate::sentences::split(&toks);
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|r| toks[r.clone()].iter().map(|t| t.text).collect())
        .collect();
    let labels =
        quotewire_annotate::ner::tag_document(quotewire_annotate::ner::default_model(), &words);
    for (w, l) in words.iter().zip(&labels) {
        println!(
            "{}",
            w.iter()
                .zip(l)
                .map(|(w, &l)| if l == 0 {
                    w.to_string()
                } else {
                    format!("{w}/{}", quotewire_annotate::ner::LABELS[l])
                })
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
}
