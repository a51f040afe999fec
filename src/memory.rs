//! Process-wide memory settings, for programs that align long texts.
//!
//! Aligning a book allocates and frees arrays of a few to a few tens of
//! megabytes in turn (the search window, the pair table, the learned pass's
//! tables). glibc's allocator serves a large block from its own mapping,
//! given back to the system when freed, but after each such free it raises
//! the size from which it does so (up to 32 MiB), so that the next blocks of
//! that size come from the heap, where what is freed stays mapped and
//! scattered between live blocks: on Bible 006 this held about 16 MB of
//! peak memory that no array used. [`tune_allocator`] fixes that size.
//!
//! The size is 4 MiB: the largest arrays (the first pass's pair table, tens
//! of megabytes; a long text's search windows and learned-pass tables)
//! still get mappings of their own and go back when freed,
//! while the many blocks of 128 KiB to 4 MiB (growing vectors, hash tables
//! being rehashed) are served from the heap again instead of being mapped
//! and faulted in page by page each time. On Bible 006 that takes about a
//! third of the minor page faults away (85,000 → 57,000) and a fifth of the
//! system time, for about 3 MB more at the peak (129 → 132 MB, under the
//! 150 MB issue 10 allows; `RESULTS.md`, session 42).
//!
//! Tried and not kept (`RESULTS.md`, sessions 33 to 35): one arena for
//! every thread as well, which serialised the quality stage's allocations
//! across threads (Bible 006 → TMX 5.2–5.5 s → 7.9 s wall, system time
//! ×3); and 128 KiB, glibc's initial value, kept until session 42 because
//! 4 MiB then put 006's peak at 140–145 MB, too near the cap.

/// Blocks of this many bytes or more get a mapping of their own (fixed,
/// where glibc would raise it).
pub const MMAP_THRESHOLD: usize = 4 << 20;

/// Makes the C allocator give large blocks back to the system when they
/// are freed, whatever was freed before (glibc: `mallopt(M_MMAP_THRESHOLD,
/// MMAP_THRESHOLD)`, which also stops the threshold from growing). Call it
/// once at the start of a program, before other threads run; elsewhere than
/// on Linux with glibc it does nothing. The `bitext` command calls it.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        const M_MMAP_THRESHOLD: i32 = -3;
        // SAFETY: mallopt changes allocator parameters only; it is called
        // with a valid parameter and value, and takes the allocator's lock.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD as i32);
        }
    }
}
