#![no_main]
//! See `bitext_fuzz::checks::check_user_lexicon` for what is checked.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bitext_fuzz::checks::check_user_lexicon(data);
});
