//! # multisenge
//!
//! Validation, reference generalization and comparison for MultiSenGE-style
//! multimodal patch datasets (Sentinel-2, Sentinel-1, ground reference,
//! label files).
//!
//! The library reads as the architecture:
//!
//! * [`model`]: the dataset model (tile codes, nomenclatures, label files,
//!   the Sentinel-2 tiling grid, the patch index);
//! * [`rules`]: one file per rule, each with its documentation;
//! * [`profile`]: which rules run, at which severity, on which dataset shape;
//! * [`engine`]: runs the rules over a dataset;
//! * [`report`]: renders findings for people and CI systems;
//! * [`generalize`]: vector land cover → 10 m ground reference, step by step;
//! * [`compare`]: the ground reference against its vector source;
//! * [`backend`]: every job as a self-describing algorithm for GIS front
//!   ends (the QGIS plugin).

pub mod backend;
pub mod compare;
pub mod engine;
pub mod finding;
pub mod generalize;
pub mod io;
pub mod model;
pub mod profile;
pub mod report;
pub mod rules;
