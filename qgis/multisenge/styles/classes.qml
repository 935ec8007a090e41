<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis maxScale="0" minScale="1e+08" hasScaleBasedVisibilityFlag="0" version="3.22.16-Białowieża" styleCategories="AllStyleCategories">
  <flags>
    <Identifiable>1</Identifiable>
    <Removable>1</Removable>
    <Searchable>1</Searchable>
    <Private>0</Private>
  </flags>
  <temporal mode="0" fetchMode="0" enabled="0">
    <fixedRange>
      <start></start>
      <end></end>
    </fixedRange>
  </temporal>
  <customproperties>
    <Option type="Map">
      <Option value="Value" name="identify/format" type="QString"/>
    </Option>
  </customproperties>
  <pipe-data-defined-properties>
    <Option type="Map">
      <Option value="" name="name" type="QString"/>
      <Option name="properties"/>
      <Option value="collection" name="type" type="QString"/>
    </Option>
  </pipe-data-defined-properties>
  <pipe>
    <provider>
      <resampling maxOversampling="2" zoomedOutResamplingMethod="nearestNeighbour" zoomedInResamplingMethod="nearestNeighbour" enabled="false"/>
    </provider>
    <rasterrenderer alphaBand="-1" opacity="1" band="1" nodataColor="" type="paletted">
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <colorPalette>
        <paletteEntry value="1" color="#e6004d" alpha="255" label="Dense built-up"/>
        <paletteEntry value="2" color="#ff6666" alpha="255" label="Sparse built-up"/>
        <paletteEntry value="3" color="#cc4df2" alpha="255" label="Specialized built-up areas"/>
        <paletteEntry value="4" color="#ffa6ff" alpha="255" label="Specialized but vegetative areas"/>
        <paletteEntry value="5" color="#808080" alpha="255" label="Large scale networks"/>
        <paletteEntry value="6" color="#ffffa8" alpha="255" label="Arable lands"/>
        <paletteEntry value="7" color="#e68000" alpha="255" label="Vineyards"/>
        <paletteEntry value="8" color="#f2a64d" alpha="255" label="Orchards"/>
        <paletteEntry value="9" color="#ccf24d" alpha="255" label="Grasslands"/>
        <paletteEntry value="10" color="#80ff00" alpha="255" label="Groves and hedges"/>
        <paletteEntry value="11" color="#008c00" alpha="255" label="Forests"/>
        <paletteEntry value="12" color="#cccccc" alpha="255" label="Open spaces and mineral"/>
        <paletteEntry value="13" color="#a6a6ff" alpha="255" label="Wetlands"/>
        <paletteEntry value="14" color="#00ccf2" alpha="255" label="Water surfaces"/>
      </colorPalette>
    </rasterrenderer>
    <brightnesscontrast brightness="0" gamma="1" contrast="0"/>
    <huesaturation colorizeRed="255" invertColors="0" saturation="0" grayscaleMode="0" colorizeBlue="128" colorizeStrength="100" colorizeOn="0" colorizeGreen="128"/>
    <rasterresampler maxOversampling="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
