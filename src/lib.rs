//! # multisenge
//!
//! Validation, reference generalization and comparison for MultiSenGE-style
//! multimodal patch datasets (Sentinel-2, Sentinel-1, ground reference,
//! label files).
//!
//! The library reads as the architecture:
//!
//! * [`raster`]: the in-memory raster and grid types and the one
//!   connected-region labelling, shared by every layer;
//! * [`model`]: the dataset model (tile codes, nomenclatures, label files,
//!   the Sentinel-2 tiling grid, the patch index);
//! * [`rules`]: one file per rule, each with its documentation, its check
//!   and its message;
//! * [`profile`]: which rules run, at which severity, on which dataset shape;
//! * [`engine`]: runs the rules over a dataset;
//! * [`report`]: renders findings for people and CI systems;
//! * [`dataset_stats`]: the figures of a release note (`stats`);
//! * [`publish`]: the release report (HTML) and the STAC catalog;
//! * [`select`]: patches chosen by temporal criteria for a training set;
//! * [`generalize`]: vector land cover → 10 m ground reference, step by step;
//! * [`compare`]: the ground reference against its vector source;
//! * [`spatial`]: patch footprints on the ground and their overlaps;
//! * [`footprints`]: the footprints of a whole dataset as a map layer;
//! * [`triplets`]: Sentinel-2 and Sentinel-1 time series and the ground
//!   reference cut into triplets with their label files (building a region);
//! * [`io`]: reading and writing files;
//! * [`jobspec`]: every job's parameters, written once, from which the
//!   command line's arguments and the backend's descriptors are derived;
//! * [`backend`]: every job as a self-describing algorithm for GIS front
//!   ends (the QGIS plugin).
//!
//! `docs/architecture.md` draws the layers and the direction of every
//! dependency between them.

pub mod backend;
pub mod compare;
pub mod dataset_stats;
pub mod engine;
/// Findings are what rules produce; they live with the rules (`rules::finding`).
pub use rules::finding;
pub mod footprints;
pub mod generalize;
pub mod io;
pub mod jobspec;
pub mod model;
pub mod profile;
pub mod publish;
pub mod raster;
pub mod report;
pub mod rules;
pub mod select;
pub mod spatial;
pub mod triplets;
