//! One process-wide memory setting for the programs that run the crawler
//! (`marsad`, `marsad-bench`), called first thing in `main`.
//!
//! glibc's malloc gives threads that allocate at once their own arenas, up to
//! eight per core, and an arena keeps the memory it once held. A crawl runs
//! extraction on tokio's blocking threads, tantivy's indexing and merge threads
//! and the runtime's workers: with the default, peak anonymous memory at 100,000
//! articles was 244 MB and still growing with the number of articles; with two
//! arenas it was 57 MB, flat from 10,000 on, at the same speed (BENCHMARKS.md,
//! "Crawler (issue 5)"). mimalloc was tried as well: flatter than the default
//! but higher than two glibc arenas (65 MB already at 1,000 articles).

/// Arenas kept: the figure measured above (two cores).
const MALLOC_ARENAS: i32 = 2;

/// Caps glibc's malloc arenas at [`MALLOC_ARENAS`], unless `MALLOC_ARENA_MAX`
/// is set (the user's choice wins). Does nothing on other platforms. Call it
/// before starting threads: an arena a thread already has stays its own.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
            return;
        }
        /// `M_ARENA_MAX` from glibc's <malloc.h>.
        const M_ARENA_MAX: std::os::raw::c_int = -8;
        extern "C" {
            fn mallopt(param: std::os::raw::c_int, value: std::os::raw::c_int) -> std::os::raw::c_int;
        }
        // SAFETY: mallopt only sets a tuning parameter of the allocator; glibc
        // allows it at any time, and it takes plain integers.
        unsafe {
            mallopt(M_ARENA_MAX, MALLOC_ARENAS);
        }
    }
}
