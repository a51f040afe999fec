//! bitext
#![deny(missing_docs)]
pub mod error;
pub mod lang;
pub mod normalize;
pub mod read;
pub mod segment;
pub use error::{Error, Result};
pub use lang::{Lang, LangTag};
pub mod align;
pub mod document;
pub mod eval;
pub mod features;
pub mod format;
pub mod lexicon;
pub mod numbers;
pub mod output;
