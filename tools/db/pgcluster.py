#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster on loopback for Taper's tests (Debian's postgresql package).

  pgcluster.py serve --dir D --port P --password-file F [--user taper] [--database taper]
      initdb in D/data (user USER, password from F, scram-sha-256 for every connection), then runs postgres in
      the foreground on 127.0.0.1:P with its socket in D. Prints "ready" on standard output when the database
      DATABASE accepts connections. Stops the server (fast shutdown) on SIGTERM or SIGINT, or when its parent
      process is gone, and removes D/data.

initdb and postgres refuse to run as root; run as root (as CI does), both run as the `postgres` user through
runuser, and D is given to that user.
"""
import argparse
import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time


def bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL is not installed: bash scripts/setup (apt-get install postgresql)")
    return os.path.dirname(found[-1])


def as_cluster_user(argv):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + argv
    return argv


def serve(args):
    bin_ = bindir()
    data = os.path.join(args.dir, "data")
    os.makedirs(args.dir, exist_ok=True)
    pwfile = os.path.join(args.dir, "pwfile")
    shutil.copyfile(args.password_file, pwfile)
    os.chmod(pwfile, 0o600)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(args.dir, user.pw_uid, user.pw_gid)
        os.chown(pwfile, user.pw_uid, user.pw_gid)
        os.chmod(args.dir, 0o700)
    log = open(os.path.join(args.dir, "postgres.log"), "w")
    subprocess.run(
        as_cluster_user([os.path.join(bin_, "initdb"), "-D", data, "-U", args.user, "--pwfile", pwfile,
                         "--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C.UTF-8"]),
        check=True, stdout=log, stderr=subprocess.STDOUT)
    server = subprocess.Popen(
        as_cluster_user([os.path.join(bin_, "postgres"), "-D", data, "-p", str(args.port), "-k", args.dir,
                         "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"]),
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    parent = os.getppid()

    def stop(*_):
        if server.poll() is None:
            subprocess.run(as_cluster_user([os.path.join(bin_, "pg_ctl"), "-D", data, "stop", "-m", "fast", "-w"]),
                           stdout=log, stderr=subprocess.STDOUT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(args.dir, ignore_errors=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    env = dict(os.environ, PGPASSWORD=open(args.password_file).read().strip())
    deadline = time.time() + 60
    ready = False
    while time.time() < deadline and server.poll() is None:
        r = subprocess.run([os.path.join(bin_, "pg_isready"), "-h", "127.0.0.1", "-p", str(args.port)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode == 0:
            ready = True
            break
        time.sleep(0.1)
    if not ready:
        log.flush()
        sys.stderr.write(open(os.path.join(args.dir, "postgres.log")).read()[-3000:])
        stop()
    if args.database != "postgres":
        subprocess.run([os.path.join(bin_, "createdb"), "-h", "127.0.0.1", "-p", str(args.port), "-U", args.user,
                        args.database], check=True, env=env)
    print("ready", flush=True)
    while server.poll() is None:
        if os.getppid() != parent:
            stop()
        time.sleep(0.2)
    stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("serve")
    s.add_argument("--dir", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--password-file", required=True)
    s.add_argument("--user", default="taper")
    s.add_argument("--database", default="taper")
    args = parser.parse_args()
    serve(args)


if __name__ == "__main__":
    main()
