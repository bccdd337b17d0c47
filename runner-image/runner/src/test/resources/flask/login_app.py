"""A small Flask shop with a form login, as a Locust user meets one: GET /login sets a session cookie and puts a
CSRF token in the form, POST /login checks both and answers 302 to /account, later pages need the session.
Run: /usr/bin/python3 login_app.py PORT  (Debian's python3-flask). Werkzeug logs every request on stderr."""
import secrets
import sys

from flask import Flask, abort, redirect, request, session

app = Flask(__name__)
app.secret_key = secrets.token_bytes(16)
USERS = {"ann": "secret", "bob": "secret"}


@app.get("/login")
def login_form():
    session["csrf"] = secrets.token_hex(16)
    return ('<form method="post" action="/login">'
            f'<input type="hidden" name="csrf_token" value="{session["csrf"]}">'
            '<input name="username"><input name="password" type="password"></form>')


@app.post("/login")
def login():
    if not session.get("csrf") or request.form.get("csrf_token") != session.get("csrf"):
        abort(400, "bad CSRF token")
    if USERS.get(request.form.get("username")) != request.form.get("password"):
        abort(401, "bad credentials")
    session.pop("csrf")
    session["user"] = request.form["username"]
    return redirect("/account", 302)


def signed_in():
    if "user" not in session:
        abort(401, "not signed in")
    return session["user"]


@app.get("/account")
def account():
    return f"Signed in as {signed_in()}"


@app.get("/items/<int:item>")
def item(item):
    return {"item": item, "user": signed_in()}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
