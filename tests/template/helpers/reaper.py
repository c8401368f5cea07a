#!/usr/bin/env python3
"""Runs a command as a child subreaper and reports how every process below it exited.

The real of-watchdog does not wait for its function process when it exits: the process is
re-parented (in a container, PID 1's exit ends it). To see the function's own exit code in a test,
this wrapper marks itself a child subreaper (Linux prctl PR_SET_CHILD_SUBREAPER), so orphans are
re-parented to it, and prints one JSON line per reaped process on stdout:
{"reaped": "watchdog"|"function", "pid": N, "code": N, "at": unix seconds}.
SIGTERM is passed on to the command. Exits with the command's exit code.
"""
import ctypes
import json
import os
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("reaper: prctl(PR_SET_CHILD_SUBREAPER) failed")
child = os.fork()
if child == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
signal.signal(signal.SIGTERM, lambda *_: os.kill(child, signal.SIGTERM))
code = 1
while True:
    try:
        pid, status = os.wait()
    except ChildProcessError:
        break
    exit_code = os.waitstatus_to_exitcode(status)
    name = "watchdog" if pid == child else "function"
    print(json.dumps({"reaped": name, "pid": pid, "code": exit_code, "at": time.time()}), flush=True)
    if pid == child:
        code = exit_code if exit_code >= 0 else 128 - exit_code
sys.exit(code)
