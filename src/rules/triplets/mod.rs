//! Triplets: every patch has its label file and ground reference, and the
//! Sentinel-2 and Sentinel-1 files the label file lists are exactly those on
//! disk.

pub mod duplicate_entry;
pub mod ground_reference_without_label;
pub mod label_without_ground_reference;
pub mod listed_file_missing;
pub mod listed_name_mismatch;
pub mod unlisted_file;
