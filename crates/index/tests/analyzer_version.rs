//! The analyzer version marker against a real index folder: an empty index is
//! current, one with documents and no marker (or another version) is stale, and
//! only a committed full rebuild makes it current again.

use index::{SearchIndex, ANALYZER_MARKER_FILE, ANALYZER_VERSION};
use model::Article;

fn article(id: i64, body: &str) -> Article {
    Article {
        id,
        url: format!("https://news.example/{id}"),
        paragraphs: vec![body.to_string()],
        ..Article::default()
    }
}

#[test]
fn a_new_index_is_current_and_says_so_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = SearchIndex::open(dir.path()).expect("open");
    assert!(index.analyzer_is_current());
    let on_disk = std::fs::read_to_string(dir.path().join(ANALYZER_MARKER_FILE)).expect("marker written");
    assert_eq!(on_disk.trim(), ANALYZER_VERSION.to_string());
}

#[test]
fn documents_without_a_current_marker_are_stale_until_a_committed_rebuild() {
    let dir = tempfile::tempdir().expect("temp dir");
    let marker = dir.path().join(ANALYZER_MARKER_FILE);
    {
        let index = SearchIndex::open(dir.path()).expect("open");
        let mut writer = index.writer().expect("writer");
        writer.upsert(&article(1, "بدأت المفاوضات اليوم")).expect("add");
        writer.commit().expect("commit");
    }
    // As an index from before the marker: documents, no marker.
    std::fs::remove_file(&marker).expect("remove marker");
    let index = SearchIndex::open(dir.path()).expect("reopen");
    assert_eq!(index.analyzer_version(), None);
    assert!(!index.analyzer_is_current(), "documents of an unknown analyzer");
    // Another version.
    std::fs::write(&marker, format!("{}\n", ANALYZER_VERSION + 1)).expect("write marker");
    assert!(!index.analyzer_is_current());

    let mut writer = index.writer().expect("writer");
    // Adding documents does not make the old ones current.
    writer.upsert(&article(2, "وصل الوفد")).expect("add");
    writer.commit().expect("commit");
    assert!(!index.analyzer_is_current());
    // A rebuild not committed (a crash) leaves it stale.
    writer.delete_all().expect("delete all");
    writer.upsert(&article(1, "بدأت المفاوضات اليوم")).expect("add");
    assert!(!index.analyzer_is_current());
    writer.commit().expect("commit");
    assert!(index.analyzer_is_current());
    // The next commit is an ordinary one and leaves the marker alone.
    std::fs::write(&marker, "0\n").expect("write marker");
    writer.commit().expect("commit");
    assert_eq!(index.analyzer_version(), Some(0));
}

/// The analyzer's terms for text of our own covering clitics, diacritics, hamza
/// seats, teh marbuta, digits, Persian letters and Latin words. When
/// `arabic::index_terms` changes any of them, bump `index::ANALYZER_VERSION`
/// (old index folders then rebuild themselves) and update the list.
#[test]
fn analyzer_fingerprint_is_pinned() {
    let text = "وبالمفاوضات المُفاوَضات للمفاوضات أسعار إلى مؤتمر رئيس حكومته مدرستها \
                الكهربائية كهرباء امتحانات الوزير وزير ولاية بمفاوضات کتاب ٢٠٢٤ ۱۴۰۳ 3.5٪ \
                Geneva CEASEFIRE ﻻ مـــدرســـة «الحرب» حر";
    let terms: Vec<String> = arabic::index_terms(text).into_iter().map(|(term, _, _)| term).collect();
    let pinned = "مفاوض مفاوض مفاوض اسعار ال موتمر رييس حكوم مدرس هربا هربا امتح زير زير ولا مفاوض تاب 2024 1403 3.5 geneva ceasefire لا مدرس حرب حر";
    assert_eq!(
        terms.join(" "),
        pinned,
        "arabic::index_terms changed its terms: bump index::ANALYZER_VERSION (now {ANALYZER_VERSION}) and update this list"
    );
}
