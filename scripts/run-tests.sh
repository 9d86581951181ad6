#!/usr/bin/env bash
# Runs every test suite with Node's test runner. Where a private Secret Service can be
# started (Linux with dbus-run-session and gnome-keyring) and none answers already,
# the suites run inside one, with a throwaway unlocked keyring, so the tests that need a
# real OS keychain run too; a developer's own keyring is never touched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

run_suites() {
  # Every test gets a temp folder of this run's own, so whatever one leaves behind is seen:
  # it is named, removed, and fails the run. A test cleans up after itself.
  local tmp status=0
  tmp=$(mktemp -d)
  # A test that hangs fails after two minutes, and a whole run that hangs (a test file whose
  # process never exits) is stopped after 25: neither can hold CI until its deadline.
  # (Not --test-force-exit: it ends a file before its later-registered suites have run.)
  # JITI_FS_CACHE: electron-builder loads its configuration through jiti, which would
  # otherwise keep a compile cache in the temp folder for good.
  TMPDIR="$tmp" JITI_FS_CACHE=false timeout --kill-after=30s 25m \
    node --test --test-concurrency=2 --test-timeout=120000 "test/**/*.test.ts" || status=$?
  local leftovers
  leftovers=$(find "$tmp" -mindepth 1 -maxdepth 1 -printf '  %f\n' | sort)
  rm -rf "$tmp"
  if [[ -n $leftovers ]]; then
    printf 'run-tests: tests left these in the temp folder (removed now):\n%s\n' "$leftovers" >&2
    status=1
  fi
  return "$status"
}

with_private_keyring() {
  set -euo pipefail
  # Not local: the EXIT trap below runs after this function has returned.
  keyring_dir=$(mktemp -d)
  printf %s airlock-test |
    XDG_DATA_HOME="$keyring_dir" XDG_RUNTIME_DIR="$keyring_dir" \
      gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
  keyring_pid=$!
  trap 'kill "$keyring_pid" 2>/dev/null || true; wait "$keyring_pid" 2>/dev/null || true; rm -rf "$keyring_dir"' EXIT
  # The daemon claims its bus name shortly after it starts; wait, so that the first test
  # does not D-Bus-activate a second, locked daemon.
  local attempt
  for attempt in $(seq 100); do
    if dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
      break
    fi
    if ((attempt == 100)); then
      printf 'run-tests: the private Secret Service did not start\n' >&2
      exit 1
    fi
    sleep 0.1
  done
  run_suites
}

secret_service_answers() {
  command -v dbus-send >/dev/null &&
    dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true
}

if [[ $(uname -s) == Linux ]] && ! secret_service_answers &&
  command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  export -f run_suites with_private_keyring
  exec dbus-run-session -- bash -c with_private_keyring
fi
run_suites
