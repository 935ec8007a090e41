"""An S3-protocol server for tests/object_storage.rs: moto in server mode,
with every request logged (method, path and query, status, Range header,
bytes sent) so that the test counts requests and bytes from the server's
side, independently of GDAL.

    python moto_s3.py serve LOG      # prints "PORT <n>" once listening
    python moto_s3.py upload ENDPOINT BUCKET DIR PREFIX

INITIAL_NO_AUTH_ACTION_COUNT=0 in the environment makes moto check
credentials (every request with unknown keys is refused).

Runs in the virtual environment scripts/install-deps.sh makes (target/venv).
"""

import json
import os
import sys
import threading


def serve(log_path):
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    inner = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()
    log = open(log_path, "a", buffering=1, encoding="utf-8")

    def app(environ, start_response):
        seen = {}

        def respond(status, headers, exc_info=None):
            seen["status"] = int(status.split()[0])
            return start_response(status, headers, exc_info)

        body = inner(environ, respond)
        sent = 0
        try:
            for chunk in body:
                sent += len(chunk)
                yield chunk
        finally:
            if hasattr(body, "close"):
                body.close()
            query = environ.get("QUERY_STRING", "")
            record = {
                "method": environ["REQUEST_METHOD"],
                "path": environ.get("PATH_INFO", "") + ("?" + query if query else ""),
                "status": seen.get("status", 0),
                "range": environ.get("HTTP_RANGE", ""),
                "bytes": sent,
            }
            with lock:
                log.write(json.dumps(record) + "\n")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


def upload(endpoint, bucket, root, prefix):
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket=bucket)
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            key = prefix + "/" + os.path.relpath(path, root)
            s3.upload_file(path, bucket, key)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    elif sys.argv[1] == "upload":
        upload(*sys.argv[2:6])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
