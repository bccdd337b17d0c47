"""What Flask (Debian's python3-flask, Werkzeug's multipart parser) made of a multipart/form-data upload: every form
field and every file with its name, content type, size and SHA-256, as JSON.
Run: /usr/bin/python3 upload_app.py PORT  (Werkzeug logs every request on stderr)."""
import hashlib
import sys

from flask import Flask, request

app = Flask(__name__)


@app.post("/upload")
def upload():
    return {
        "fields": [[name, value] for name, value in request.form.items(multi=True)],
        "files": [{"field": field, "filename": f.filename, "contentType": f.content_type,
                   "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                  for field, f in request.files.items(multi=True) for data in [f.read()]],
    }


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
