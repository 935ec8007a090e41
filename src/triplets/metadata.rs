//! What `multisenge triplets` reads from a THEIA product's `MTD_ALL.xml`
//! (MUSCATE metadata, root element `Muscate_Metadata_Document`): the tile
//! (`Dataset_Identification/GEOGRAPHICAL_ZONE`, `T31UGQ`), the acquisition
//! date (`Product_Characteristics/ACQUISITION_DATE`,
//! `2020-07-31T10:49:16.123Z`), the product's cloud cover
//! (`Quality_Informations/Current_Product/…/QUALITY_INDEX[@name="CloudPercent"]`,
//! percent) and the reflectances' nodata
//! (`SPECIAL_VALUE[@name="nodata"]`, −10 000 when absent).

/// The metadata of a THEIA product.
#[derive(Clone, Debug, PartialEq)]
pub struct TheiaMetadata {
    /// Tile code without the `T` prefix.
    pub tile: String,
    /// `YYYYMMDD`.
    pub date: String,
    /// The product's cloud cover, percent.
    pub cloud_percent: f64,
    /// Nodata value of the reflectance bands.
    pub nodata: i16,
}

/// THEIA's nodata value of reflectances, when the metadata gives none.
pub const THEIA_NODATA: i16 = -10_000;

/// Parses `MTD_ALL.xml`; the error says which element is missing or wrong.
///
/// ```
/// use multisenge::triplets::metadata::parse;
/// let xml = r#"<Muscate_Metadata_Document>
///   <Dataset_Identification><GEOGRAPHICAL_ZONE type="Tile">T31UGQ</GEOGRAPHICAL_ZONE></Dataset_Identification>
///   <Product_Characteristics><ACQUISITION_DATE>2020-07-31T10:49:16.123Z</ACQUISITION_DATE></Product_Characteristics>
///   <Quality_Informations><Current_Product><Product_Quality_List level="N2"><Product_Quality>
///     <Global_Index_List><QUALITY_INDEX name="CloudPercent">12</QUALITY_INDEX></Global_Index_List>
///   </Product_Quality></Product_Quality_List></Current_Product></Quality_Informations>
/// </Muscate_Metadata_Document>"#;
/// let m = parse(xml).unwrap();
/// assert_eq!((m.tile.as_str(), m.date.as_str(), m.cloud_percent, m.nodata), ("31UGQ", "20200731", 12.0, -10000));
/// ```
pub fn parse(text: &str) -> Result<TheiaMetadata, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "Muscate_Metadata_Document" {
        return Err(format!(
            "root element <{}>, expected <Muscate_Metadata_Document>",
            root.tag_name().name()
        ));
    }
    let text_of = |node: roxmltree::Node| node.text().unwrap_or("").trim().to_string();
    let first = |name: &str| root.descendants().find(|n| n.has_tag_name(name));
    let zone = first("GEOGRAPHICAL_ZONE")
        .map(text_of)
        .ok_or("no <GEOGRAPHICAL_ZONE> (the tile)")?;
    let tile = zone.strip_prefix('T').unwrap_or(&zone).to_string();
    let stamp = first("ACQUISITION_DATE")
        .map(text_of)
        .ok_or("no <ACQUISITION_DATE>")?;
    let date: String = stamp.chars().take(10).filter(|c| *c != '-').collect();
    if date.len() != 8 || crate::model::naming::Date::parse(&date).is_err() {
        return Err(format!(
            "<ACQUISITION_DATE> `{stamp}` is not a date YYYY-MM-DDThh:mm:ss"
        ));
    }
    let is_cloud = |n: &roxmltree::Node| {
        n.has_tag_name("QUALITY_INDEX") && n.attribute("name") == Some("CloudPercent")
    };
    // The product's own index, not those of the products it was made from.
    let current = root
        .descendants()
        .find(|n| n.has_tag_name("Current_Product"))
        .and_then(|c| c.descendants().find(is_cloud));
    let cloud = current
        .or_else(|| root.descendants().find(is_cloud))
        .map(text_of)
        .ok_or("no <QUALITY_INDEX name=\"CloudPercent\">")?;
    let cloud_percent: f64 = cloud
        .parse()
        .ok()
        .filter(|v: &f64| (0.0..=100.0).contains(v))
        .ok_or_else(|| format!("CloudPercent `{cloud}` is not a percentage"))?;
    let nodata = root
        .descendants()
        .find(|n| n.has_tag_name("SPECIAL_VALUE") && n.attribute("name") == Some("nodata"))
        .map(|n| {
            let v = text_of(n);
            v.parse::<i16>()
                .map_err(|_| format!("nodata `{v}` is not a 16-bit integer"))
        })
        .transpose()?
        .unwrap_or(THEIA_NODATA);
    Ok(TheiaMetadata {
        tile,
        date,
        cloud_percent,
        nodata,
    })
}

/// A MUSCATE metadata document with the elements [`parse`] reads, as the
/// test-data generator writes it (with the other elements of a real
/// document left out).
pub fn document(product: &str, tile: &str, acquisition: &str, cloud_percent: f64) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Muscate_Metadata_Document>
  <Metadata_Identification>
    <METADATA_FORMAT version="1.16">METADATA_MUSCATE</METADATA_FORMAT>
    <METADATA_PROFILE>DISTRIBUTED</METADATA_PROFILE>
  </Metadata_Identification>
  <Dataset_Identification>
    <IDENTIFIER>{product}</IDENTIFIER>
    <AUTHORITY>THEIA</AUTHORITY>
    <PRODUCER>MUSCATE</PRODUCER>
    <PROJECT>SENTINEL2</PROJECT>
    <GEOGRAPHICAL_ZONE type="Tile">T{tile}</GEOGRAPHICAL_ZONE>
  </Dataset_Identification>
  <Product_Characteristics>
    <PRODUCT_ID>{product}</PRODUCT_ID>
    <ACQUISITION_DATE>{acquisition}</ACQUISITION_DATE>
    <PRODUCT_LEVEL>L2A</PRODUCT_LEVEL>
  </Product_Characteristics>
  <Radiometric_Informations>
    <REFLECTANCE_QUANTIFICATION_VALUE>10000</REFLECTANCE_QUANTIFICATION_VALUE>
    <Special_Values_List>
      <SPECIAL_VALUE name="nodata">-10000</SPECIAL_VALUE>
    </Special_Values_List>
  </Radiometric_Informations>
  <Quality_Informations>
    <Current_Product>
      <Product_Quality_List level="N2">
        <Product_Quality>
          <Global_Index_List>
            <QUALITY_INDEX name="CloudPercent">{cloud_percent}</QUALITY_INDEX>
            <QUALITY_INDEX name="SnowPercent">0</QUALITY_INDEX>
          </Global_Index_List>
        </Product_Quality>
      </Product_Quality_List>
    </Current_Product>
  </Quality_Informations>
</Muscate_Metadata_Document>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_document_reads_back() {
        let xml = document(
            "SENTINEL2A_20200731-104916-123_L2A_T31UGQ_C_V2-2",
            "31UGQ",
            "2020-07-31T10:49:16.123Z",
            9.5,
        );
        let m = parse(&xml).unwrap();
        assert_eq!(m.tile, "31UGQ");
        assert_eq!(m.date, "20200731");
        assert_eq!(m.cloud_percent, 9.5);
        assert_eq!(m.nodata, -10_000);
    }

    #[test]
    fn the_current_product_wins_and_errors_name_the_element() {
        let xml = r#"<Muscate_Metadata_Document>
          <GEOGRAPHICAL_ZONE>T31UGQ</GEOGRAPHICAL_ZONE>
          <ACQUISITION_DATE>2020-01-02T00:00:00Z</ACQUISITION_DATE>
          <Contributing_Products><QUALITY_INDEX name="CloudPercent">80</QUALITY_INDEX></Contributing_Products>
          <Current_Product><QUALITY_INDEX name="CloudPercent">3</QUALITY_INDEX></Current_Product>
        </Muscate_Metadata_Document>"#;
        assert_eq!(parse(xml).unwrap().cloud_percent, 3.0);
        let no_cloud = xml.replace("CloudPercent", "SnowPercent");
        assert!(parse(&no_cloud).unwrap_err().contains("CloudPercent"));
        let bad_date = xml.replace("2020-01-02", "2020-13-02");
        assert!(parse(&bad_date).unwrap_err().contains("ACQUISITION_DATE"));
        let bad_cloud = xml.replace(">3<", ">300<");
        assert!(parse(&bad_cloud).unwrap_err().contains("not a percentage"));
        assert!(parse("<a/>")
            .unwrap_err()
            .contains("Muscate_Metadata_Document"));
        assert!(parse("not xml").unwrap_err().starts_with("not XML"));
    }
}
