//! Labels: the content of the per-patch label files (JSON, `;`-separated
//! lists, classes from the profile's class table).

pub mod empty_list_item;
pub mod invalid_json;
pub mod missing_field;
pub mod oversized_label_file;
pub mod unknown_class;
pub mod wrong_field_type;
