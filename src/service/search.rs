//! Search everywhere: requests, advice texts, reactions, commitments and documents, Dutch-aware,
//! ranked, with highlighted snippets and where each hit opens. The query is read by the domain
//! (`advieswerk_domain::search`), the index is the store's.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::RequestId;
use crate::error::Result;
use crate::search::{Query, SearchKind, SnippetPart, snippet};
use crate::store::Store;
use crate::store::search::{Found, SearchFilter};

/// Hits shown at most: one screen's worth; a search is narrowed by more words or a filter.
pub const MAX_HITS: usize = 30;

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchInput {
    pub query: String,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub theme_id: Option<String>,
    #[serde(default)]
    pub kind: Option<SearchKind>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: SearchKind,
    pub kind_label: String,
    pub request_id: RequestId,
    /// The request's subject ("Vertrouwelijke aanvraag" is never substituted: the council's own
    /// search shows its own confidential work, marked).
    pub subject: String,
    /// The section's title, the document's name, …
    pub title: String,
    /// What opens the hit: the section's or document's id (the request's own for the others).
    pub source_id: String,
    /// The PDF page the words were found on.
    pub page: Option<u32>,
    pub year: Option<i32>,
    pub confidential: bool,
    pub snippet: Vec<SnippetPart>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// No text held every word; these hold some of them.
    pub partial: bool,
}

pub fn search(store: &mut Store, input: &SearchInput) -> Result<SearchResults> {
    let query = Query::parse(&input.query)?;
    store.refresh_search(None)?;
    let filter = SearchFilter {
        year: input.year,
        theme_id: input.theme_id.clone().filter(|t| !t.is_empty()),
        kind: input.kind,
    };
    let mut found = store.search(&query, false, &filter, MAX_HITS)?;
    let mut partial = false;
    if found.is_empty() && query.terms.len() > 1 {
        found = store.search(&query, true, &filter, MAX_HITS)?;
        partial = !found.is_empty();
    }
    Ok(SearchResults {
        hits: found.into_iter().map(|f| hit(f, &query)).collect(),
        partial,
    })
}

fn hit(f: Found, query: &Query) -> SearchHit {
    let mut parts = snippet(&f.text, query);
    if parts.iter().all(|p| !p.hit) {
        // The words were in the title (or a scan's name): the title is the snippet.
        let title = snippet(&f.title, query);
        if title.iter().any(|p| p.hit) || parts.is_empty() {
            parts = title;
        }
    }
    SearchHit {
        kind_label: f.kind.label().to_string(),
        page: (f.kind == SearchKind::Document && f.part > 0 && is_paged(&f.title))
            .then_some(f.part),
        kind: f.kind,
        request_id: f.request_id,
        subject: f.subject,
        title: f.title,
        source_id: f.source_id,
        year: f.year,
        confidential: f.confidential,
        snippet: parts,
    }
}

/// A document's parts are its pages only for a PDF, and a document is a PDF by its name (the
/// kind is taken from the extension when it is added).
fn is_paged(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("pdf"))
}

/// Brings the index up to date in steps (for a front end to run at start without holding the
/// store for long); returns the changes still waiting.
pub fn refresh_search(store: &mut Store, limit: usize) -> Result<usize> {
    Ok(store.refresh_search(Some(limit))?)
}
