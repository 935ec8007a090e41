<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" minScale="1e+08" maxScale="0" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0">
  <flags>
    <Identifiable>1</Identifiable>
    <Removable>1</Removable>
    <Searchable>1</Searchable>
    <Private>0</Private>
  </flags>
  <temporal mode="0" enabled="0" fetchMode="0">
    <fixedRange>
      <start></start>
      <end></end>
    </fixedRange>
  </temporal>
  <customproperties>
    <Option type="Map">
      <Option type="QString" name="identify/format" value="Value"/>
    </Option>
  </customproperties>
  <pipe-data-defined-properties>
    <Option type="Map">
      <Option type="QString" name="name" value=""/>
      <Option name="properties"/>
      <Option type="QString" name="type" value="collection"/>
    </Option>
  </pipe-data-defined-properties>
  <pipe>
    <provider>
      <resampling enabled="false" maxOversampling="2" zoomedOutResamplingMethod="nearestNeighbour" zoomedInResamplingMethod="nearestNeighbour"/>
    </provider>
    <rasterrenderer type="paletted" band="1" alphaBand="-1" opacity="1" nodataColor="">
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <colorPalette>
        <paletteEntry label="Dense built-up" color="#e6004d" alpha="255" value="1"/>
        <paletteEntry label="Sparse built-up" color="#ff6666" alpha="255" value="2"/>
        <paletteEntry label="Specialized built-up areas" color="#cc4df2" alpha="255" value="3"/>
        <paletteEntry label="Specialized but vegetative areas" color="#ffa6ff" alpha="255" value="4"/>
        <paletteEntry label="Large scale networks" color="#808080" alpha="255" value="5"/>
        <paletteEntry label="Arable lands" color="#ffffa8" alpha="255" value="6"/>
        <paletteEntry label="Vineyards" color="#e68000" alpha="255" value="7"/>
        <paletteEntry label="Orchards" color="#f2a64d" alpha="255" value="8"/>
        <paletteEntry label="Grasslands" color="#ccf24d" alpha="255" value="9"/>
        <paletteEntry label="Groves and hedges" color="#80ff00" alpha="255" value="10"/>
        <paletteEntry label="Forests" color="#008c00" alpha="255" value="11"/>
        <paletteEntry label="Open spaces and mineral" color="#cccccc" alpha="255" value="12"/>
        <paletteEntry label="Wetlands" color="#a6a6ff" alpha="255" value="13"/>
        <paletteEntry label="Water surfaces" color="#00ccf2" alpha="255" value="14"/>
      </colorPalette>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation colorizeRed="255" colorizeOn="0" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100" invertColors="0" grayscaleMode="0" saturation="0"/>
    <rasterresampler maxOversampling="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
