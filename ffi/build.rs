//! Generates `include/shafaf.h` with cbindgen (a pinned build-dependency, see
//! ../shared/toolchain.md): the declarations from `src/` (`with_src` follows the `mod` items of
//! `src/lib.rs`, so no `cargo metadata` runs inside the build), the configuration in
//! `cbindgen.toml`, and the version macros from Cargo metadata. The header is rewritten only
//! when its content changes, and it is committed; CI fails when it is stale.

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");

    let version = |key: &str| std::env::var(format!("CARGO_PKG_VERSION_{key}"));
    let macros = format!(
        "\n/** The version of the header, from Cargo metadata; shafaf_version() gives the library's. */\n\
         #define SHAFAF_VERSION_MAJOR {}\n\
         #define SHAFAF_VERSION_MINOR {}\n\
         #define SHAFAF_VERSION_PATCH {}\n\
         #define SHAFAF_VERSION_STRING \"{}\"\n",
        version("MAJOR")?,
        version("MINOR")?,
        version("PATCH")?,
        std::env::var("CARGO_PKG_VERSION")?,
    );

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))?;
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir.join("src").join("lib.rs"))
        .with_after_include(macros)
        .generate()?;
    // `write_to_file` leaves the file (and its mtime) alone when the content is unchanged.
    bindings.write_to_file(crate_dir.join("include").join("shafaf.h"));
    Ok(())
}
