"""An AWS S3 Inventory report (CSV) of the files under a local folder, as
if they were in s3://BUCKET/PREFIX/, in the layout and format S3 writes
(docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html):
OUT/inventory/BUCKET/daily/TIMESTAMP/manifest.json naming gzipped CSV files
in OUT/inventory/BUCKET/daily/data/, every field quoted, keys URL-encoded.
It also lists objects outside the prefix, an old version and a delete
marker, which a reader must leave out. Prints the manifest's path.

    python3 make_inventory.py DIR OUT BUCKET PREFIX DESTINATION_BUCKET [stamps]

With `stamps`, the fileSchema also has LastModifiedDate (ISO 8601 UTC, with
milliseconds, as S3 writes it: the file's modification time) and ETag (the
MD5 of the content in hexadecimal, what S3 gives an object uploaded in one
PUT).

For tests/listing.rs and tests/object_storage.rs (standard library only).
"""
import csv, datetime, gzip, hashlib, json, os, sys, urllib.parse
data, out, bucket, prefix, destination = sys.argv[1:6]
stamps = sys.argv[6:7] == ["stamps"]
rows = []


def stamped(row, path=None):
    if not stamps:
        return row
    if path is None:
        return row + ["2026-11-25T10:00:00.000Z", "0123456789abcdef0123456789abcdef"]
    when = datetime.datetime.fromtimestamp(int(os.path.getmtime(path)), datetime.timezone.utc)
    with open(path, "rb") as f:
        etag = hashlib.md5(f.read()).hexdigest()
    return row + [when.strftime("%Y-%m-%dT%H:%M:%S.000Z"), etag]


for folder, _, files in os.walk(data):
    for name in files:
        path = os.path.join(folder, name)
        rel = os.path.relpath(path, data)
        size = os.path.getsize(path)
        rows.append(stamped([bucket, prefix + "/" + rel, "", "true", "false", str(size)], path))
rows.append(stamped([bucket, "elsewhere/s2/x.tif", "", "true", "false", "1"]))
rows.append(stamped([bucket, prefix + "-other/labels/y.json", "", "true", "false", "1"]))
rows.append(stamped([bucket, prefix + "/s2/old version.tif", "v1", "false", "false", "1"]))
rows.append(stamped([bucket, prefix + "/labels/deleted.json", "v2", "true", "true", "0"]))
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
    "fileSchema": "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size"
    + (", LastModifiedDate, ETag" if stamps else ""),
    "files": files,
}
path = os.path.join(config, "2026-11-26T01-00Z", "manifest.json")
with open(path, "w") as f:
    json.dump(manifest, f, indent=2)
print(path)
