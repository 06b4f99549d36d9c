#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| shafaf_fuzz::targets::budget_csv(data));
