#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| shafaf_fuzz::targets::signatory_csv(data));
