//! Throughput of tokenizing + sentence splitting + tagging (one core), and of
//! the whole entity finder, on a built-in English news-style text.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use quotewire_annotate::entities::find_entities;
use quotewire_annotate::ner::{default_model, tag_document};
use quotewire_annotate::sentences::split;
use quotewire_annotate::tokens::tokenize;

const TEXT: &str =
    "WASHINGTON, United States – The U.S. Senate on Tuesday approved a $1.2 billion \
aid package for Ukraine after President Joe Biden urged lawmakers to act quickly, Senate Majority \
Leader Chuck Schumer said. “We cannot wait,” Schumer told reporters at the Capitol. The measure, \
backed by 68 senators, now goes to the House of Representatives, where Speaker Mike Johnson has \
said he will not bring it to a vote before January 8. Shares of Boeing Co. rose 3.5% in New York \
while the euro fell against the dollar, according to Reuters data. Officials of the European \
Union and the International Monetary Fund (IMF) met in Brussels with Chancellor Olaf Scholz of \
Germany and Prime Minister Rishi Sunak of Britain to discuss the crisis in the Middle East.\n\n";

fn bench(c: &mut Criterion) {
    let text = TEXT.repeat(40);
    let n_tokens = tokenize(&text).len() as u64;
    let _ = default_model(); // load outside the measurement
    let mut g = c.benchmark_group("ner");
    g.throughput(Throughput::Elements(n_tokens));
    g.bench_function("tokenize+tag (tokens/s)", |b| {
        b.iter(|| {
            let toks = tokenize(&text);
            let sents = split(&toks);
            let words: Vec<Vec<&str>> = sents
                .iter()
                .map(|r| toks[r.clone()].iter().map(|t| t.text).collect())
                .collect();
            tag_document(default_model(), &words)
        })
    });
    g.bench_function("find_entities (tokens/s)", |b| {
        b.iter(|| find_entities(&text))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
