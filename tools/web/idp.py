#!/usr/bin/env python3
"""A real OpenID Connect provider on loopback for Taper's tests: nanoidp (PyPI), run from `.venv-idp`.

  idp.py serve --dir D --port P --redirect URI [--secret S]
      Writes nanoidp's configuration into D (one client `taper` for the redirect URIs, one user per Taper role:
      prescriber, pharmacist, nurse, admin, and `visitor` with no Taper role; each user's password is its name
      followed by `-pw`) and runs the provider in the foreground on 127.0.0.1:P, issuer http://127.0.0.1:P.
      Its signing key is D/keys/rsa_private.pem once it has started (the tests forge tokens with a second key).
      PKCE S256 is required for the client (nanoidp's `oauth21` profile).

  idp.py keygen
      Prints a new 2048-bit RSA private key in PEM: not the provider's, for tokens the tests forge.

  idp.py login --url AUTHORIZATION_URL --user U --password PW
      Signs in as a browser would: opens the authorization URL, posts the login form, and prints the redirect
      back to the client (`<redirect URI>?code=…&state=…`) on one line. Exit status 1 (and the provider's page
      on standard error) when the provider does not redirect.
"""
import argparse
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ROLES = {
    "prescriber": ["prescriber"],
    "pharmacist": ["pharmacist"],
    "nurse": ["nurse"],
    "admin": ["admin"],
    "visitor": ["USER"],
}
NAMES = {
    "prescriber": "Dr Ada Prescriber",
    "pharmacist": "Pat Pharmacist",
    "nurse": "Nell Nurse",
    "admin": "Adam Admin",
    "visitor": "Vic Visitor",
}


def quoted(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def serve(args):
    config = os.path.join(args.dir, "config")
    os.makedirs(os.path.join(config, "keys"), exist_ok=True)
    issuer = f"http://127.0.0.1:{args.port}"
    with open(os.path.join(config, "settings.yaml"), "w") as f:
        f.write(f"""config_version: 1
security_profile: oauth21
server:
  host: "127.0.0.1"
  port: {args.port}
oauth:
  issuer: {quoted(issuer)}
  audience: "taper"
  token_expiry_minutes: 60
  require_pkce: true
  clients:
    - client_id: "taper"
      client_secret: {quoted(args.secret)}
      redirect_uris:
""" + "".join(f"        - {quoted(r)}\n" for r in args.redirect) + f"""jwt:
  keys_dir: {quoted(os.path.join(config, "keys"))}
""")
    with open(os.path.join(config, "users.yaml"), "w") as f:
        f.write("config_version: 1\nusers:\n")
        for user, roles in ROLES.items():
            f.write(f"  {user}:\n    password: {quoted(user + '-pw')}\n")
            f.write(f"    email: {quoted(user + '@hospital.example')}\n")
            f.write(f"    name: {quoted(NAMES[user])}\n")
            f.write("    roles:\n" + "".join(f"      - {quoted(r)}\n" for r in roles))
    python = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".venv-idp", "bin", "python")
    log = open(os.path.join(args.dir, "nanoidp.log"), "w")
    provider = subprocess.Popen(
        [python, "-m", "nanoidp", "--config", config, "--host", "127.0.0.1", "--port", str(args.port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    parent = os.getppid()

    def stop(*_):
        provider.terminate()
        try:
            provider.wait(timeout=10)
        except subprocess.TimeoutExpired:
            provider.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Stopped with the tests that started it, however they end: when its parent is gone, so is the provider.
    while provider.poll() is None:
        if os.getppid() != parent:
            stop()
        time.sleep(0.2)
    sys.exit(provider.returncode or 1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def login(args):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(args.url, timeout=10).read().decode()
    match = re.search(r'name="transaction_id" value="([^"]+)"', page)
    fields = {"username": args.user, "password": args.password}
    if match:
        fields["transaction_id"] = match.group(1)
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(args.url, data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        response = opener.open(request, timeout=10)
        sys.stderr.write(response.read().decode(errors="replace")[:4000])
        return 1
    except urllib.error.HTTPError as e:
        if e.code in (301, 302, 303, 307) and e.headers.get("Location"):
            print(e.headers["Location"])
            return 0
        sys.stderr.write(f"HTTP {e.code}\n" + e.read().decode(errors="replace")[:4000])
        return 1


def keygen():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sys.stdout.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()).decode())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("serve")
    s.add_argument("--dir", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--redirect", required=True, action="append", help="a redirect URI of the client (repeatable)")
    s.add_argument("--secret", default="taper-test-client-secret-0123456789")
    commands.add_parser("keygen")
    l = commands.add_parser("login")
    l.add_argument("--url", required=True)
    l.add_argument("--user", required=True)
    l.add_argument("--password", required=True)
    args = parser.parse_args()
    if args.command == "serve":
        serve(args)
    elif args.command == "keygen":
        keygen()
    else:
        sys.exit(login(args))


if __name__ == "__main__":
    main()
