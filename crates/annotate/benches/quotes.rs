//! Time to find the quotes of a news article (the sample, ~4,100 characters) and
//! of its first 2,000 characters, and the throughput of the whole engine
//! (`annotate`: entities, quotes, speakers resolved) in tokens per second.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use quotewire_annotate::quotes::find_quotes;

const SAMPLE: &str = include_str!("../tests/data/venezuela-labor-videoconference.txt");

fn bench(c: &mut Criterion) {
    let head: String = SAMPLE.chars().take(2000).collect();
    c.bench_function("find_quotes 2000 chars", |b| {
        b.iter(|| find_quotes(black_box(&head)))
    });
    c.bench_function("find_quotes sample article", |b| {
        b.iter(|| find_quotes(black_box(SAMPLE)))
    });
    let tokens = quotewire_annotate::tokens::tokenize(SAMPLE).len() as u64;
    let mut g = c.benchmark_group("annotate");
    g.throughput(Throughput::Elements(tokens));
    g.bench_function("sample article (tokens/s)", |b| {
        b.iter(|| quotewire_annotate::annotate(black_box(SAMPLE)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
