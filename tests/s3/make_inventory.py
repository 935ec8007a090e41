"""An AWS S3 Inventory report (CSV) of the files under a local folder, as
if they were in s3://BUCKET/PREFIX/, in the layout and format S3 writes
(docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html):
OUT/inventory/BUCKET/daily/TIMESTAMP/manifest.json naming gzipped CSV files
in OUT/inventory/BUCKET/daily/data/, every field quoted, keys URL-encoded.
It also lists objects outside the prefix, an old version and a delete
marker, which a reader must leave out. Prints the manifest's path.

    python3 make_inventory.py DIR OUT BUCKET PREFIX DESTINATION_BUCKET

For tests/listing.rs and tests/object_storage.rs (standard library only).
"""
import csv, gzip, json, os, sys, urllib.parse
data, out, bucket, prefix, destination = sys.argv[1:6]
rows = []
for folder, _, files in os.walk(data):
    for name in files:
        rel = os.path.relpath(os.path.join(folder, name), data)
        size = os.path.getsize(os.path.join(folder, name))
        rows.append([bucket, prefix + "/" + rel, "", "true", "false", str(size)])
rows.append([bucket, "elsewhere/s2/x.tif", "", "true", "false", "1"])
rows.append([bucket, prefix + "-other/labels/y.json", "", "true", "false", "1"])
rows.append([bucket, prefix + "/s2/old version.tif", "v1", "false", "false", "1"])
rows.append([bucket, prefix + "/labels/deleted.json", "v2", "true", "true", "0"])
rows.sort(key=lambda r: r[1])
config = os.path.join(out, "inventory", bucket, "daily")
os.makedirs(os.path.join(config, "data"))
os.makedirs(os.path.join(config, "2026-11-26T01-00Z"))
files = []
for i in range(2):
    name = "data/part-%d.csv.gz" % i
    with gzip.open(os.path.join(config, name), "wt", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        for row in rows[i::2]:
            row = list(row)
            row[1] = urllib.parse.quote_plus(row[1], safe="/")
            writer.writerow(row)
    key = "inventory/%s/daily/%s" % (bucket, name)
    files.append({"key": key, "size": os.path.getsize(os.path.join(config, name)), "MD5checksum": "0"})
manifest = {
    "sourceBucket": bucket,
    "destinationBucket": "arn:aws:s3:::" + destination,
    "version": "2016-11-30",
    "creationTimestamp": "1764118800000",
    "fileFormat": "CSV",
    "fileSchema": "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size",
    "files": files,
}
path = os.path.join(config, "2026-11-26T01-00Z", "manifest.json")
with open(path, "w") as f:
    json.dump(manifest, f, indent=2)
print(path)
