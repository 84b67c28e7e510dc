//! tantivy on the search benchmark's entries: index time, index size, and the latency of the
//! benchmark's queries (top 30 with their stored fields, as the app's search reads its hits).

use std::time::{Duration, Instant};

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
    Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument, doc};

fn main() {
    let db = std::env::args().nth(1).expect("the benchmark's database");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut builder = Schema::builder();
    let dutch = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("nl")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let kind = builder.add_text_field("kind", STRING | STORED);
    let source = builder.add_text_field("source", STRING | STORED);
    let year = builder.add_i64_field("year", INDEXED | STORED);
    let title = builder.add_text_field("title", dutch.clone());
    let body = builder.add_text_field("body", dutch);
    let schema = builder.build();
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_in_dir(dir.path(), schema).unwrap();
    index.tokenizers().register(
        "nl",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::Dutch))
            .build(),
    );
    let mut writer = index.writer(200_000_000).unwrap();
    let t = Instant::now();
    let mut n = 0;
    let mut stmt = conn
        .prepare(
            "SELECT e.kind, e.source_id, coalesce(e.year, 0), e.title,
                    coalesce(e.body, (SELECT t.text FROM document d JOIN document_text t
                        ON t.sha256 = d.sha256 AND t.part = e.part WHERE d.id = e.source_id), '')
             FROM search_entry e",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (k, s, y, ti, b) = row.unwrap();
        writer
            .add_document(doc!(kind => k, source => s, year => y, title => ti, body => b))
            .unwrap();
        n += 1;
    }
    writer.commit().unwrap();
    let took = t.elapsed();
    let size: u64 = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    println!(
        "tantivy: {n} entries indexed in {:.1} s ({:.0} entries/s), index {:.0} MB (with stored text)",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64(),
        size as f64 / 1e6
    );
    let reader = index.reader().unwrap();
    let searcher = reader.searcher();
    let mut parser = QueryParser::for_index(&index, vec![title, body]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(title, 4.0);
    let queries = [
        "gemeente",
        "zorg",
        "jeugdhulp",
        "wachtlijst",
        "mantelzorger",
        "financiele middelen",
        "\"huishoudelijke hulp\"",
        "\"eigen bijdrage\"",
        "jeugd*",
        "inkoop*",
        "zorgboerderij",
        "warmtefonds isolatie",
        "loonkostensubsidie jobcoach",
        "kind:document AND kindpakket",
        "kind:section AND adviezen",
        "year:2024 AND armoede AND schulden",
        "beschermd wonen opvang",
        "bemoeizorg straatteam",
        "Wmo verordening",
        "wachtlijsten jeugdzorg",
    ];
    let fields: [Field; 2] = [kind, source];
    let mut times = Vec::new();
    for round in 0..11 {
        for q in queries {
            let t = Instant::now();
            let parsed = match parser.parse_query(q) {
                Ok(p) => p,
                Err(e) => {
                    if round == 0 {
                        println!("  {q}: {e}");
                    }
                    continue;
                }
            };
            let top = searcher
                .search(&parsed, &TopDocs::with_limit(30).order_by_score())
                .unwrap();
            for (_, address) in &top {
                let d: TantivyDocument = searcher.doc(*address).unwrap();
                for f in fields {
                    let _ = d.get_first(f).and_then(|v| v.as_str().map(str::len));
                }
            }
            if round > 0 {
                times.push(t.elapsed());
            }
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "tantivy search, {} runs: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        times.len(),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1])
    );
}
