//! Prints the entities and quotes `annotate` finds in the text on standard input
//! (a debugging aid).

use std::io::Read;

fn main() {
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        eprintln!("cannot read standard input");
        return;
    }
    let a = quotewire_annotate::annotate(&text);
    for e in &a.entities {
        println!("entity {:?} {:?}", e.kind, e.name);
    }
    for q in a.quotes {
        let m = q.speaker_mention.as_ref().map(|m| m.text.as_str());
        let c = q.cue.as_ref().map(|c| c.text.as_str());
        println!(
            "{} [{}..{}] {:?}\n   speaker={:?} mention={:?} cue={:?} role={:?}",
            q.kind.as_str(),
            q.start,
            q.end,
            q.text,
            q.speaker,
            m,
            c,
            q.role
        );
    }
}
