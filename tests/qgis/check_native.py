"""Checks what makes the provider feel native, on the algorithms QGIS
built from the descriptors: an icon of its own for the provider and each
algorithm, the help URL of the job's documentation, a help text for every
parameter, the descriptor types as their Processing parameter classes (a
profile as a file plus the list of bundled names).

usage: check_native.py PLUGIN_DIR DESCRIPTORS.json
"""
import json
import os
import sys

from qgis.core import QgsProcessingParameterEnum, QgsProcessingParameterFile

from qgis_session import start_with_provider  # noqa: E402

app, provider = start_with_provider(sys.argv[1])
with open(sys.argv[2]) as f:
    descriptors = {d["id"]: d for d in json.load(f)["algorithms"]}
assert provider.svgIconPath().endswith("/icons/multisenge.svg"), provider.svgIconPath()
assert not provider.icon().isNull()
algorithms = {a.name(): a for a in provider.algorithms()}
assert sorted(algorithms) == sorted(descriptors), (sorted(algorithms), sorted(descriptors))
for name, algorithm in algorithms.items():
    d = descriptors[name]
    assert algorithm.svgIconPath().endswith("/icons/{}.svg".format(name)), algorithm.svgIconPath()
    assert os.path.isfile(algorithm.svgIconPath()) and not algorithm.icon().isNull()
    assert algorithm.helpUrl() == d["help_url"] and algorithm.helpUrl().startswith("https://")
    for definition in algorithm.parameterDefinitions():
        assert definition.help(), "{}: {} has no help".format(name, definition.name())
    profiles = 0
    for p in d["parameters"]:
        if p["type"] == "file" and p.get("options"):
            # A profile: the parameter takes a file (or a name, as `run`),
            # the bundled names offered beside it.
            file = algorithm.parameterDefinition(p["name"])
            names = algorithm.parameterDefinition(p["name"] + "_BUNDLED")
            assert isinstance(file, QgsProcessingParameterFile), type(file)
            assert "*.toml" in file.fileFilter(), file.fileFilter()
            assert isinstance(names, QgsProcessingParameterEnum), type(names)
            assert names.options() == p["options"] and names.usesStaticStrings()
            profiles += 1
    # Every job but `rules` takes a dataset or a generalization profile;
    # `triplets` both a triplets profile and a dataset profile.
    assert profiles == {"rules": 0, "triplets": 2}.get(name, 1), (name, profiles)
    assert d["help"] in algorithm.shortHelpString()
print("OK {} algorithms".format(len(algorithms)))
sys.stdout.flush()
os._exit(0)
