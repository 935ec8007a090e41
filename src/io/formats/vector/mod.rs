//! Vector layers through GDAL/OGR: land-cover polygons and road lines read
//! and reprojected to a target CRS with GDAL's coordinate transformation,
//! polygons written as a layer.

mod land_cover;
mod land_cover_reader;
mod layer;
mod lines;
mod polygon_layer;

pub use land_cover::{LandCover, LandCoverFields, LandCoverSchema, SourcePolygon, Unmapped};
pub use land_cover_reader::read_land_cover;
pub use layer::{
    bounds_in, layer_name, srs_from_epsg, srs_from_wkt, transform_points, LayerRef, VectorError,
};
pub use lines::{read_lines, SourceLine};
pub use polygon_layer::write_polygons;
