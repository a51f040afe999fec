//! The checks the fuzz targets run. They live in `checks.rs` so that
//! `tests/fuzz_regressions.rs` includes the very same code and replays every
//! saved input through it on stable without a fuzzer.

pub mod checks;
