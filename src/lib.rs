#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod advert;
mod analyser;
mod compiled;
mod cues;
mod document;
mod error;
mod evidence;
mod features;
#[cfg(feature = "fit")]
#[cfg_attr(docsrs, doc(cfg(feature = "fit")))]
pub mod fit;
#[cfg(feature = "html")]
#[cfg_attr(docsrs, doc(cfg(feature = "html")))]
pub mod input;
mod matcher;
mod metadata;
pub mod metrics;
mod pages;
mod profile;
#[cfg(feature = "render")]
#[cfg_attr(docsrs, doc(cfg(feature = "render")))]
pub mod render;
mod report;
mod role;
mod score;
mod sentence;
mod span;
mod title;

pub use crate::advert::Advert;
pub use crate::analyser::{Analyser, AnalyserBuilder, DEFAULT_MAX_INPUT_BYTES};
pub use crate::error::Error;
pub use crate::features::{FeatureScores, Features, SignalFeature};
pub use crate::metadata::{AdvertMetadata, AdvertSource};
pub use crate::profile::{
    Cues, Heading, Profile, SectionFactors, Settings, SettingsPatch, Signal, SignalKind,
    MAX_PHRASES, MAX_SIGNALS, REGEX_SIZE_LIMIT, WEIGHT_RANGE,
};
pub use crate::report::{
    Cue, Evidence, Field, Mismatch, Report, Scores, Section, TextStats, TitleClaim, Verdict,
};
pub use crate::role::{ParseRoleError, Role};
pub use crate::span::Span;
pub use crate::title::{JobTitle, TitleGrammar, TitleParser};
