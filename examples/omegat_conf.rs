//! Writes an SRX 2.0 file's rules as OmegaT 3.6's project segmentation file
//! (`omegat/segmentation.conf`), so that OmegaT cuts text as
//! `bitext segment --srx` does:
//!
//! ```sh
//! cargo run --release --example omegat_conf -- data/omegat-zh-en.srx > PROJECT/omegat/segmentation.conf
//! ```

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: omegat_conf FILE.srx > PROJECT/omegat/segmentation.conf")?;
    let rules = bitext::segment::srx::SrxRules::from_file(path.as_ref())?;
    print!("{}", rules.to_omegat_conf());
    Ok(())
}
