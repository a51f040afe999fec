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
//! A fixed size of 128 KiB (glibc's initial value) made every array from
//! 128 KiB up a fresh mapping, faulted in page by page: about 102,000
//! minor page faults and 0.4 s of system time on Bible 006. At 4 MiB the
//! arrays below it are served from the heap, whose pages are reused (about
//! 58,000 faults), but what the worker threads free stays in their own
//! arenas; with one arena for every thread it is reused by all of them,
//! and Bible 006's peak stays under its 150 MB cap (`RESULTS.md`, session
//! 35).

/// Blocks of this many bytes or more get a mapping of their own, given
/// back to the system when freed.
pub const MMAP_THRESHOLD: usize = 4 << 20;

/// The allocator's arenas (glibc's default is eight per core): one, so
/// that memory freed on one thread serves the next allocation on any.
pub const ARENA_MAX: usize = 1;

/// Makes the C allocator give blocks of [`MMAP_THRESHOLD`] bytes and more
/// back to the system when they are freed, whatever was freed before
/// (glibc: `mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)`, which also stops
/// the threshold from growing), and serve every thread from
/// [`ARENA_MAX`] arena (`mallopt(M_ARENA_MAX, ARENA_MAX)`). Call it once
/// at the start of a program, before other threads run; elsewhere than on
/// Linux with glibc it does nothing. The `bitext` command calls it.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        const M_MMAP_THRESHOLD: i32 = -3;
        const M_ARENA_MAX: i32 = -8;
        // SAFETY: mallopt changes allocator parameters only; it is called
        // with valid parameters and values, and takes the allocator's lock.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD as i32);
            mallopt(M_ARENA_MAX, ARENA_MAX as i32);
        }
    }
}
